#!/usr/bin/env node
// The server is an ES module: Node resolves a relative import only with its file extension.
// This adds `.js` (or `/index.js` for a folder) to every relative import/export specifier that
// lacks one, in the TypeScript files under the given folders (default: src and test). It changes
// only specifiers that name an existing .ts file or folder index, so running it again changes
// nothing. A static import of a relative .json file also gets the `with { type: 'json' }` that Node's
// loader requires. Run from packages/server after bringing in code written without extensions:
//   node scripts/esm-imports.mjs            (or: node scripts/esm-imports.mjs src/some/folder)
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'test'];
const base = resolve(import.meta.dirname, '..');

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* tsFiles(path);
    } else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** The specifier with its extension, or null when it needs none (or names nothing we know). */
function withExtension(file, spec) {
  if (/\.(m?js|cjs|json|css|graphql)$/.test(spec)) return null;
  const target = resolve(dirname(file), spec);
  for (const [ext, out] of [
    ['.ts', '.js'],
    ['.tsx', '.js'],
    ['.mts', '.mjs'],
  ]) {
    if (existsSync(target + ext)) return spec + out;
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    for (const [ext, out] of [
      ['index.ts', 'index.js'],
      ['index.tsx', 'index.js'],
    ]) {
      if (existsSync(join(target, ext))) return `${spec.replace(/\/$/, '')}/${out}`;
    }
  }
  return null;
}

// `from '…'` (import/export … from), `import '…'` (side effect), `import('…')` (dynamic and type).
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*|\.{1,2})\2/g;

// `import x from './data.json'` without an import attribute (Node refuses JSON without one).
const JSON_IMPORT = /(\bimport\s[^;'"]*?\bfrom\s*(['"])\.{1,2}\/[^'"\n]*\.json\2)(\s*;)/g;

let changedFiles = 0;
let changedSpecifiers = 0;
for (const root of roots) {
  const dir = resolve(base, root);
  if (!existsSync(dir)) continue;
  for (const file of statSync(dir).isDirectory() ? tsFiles(dir) : [dir]) {
    const text = readFileSync(file, 'utf8');
    let n = 0;
    const next = text
      .replace(SPECIFIER, (whole, lead, quote, spec) => {
        const fixed = withExtension(file, spec);
        if (!fixed) return whole;
        n++;
        return `${lead}${quote}${fixed}${quote}`;
      })
      .replace(JSON_IMPORT, (whole, head, _quote, end) => {
        n++;
        return `${head} with { type: 'json' }${end}`;
      });
    if (n) {
      writeFileSync(file, next);
      changedFiles++;
      changedSpecifiers += n;
    }
  }
}
console.log(
  `esm-imports: ${changedSpecifiers} import(s) in ${changedFiles} file(s) given an extension or a JSON attribute`,
);
