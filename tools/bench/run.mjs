#!/usr/bin/env node
// Benchmarks: `pnpm bench` (all) or `node bench/run.mjs <name…>` from tools/.
// Names: tree fanout collab ingest web screens memory writes instances. `--quick` uses small sizes (smoke test; the docs
// are not written unless --write). Results go to docs/benchmarks.md, one section per benchmark.
// Exits non-zero when a benchmark throws or the harness errs; the last line is `N passed, N failed`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  installExitHandlers,
  runCleanups,
  machine,
  machineLine,
  orderSections,
  writeSection,
  ROOT,
  TOOLS,
} from '../lib/common.mjs';

const BENCHES = {
  tree: { title: '1. Strategy tree at scale', load: () => import('./tree.mjs') },
  fanout: { title: '2. Subscription fan-out', load: () => import('./fanout.mjs') },
  collab: { title: '3. Co-editing', load: () => import('./collab.mjs') },
  ingest: { title: '4. Ingestion', load: () => import('./ingest.mjs') },
  web: { title: '5. Web', load: () => import('./web.mjs') },
  memory: { title: '6. Memory', load: () => import('./memory.mjs') },
  screens: { title: '7. Every screen at scale', load: () => import('./screens.mjs') },
  writes: { title: '8. Writes with events on', load: () => import('./writes.mjs') },
  instances: { title: '9. Several instances', load: () => import('./instances.mjs') },
};

const DOC = join(ROOT, 'docs/benchmarks.md');
const HEADER = `# Benchmarks

Measured by \`tools/bench\` (issue 6). Every speed figure is a ratio against a baseline measured
**in the same run** on the same machine, because absolute times drift on shared machines; the
absolute numbers are shown for context only. Each section below is rewritten by its benchmark.

Run all: \`pnpm bench\` (from the repository root; needs the server built: \`pnpm build\`, and
for the web benchmark the web build and Debian's Chromium at \`/usr/bin/chromium\`).
Run one: \`cd tools && node bench/run.mjs tree\` (names: tree, fanout, collab, ingest, web, screens, memory, writes, instances).
`;

/** Counts of the run so far, so a harness error still ends with an honest closing line. */
const tally = { done: 0, harness: 0, current: null, finished: false };
const closingLine = () =>
  `${tally.done} passed, ${tally.harness} failed${tally.harness ? ` (harness errors)` : ''}`;

async function main() {
  installExitHandlers({
    onHarnessError: (what) => {
      console.log(`  HARNESS ERROR ${tally.current ?? 'runner'}: ${what}`);
      tally.harness++;
      console.log(closingLine());
    },
  });
  // Whatever ends this process early (a stray process.exit(0) in a library included) must not look like success.
  process.on('exit', (code) => {
    if (!tally.finished && code === 0) {
      console.error('harness error: the benchmark runner exited before it finished');
      process.exitCode = 1;
    }
  });
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  // `--fixture=<file>`: run a benchmark module from a file instead (tests of this runner; never writes the doc).
  const fixtures = args
    .filter((a) => a.startsWith('--fixture='))
    .map((a) => resolve(a.slice('--fixture='.length)))
    .map((file) => [
      basename(file).replace(/\.m?js$/, ''),
      { title: `fixture ${basename(file)}`, load: () => import(pathToFileURL(file).href) },
    ]);
  const benches = fixtures.length ? Object.fromEntries(fixtures) : BENCHES;
  const write = !fixtures.length && (!quick || args.includes('--write'));
  const names = args.filter((a) => !a.startsWith('--'));
  const selected = names.length ? names : Object.keys(benches);
  for (const n of selected)
    if (!benches[n]) throw new Error(`unknown benchmark ${n}; use ${Object.keys(benches).join(', ')}`);
  const m = machine();
  console.log(`machine: ${machineLine(m)}`);
  if (write && !existsSync(DOC)) writeFileSync(DOC, HEADER);
  // A full run's results are kept (committed beside the doc, so later runs can be compared field by
  // field); a quick run's go to results/quick, so `npm test` never overwrites the figures of a full run.
  const outDir = join(TOOLS, quick ? 'bench/results/quick' : 'bench/results');
  mkdirSync(outDir, { recursive: true });
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
    const b = benches[name];
    tally.current = name;
    console.log(`\n== ${b.title} ==`);
    const t0 = Date.now();
    try {
      const mod = await b.load();
      const result = await mod.run({ quick, log: (l) => console.log(`  ${l}`) });
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      writeFileSync(
        join(outDir, `${name}.json`),
        JSON.stringify({ machine: m, quick, seconds: Number(secs), result }, null, 2),
      );
      if (write) {
        writeSection(
          DOC,
          `bench:${name}`,
          `## ${b.title}\n\n${mod.markdown(result)}\n\nCommand: \`cd tools && node bench/run.mjs ${name}\` (${secs} s). Machine: ${machineLine(m)}.`,
          HEADER,
        );
      }
      tally.done++;
      console.log(`  done ${name} (${secs} s)`);
    } catch (e) {
      // A benchmark has no verdict of its own: when it throws, it could not measure (a harness error).
      tally.harness++;
      console.error(`  HARNESS ERROR ${name}: the benchmark threw before it could report: ${e?.stack ?? e}`);
    } finally {
      await runCleanups();
    }
  }
  tally.current = null;
  if (write) {
    orderSections(DOC, 'bench', Object.keys(BENCHES));
    console.log(`\nwrote ${DOC}`);
  }
  console.log(closingLine());
  process.exitCode = tally.harness ? 1 : 0;
}

main()
  .catch((e) => {
    console.error(`harness error: ${e?.stack ?? e}`);
    tally.harness++;
    console.log(closingLine());
    process.exitCode = 1;
  })
  .finally(async () => {
    await runCleanups();
    tally.finished = true;
    // Lingering sockets or timers must not keep a finished benchmark alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
