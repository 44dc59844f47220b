#!/usr/bin/env node
// Lint rule: every root resolver (@Query, @Mutation, @Subscription) carries an authorization
// decorator — @Authorized(...) or, for the few public fields (login), @Public(). A root field
// without one would be reachable by anyone, so this fails the lint.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../src', import.meta.url).pathname;
const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.resolver.ts')) files.push(p);
  }
};
walk(root);
const problems = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!/^\s*@(Query|Mutation|Subscription)\(/.test(line)) return;
    // Look at the decorator block around this line (decorators stack directly above the method).
    let j = i;
    while (j > 0 && /^\s*(@|\/\/|\*|\/\*\*)/.test(lines[j - 1])) j--;
    let k = i;
    while (k + 1 < lines.length && !/^\s*(async\s+)?[a-zA-Z_]+\s*\(/.test(lines[k + 1]) && k - i < 30) k++;
    const block = lines.slice(j, k + 1).join('\n');
    if (!/@Authorized\(|@Public\(\)/.test(block))
      problems.push(`${relative(process.cwd(), file)}:${i + 1}: root resolver without @Authorized(...) or @Public()`);
  });
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`lint-authorized: ${files.length} resolver files, every root field authorized`);
