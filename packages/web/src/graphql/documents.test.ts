import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * The app's operations live in `@throughline/shared/graphql` (typed, generated, validated there).
 * The few documents still written inline here (the CSV imports) are validated against the
 * server's committed SDL, so a renamed or missing field fails here instead of in a user's browser.
 */
const SRC = join(__dirname, '..');
const SCHEMA =
  process.env.THROUGHLINE_SCHEMA ?? join(__dirname, '..', '..', '..', 'server', 'schema.graphql');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Pulls the gql`…` literals out of the sources, resolving the few `${…}` constants they use. */
function documents(): { file: string; text: string }[] {
  const all = files(SRC).map((f) => ({ file: f, src: readFileSync(f, 'utf8') }));
  const constants = new Map<string, string>();
  for (const { src } of all) {
    for (const m of src.matchAll(/const (\w+) = `([^`]*)`;/g)) constants.set(m[1], m[2]);
    for (const m of src.matchAll(/export const (\w+) = gql`([^`]*)`;/g)) constants.set(m[1], m[2]);
  }
  const out: { file: string; text: string }[] = [];
  for (const { file, src } of all) {
    for (const m of src.matchAll(/gql`([^`]*)`/g)) {
      const text = m[1].replace(/\$\{(\w+)\}/g, (_, name: string) => constants.get(name) ?? '');
      if (/^\s*(query|mutation|subscription)/.test(text)) out.push({ file, text });
    }
  }
  return out;
}

describe('GraphQL documents', () => {
  const schema = buildSchema(readFileSync(SCHEMA, 'utf8'));
  const docs = documents();

  it('finds the inline documents', () => {
    expect(docs.length).toBeGreaterThan(0);
  });

  it('are valid against the server schema', () => {
    const problems: string[] = [];
    for (const d of docs) {
      let doc: DocumentNode;
      try {
        doc = parse(d.text);
      } catch (e) {
        problems.push(`${d.file}: ${(e as Error).message}`);
        continue;
      }
      const op = doc.definitions.find((x) => x.kind === 'OperationDefinition') as OperationDefinitionNode;
      for (const e of validate(schema, doc))
        problems.push(`${op.name?.value} (${d.file.replace(SRC, 'src')}): ${e.message}`);
    }
    expect(problems).toEqual([]);
  });
});
