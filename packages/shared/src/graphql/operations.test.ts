import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, parse, validate, visit, type DefinitionNode, type DocumentNode } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The operations in this folder are what the web app (and anyone else using this package) sends.
 * They must validate against the server's committed SDL, and the committed generated modules must
 * be what GraphQL Code Generator makes of them today: a renamed field or a stale type fails here,
 * not in a user's browser. `THROUGHLINE_SCHEMA` checks the operations against another SDL.
 */
const PKG = join(__dirname, '..', '..');
const DIR = __dirname;
const SCHEMA = process.env.THROUGHLINE_SCHEMA ?? join(PKG, '..', 'server', 'schema.graphql');

const operationFiles = readdirSync(DIR)
  .filter((f) => f.endsWith('.graphql'))
  .sort();
const generatedFiles = readdirSync(DIR)
  .filter((f) => f.endsWith('.generated.ts'))
  .sort();

describe('GraphQL operations', () => {
  const schema = buildSchema(readFileSync(SCHEMA, 'utf8'));
  const parsed = operationFiles.map((f) => ({ file: f, doc: parse(readFileSync(join(DIR, f), 'utf8')) }));
  const fragments = parsed.flatMap((p) => p.doc.definitions.filter((d) => d.kind === 'FragmentDefinition'));

  it('finds the operations', () => {
    const operations = parsed.flatMap((p) =>
      p.doc.definitions.filter((d) => d.kind === 'OperationDefinition'),
    );
    expect(operations.length).toBeGreaterThan(35);
  });

  it('each validates against the server schema', () => {
    const problems: string[] = [];
    for (const { file, doc } of parsed) {
      for (const def of doc.definitions) {
        if (def.kind !== 'OperationDefinition') continue;
        const used = fragmentsUsedBy(def, fragments);
        const single: DocumentNode = {
          kind: 'Document' as DocumentNode['kind'],
          definitions: [def, ...used],
        };
        for (const e of validate(schema, single)) problems.push(`${file} ${def.name?.value}: ${e.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('have unique names', () => {
    const names = parsed.flatMap((p) =>
      p.doc.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : [])),
    );
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe('generated TypeScript', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'throughline-codegen-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is up to date with the schema and the operations (pnpm --filter @throughline/shared codegen)', () => {
    for (const f of operationFiles) copyFileSync(join(DIR, f), join(tmp, f));
    const run = spawnSync(
      join(PKG, 'node_modules', '.bin', 'graphql-codegen'),
      ['--config', 'codegen.ts', '--silent'],
      {
        cwd: PKG,
        env: { ...process.env, CODEGEN_DIR: tmp },
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const fresh = readdirSync(tmp)
      .filter((f) => f.endsWith('.generated.ts'))
      .sort();
    expect(generatedFiles).toEqual(fresh);
    const stale = fresh.filter(
      (f) => readFileSync(join(tmp, f), 'utf8') !== readFileSync(join(DIR, f), 'utf8'),
    );
    expect(stale).toEqual([]);
  }, 120_000);

  it('is exported from index.ts, module by module', () => {
    const index = readFileSync(join(DIR, 'index.ts'), 'utf8');
    const missing = generatedFiles.filter((f) => !index.includes(`from './${f.replace(/\.ts$/, '')}'`));
    expect(missing).toEqual([]);
  });
});

/** The fragment definitions an operation spreads, directly or through other fragments. */
function fragmentsUsedBy(def: DefinitionNode, all: DefinitionNode[]): DefinitionNode[] {
  const byName = new Map(
    all.flatMap((f) => (f.kind === 'FragmentDefinition' ? [[f.name.value, f] as const] : [])),
  );
  const seen = new Map<string, DefinitionNode>();
  const walk = (node: DefinitionNode): void => {
    visit(node, {
      FragmentSpread(spread) {
        const f = byName.get(spread.name.value);
        if (f && !seen.has(spread.name.value)) {
          seen.set(spread.name.value, f);
          walk(f);
        }
      },
    });
  };
  walk(def);
  return [...seen.values()];
}
