#!/usr/bin/env node
// Reliability suite: `pnpm chaos` (full: checks 1–7, writes docs/reliability.md) or
// `node chaos/run.mjs --ci` (short versions of checks 1–6, a few minutes, what `npm test` runs).
// `node chaos/run.mjs <name…>` runs some checks (names below). Exits non-zero when a check fails;
// the last line is `N passed, N failed`.
import { join } from 'node:path';
import { installExitHandlers, machine, machineLine, orderSections, runCleanups, writeSection, ROOT } from '../lib/common.mjs';

const CHECKS = {
  kill: { title: '1. SIGKILL the server during co-editing and ingestion', load: () => import('./kill.mjs') },
  pgrestart: { title: '2. Restart PostgreSQL under load', load: () => import('./pg-restart.mjs') },
  audit: { title: '3. GraphQL-over-HTTP audit (graphql-http)', load: () => import('./audit.mjs') },
  fuzz: { title: '4. Fuzz', load: () => import('./fuzz.mjs') },
  authz: { title: '5. Authorization matrix', load: () => import('./authz.mjs') },
  abuse: { title: '6. Abuse', load: () => import('./abuse.mjs') },
  soak: { title: '7. Soak', load: () => import('./soak.mjs'), fullOnly: true },
};

const DOC = join(ROOT, 'docs/reliability.md');
const HEADER = `# Reliability

Checked by \`tools/chaos\` (issue 6) against the real server (\`packages/server/dist\`, built first),
as a child process on an embedded PostgreSQL the suite controls, all traffic on 127.0.0.1.
Each section below is rewritten by its check on a full run.

- Full suite (checks 1–7, about 15 minutes, writes this file): \`pnpm chaos\`
- CI version (checks 1–6, short, bounded to a few minutes; run by \`npm test\` through turbo): \`cd tools && node chaos/run.mjs --ci\`
- One check: \`cd tools && node chaos/run.mjs fuzz\` (names: kill, pgrestart, audit, fuzz, authz, abuse, soak)

No check asserts a duration: timeouts only bound how long a check may wait before it fails.
`;

async function main() {
  installExitHandlers();
  const args = process.argv.slice(2);
  const ci = args.includes('--ci');
  const write = args.includes('--write') || (!ci && !args.includes('--no-write'));
  const names = args.filter((a) => !a.startsWith('--'));
  const selected = names.length ? names : Object.keys(CHECKS).filter((n) => !(ci && CHECKS[n].fullOnly));
  for (const n of selected) if (!CHECKS[n]) throw new Error(`unknown check ${n}; use ${Object.keys(CHECKS).join(', ')}`);
  const m = machine();
  console.log(`reliability suite (${ci ? 'ci' : 'full'}): ${machineLine(m)}`);
  let passed = 0;
  let failed = 0;
  const t0 = Date.now();
  for (const name of selected) {
    const c = CHECKS[name];
    console.log(`\n== ${c.title} ==`);
    const start = Date.now();
    let result;
    try {
      const mod = await c.load();
      result = await mod.run({ ci, log: (l) => console.log(`  ${l}`) });
    } catch (e) {
      result = { pass: false, failures: [`crashed: ${e?.stack ?? e}`], markdown: `The check itself failed: \`${String(e?.message ?? e).slice(0, 500)}\`` };
    } finally {
      await runCleanups();
    }
    const secs = Math.round((Date.now() - start) / 1000);
    for (const f of result.failures ?? []) console.log(`  FAIL: ${f}`);
    console.log(`  ${result.pass ? 'PASS' : 'FAIL'} ${name} (${secs} s)`);
    if (result.pass) passed++;
    else failed++;
    if (write) {
      const status = result.pass ? '**pass**' : '**FAIL**';
      const failures = (result.failures ?? []).length ? `\n\nFailures:\n${result.failures.map((f) => `- ${f.split('\n')[0].slice(0, 400)}`).join('\n')}` : '';
      writeSection(
        DOC,
        `chaos:${name}`,
        `## ${c.title}: ${status}\n\n${result.markdown ?? ''}${failures}\n\nCommand: \`cd tools && node chaos/run.mjs ${name}\` (${ci ? 'CI size' : 'full size'}, ${secs} s). Machine: ${machineLine(m)}.`,
        HEADER,
      );
    }
  }
  if (write) orderSections(DOC, 'chaos', Object.keys(CHECKS));
  console.log(`\nreliability suite took ${Math.round((Date.now() - t0) / 1000)} s${write ? `; wrote ${DOC}` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main()
  .catch((e) => {
    console.error(e?.stack ?? e);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  })
  .finally(async () => {
    await runCleanups();
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
