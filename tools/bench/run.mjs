#!/usr/bin/env node
// Benchmarks: `pnpm bench` (all) or `node bench/run.mjs <name…>` from tools/.
// Names: tree fanout collab ingest web memory. `--quick` uses small sizes (smoke test; the docs
// are not written unless --write). Results go to docs/benchmarks.md, one section per benchmark.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installExitHandlers, runCleanups, machine, machineLine, orderSections, writeSection, ROOT, TOOLS } from '../lib/common.mjs';

const BENCHES = {
  tree: { title: '1. Strategy tree at scale', load: () => import('./tree.mjs') },
  fanout: { title: '2. Subscription fan-out', load: () => import('./fanout.mjs') },
  collab: { title: '3. Co-editing', load: () => import('./collab.mjs') },
  ingest: { title: '4. Ingestion', load: () => import('./ingest.mjs') },
  web: { title: '5. Web', load: () => import('./web.mjs') },
  memory: { title: '6. Memory', load: () => import('./memory.mjs') },
};

const DOC = join(ROOT, 'docs/benchmarks.md');
const HEADER = `# Benchmarks

Measured by \`tools/bench\` (issue 6). Every speed figure is a ratio against a baseline measured
**in the same run** on the same machine, because absolute times drift on shared machines; the
absolute numbers are shown for context only. Each section below is rewritten by its benchmark.

Run all: \`pnpm bench\` (from the repository root; needs the server built: \`pnpm build\`, and
for the web benchmark the web build and Debian's Chromium at \`/usr/bin/chromium\`).
Run one: \`cd tools && node bench/run.mjs tree\` (names: tree, fanout, collab, ingest, web, memory).
`;

async function main() {
  installExitHandlers();
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const write = !quick || args.includes('--write');
  const names = args.filter((a) => !a.startsWith('--'));
  const selected = names.length ? names : Object.keys(BENCHES);
  for (const n of selected) if (!BENCHES[n]) throw new Error(`unknown benchmark ${n}; use ${Object.keys(BENCHES).join(', ')}`);
  const m = machine();
  console.log(`machine: ${machineLine(m)}`);
  if (write && !existsSync(DOC)) writeFileSync(DOC, HEADER);
  const outDir = join(TOOLS, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  let failed = 0;
  // --render: rewrite the doc sections from the last results (bench/results/*.json) without measuring again.
  if (args.includes('--render')) {
    const { readFileSync } = await import('node:fs');
    for (const name of selected) {
      const file = join(outDir, `${name}.json`);
      if (!existsSync(file)) continue;
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      const mod = await BENCHES[name].load();
      writeSection(
        DOC,
        `bench:${name}`,
        `## ${BENCHES[name].title}\n\n${mod.markdown(saved.result)}\n\nCommand: \`cd tools && node bench/run.mjs ${name}\` (${saved.seconds} s). Machine: ${machineLine(saved.machine)}.`,
        HEADER,
      );
    }
    orderSections(DOC, 'bench', Object.keys(BENCHES));
    return;
  }
  for (const name of selected) {
    const b = BENCHES[name];
    console.log(`\n== ${b.title} ==`);
    const mod = await b.load();
    const t0 = Date.now();
    try {
      const result = await mod.run({ quick, log: (l) => console.log(`  ${l}`) });
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ machine: m, quick, seconds: Number(secs), result }, null, 2));
      if (write) {
        writeSection(
          DOC,
          `bench:${name}`,
          `## ${b.title}\n\n${mod.markdown(result)}\n\nCommand: \`cd tools && node bench/run.mjs ${name}\` (${secs} s). Machine: ${machineLine(m)}.`,
          HEADER,
        );
      }
    } catch (e) {
      failed++;
      console.error(`  ${name} failed: ${e?.stack ?? e}`);
    } finally {
      await runCleanups();
    }
  }
  if (write) {
    orderSections(DOC, 'bench', Object.keys(BENCHES));
    console.log(`\nwrote ${DOC}`);
  }
  process.exitCode = failed ? 1 : 0;
}

main()
  .catch((e) => {
    console.error(e?.stack ?? e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await runCleanups();
    // Lingering sockets or timers must not keep a finished benchmark alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
