import { buildSchema, findBreakingChanges } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printServerSchema } from './schema';

const here = __dirname;
const sharedContract = join(here, '..', '..', '..', '..', '..', 'shared', 'contract', 'partner.graphql');
const repoCopy = join(here, '..', '..', 'contract', 'partner.graphql');

describe('schema', () => {
  it('contains the partner contract with no breaking change', () => {
    const file = existsSync(sharedContract) ? sharedContract : repoCopy;
    const contract = buildSchema(readFileSync(file, 'utf8'));
    const server = buildSchema(printServerSchema());
    const breaking = findBreakingChanges(contract, server).map((b) => `${b.type}: ${b.description}`);
    expect(breaking).toEqual([]);
  });

  it('matches the committed schema.graphql (run `pnpm --filter @throughline/server schema:emit` after changing resolvers)', () => {
    const committed = readFileSync(join(here, '..', '..', 'schema.graphql'), 'utf8');
    expect(printServerSchema()).toBe(committed);
  });
});
