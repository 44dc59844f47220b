#!/usr/bin/env node
// Reliability suite: `pnpm chaos` (full: checks 1–9, writes docs/reliability.md) or
// `node chaos/run.mjs --ci` (short versions of checks 1–6, 8 and 9, what `npm test` runs).
// `node chaos/run.mjs <name…>` runs some checks (names below). Exits non-zero when a check fails
// or the harness itself errs (a check that throws, an uncaught exception); the last line is
// `N passed, N failed`. `--fixture=<file>` runs a check module from a file instead (tools/test).
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  installExitHandlers,
  machine,
  machineLine,
  orderSections,
  runCleanups,
  writeSection,
  ROOT,
} from '../lib/common.mjs';

const CHECKS = {
  kill: { title: '1. SIGKILL the server during co-editing and ingestion', load: () => import('./kill.mjs') },
  pgrestart: { title: '2. Restart PostgreSQL under load', load: () => import('./pg-restart.mjs') },
  audit: { title: '3. GraphQL-over-HTTP audit (graphql-http)', load: () => import('./audit.mjs') },
  fuzz: { title: '4. Fuzz', load: () => import('./fuzz.mjs') },
  authz: { title: '5. Authorization matrix', load: () => import('./authz.mjs') },
  abuse: { title: '6. Abuse', load: () => import('./abuse.mjs') },
  soak: { title: '7. Soak', load: () => import('./soak.mjs'), fullOnly: true },
  instances: { title: '8. Two instances, one killed mid-meeting', load: () => import('./instances.mjs') },
  collabfuzz: { title: '9. Hostile co-editing input', load: () => import('./collab-fuzz.mjs') },
};

const DOC = join(ROOT, 'docs/reliability.md');
const HEADER = `# Reliability

Checked by \`tools/chaos\` (issue 6) against the real server (\`packages/server/dist\`, built first),
as a child process on an embedded PostgreSQL the suite controls, all traffic on 127.0.0.1.
Each section below is rewritten by its check on a full run.

- Full suite (checks 1–9, about 20 minutes, writes this file): \`pnpm chaos\`
- CI version (checks 1–6, 8 and 9, short, bounded to a few minutes; run by \`npm test\` through turbo): \`cd tools && node chaos/run.mjs --ci\`
- One check: \`cd tools && node chaos/run.mjs fuzz\` (names: kill, pgrestart, audit, fuzz, authz, abuse, soak, instances, collabfuzz)

No check asserts a duration: timeouts only bound how long a check may wait before it fails.
`;

/** Counts of the run so far; a harness error in the middle still ends with an honest closing line. */
const tally = { passed: 0, failed: 0, harness: 0, current: null, finished: false };
const closingLine = () =>
  `${tally.passed} passed, ${tally.failed + tally.harness} failed${tally.harness ? ` (${tally.harness} of them harness errors)` : ''}`;

/**
 * A check's verdict: `pass` (true/false) with `failures` — a product failure is `pass: false`.
 * A check that throws, or returns no verdict, is a harness error: the check could not finish, so
 * it says nothing about the product either way; it is reported as such and fails the run.
 */
function harnessError(e) {
  return {
    harnessError: true,
    pass: false,
    failures: [`harness error: ${e?.stack ?? e}`],
    markdown: `The check itself failed (harness error): \`${String(e?.message ?? e).slice(0, 500)}\``,
  };
}

/** `--fixture=<path>`: run a check module from a file instead of the suite (tests of this runner). */
function fixtureChecks(args) {
  return args
    .filter((a) => a.startsWith('--fixture='))
    .map((a) => resolve(a.slice('--fixture='.length)))
    .map((file) => [
      basename(file).replace(/\.m?js$/, ''),
      { title: `fixture ${basename(file)}`, load: () => import(pathToFileURL(file).href) },
    ]);
}

async function main() {
  installExitHandlers({
    onHarnessError: (what) => {
      console.log(`  HARNESS ERROR ${tally.current ?? 'runner'}: ${what}`);
      tally.harness++;
      console.log(closingLine());
    },
  });
  // Whatever ends this process early (a stray process.exit(0) in a library included) must not look like a pass.
  process.on('exit', (code) => {
    if (!tally.finished && code === 0) {
      console.error('harness error: the reliability runner exited before the suite finished');
      process.exitCode = 1;
    }
  });
  const args = process.argv.slice(2);
  const ci = args.includes('--ci');
  const fixtures = fixtureChecks(args);
  const checks = fixtures.length ? Object.fromEntries(fixtures) : CHECKS;
  const write = !fixtures.length && (args.includes('--write') || (!ci && !args.includes('--no-write')));
  const names = args.filter((a) => !a.startsWith('--'));
  const selected = names.length ? names : Object.keys(checks).filter((n) => !(ci && checks[n].fullOnly));
  for (const n of selected)
    if (!checks[n]) throw new Error(`unknown check ${n}; use ${Object.keys(checks).join(', ')}`);
  const m = machine();
  console.log(`reliability suite (${ci ? 'ci' : 'full'}): ${machineLine(m)}`);
  const t0 = Date.now();
  for (const name of selected) {
    const c = checks[name];
    tally.current = name;
    console.log(`\n== ${c.title} ==`);
    const start = Date.now();
    let result;
    try {
      const mod = await c.load();
      result = await mod.run({ ci, log: (l) => console.log(`  ${l}`) });
      if (typeof result?.pass !== 'boolean')
        result = harnessError(
          new Error(`the check returned no verdict (${JSON.stringify(result)?.slice(0, 200)})`),
        );
    } catch (e) {
      result = harnessError(e);
    } finally {
      await runCleanups();
    }
    const secs = Math.round((Date.now() - start) / 1000);
    for (const f of result.failures ?? []) console.log(`  FAIL: ${f}`);
    console.log(
      `  ${result.pass ? 'PASS' : result.harnessError ? 'HARNESS ERROR' : 'FAIL'} ${name} (${secs} s)`,
    );
    if (result.pass) tally.passed++;
    else if (result.harnessError) tally.harness++;
    else tally.failed++;
    if (write) {
      const status = result.pass ? '**pass**' : result.harnessError ? '**HARNESS ERROR**' : '**FAIL**';
      const failures = (result.failures ?? []).length
        ? `\n\nFailures:\n${result.failures.map((f) => `- ${f.split('\n')[0].slice(0, 400)}`).join('\n')}`
        : '';
      writeSection(
        DOC,
        `chaos:${name}`,
        `## ${c.title}: ${status}\n\n${result.markdown ?? ''}${failures}\n\nCommand: \`cd tools && node chaos/run.mjs ${name}\` (${ci ? 'CI size' : 'full size'}, ${secs} s). Machine: ${machineLine(m)}.`,
        HEADER,
      );
    }
  }
  tally.current = null;
  if (write) orderSections(DOC, 'chaos', Object.keys(CHECKS));
  console.log(
    `\nreliability suite took ${Math.round((Date.now() - t0) / 1000)} s${write ? `; wrote ${DOC}` : ''}`,
  );
  console.log(closingLine());
  process.exitCode = tally.failed + tally.harness ? 1 : 0;
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
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
