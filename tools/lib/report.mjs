// Reporting helpers of the benchmarks and the reliability suite: the machine line, statistics,
// and the sections they write into docs/*.md. No server, no database: pure helpers.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ------------------------------------------------------------------ machine

export function machine() {
  const memGiB = (totalmem() / 2 ** 30).toFixed(1);
  let nproc = String(cpus().length);
  try {
    nproc = execSync('nproc').toString().trim();
  } catch {}
  let commit = '';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {}
  return {
    nproc,
    memGiB,
    cpu: cpus()[0]?.model ?? '?',
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
  };
}
export const machineLine = (m = machine()) =>
  `${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB RAM, Node ${m.node}, ${m.date}, commit ${m.commit}`;

// ------------------------------------------------------------------ statistics

export function percentile(values, p) {
  if (!values.length) return NaN;
  const s = Float64Array.from(values).sort();
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}
export function summary(values) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? values.reduce((a, b) => (b > a ? b : a), -Infinity) : NaN,
    mean: values.reduce((a, b) => a + b, 0) / (values.length || 1),
  };
}
export const ms = (v) =>
  Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ms' : 'n/a';
export const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(2) + '×' : 'n/a');
export const mib = (bytes) => (bytes / 2 ** 20).toFixed(0) + ' MiB';

// ------------------------------------------------------------------ docs

/**
 * Replaces the block between `<!-- key -->` and `<!-- /key -->` in a markdown file (appends it when
 * missing), so each benchmark or check rewrites its own section only.
 */
export function writeSection(file, key, content, header = '') {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const open = `<!-- ${key} -->`;
  const close = `<!-- /${key} -->`;
  const block = `${open}\n${content.trim()}\n${close}`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + close.length);
  else text = text.trimEnd() + '\n\n' + block + '\n';
  writeFileSync(file, text);
}

export function table(head, rows) {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function orderSections(file, prefix, keys) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const first = text.indexOf(`<!-- ${prefix}:`);
  if (first < 0) return;
  const head = text.slice(0, first).trimEnd();
  const blocks = [];
  for (const k of keys) {
    const open = `<!-- ${prefix}:${k} -->`;
    const close = `<!-- /${prefix}:${k} -->`;
    const a = text.indexOf(open);
    const b = text.indexOf(close);
    if (a >= 0 && b > a) blocks.push(text.slice(a, b + close.length));
  }
  writeFileSync(file, `${head}\n\n${blocks.join('\n\n')}\n`);
}
