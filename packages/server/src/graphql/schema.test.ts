import { buildSchema, findBreakingChanges } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printServerSchema } from './schema.js';

const here = import.meta.dirname;
/** The partner contract as this repository holds it; the contract test reads only this. */
const repoCopy = join(here, '..', '..', 'contract', 'partner.graphql');
/**
 * The source of truth for updates, when the repository is checked out beside the product docs
 * (../shared/contract): a new contract version is copied from there into contract/.
 */
const sharedContract = join(here, '..', '..', '..', '..', '..', 'shared', 'contract', 'partner.graphql');

describe('schema', () => {
  it('contains the partner contract (contract/partner.graphql) with no breaking change', () => {
    const contract = buildSchema(readFileSync(repoCopy, 'utf8'));
    const server = buildSchema(printServerSchema());
    const breaking = findBreakingChanges(contract, server).map((b) => `${b.type}: ${b.description}`);
    expect(breaking).toEqual([]);
  });

  it.runIf(existsSync(sharedContract))(
    'holds the same contract as ../shared/contract (copy it into contract/ after an update there)',
    () => {
      expect(readFileSync(repoCopy, 'utf8')).toBe(readFileSync(sharedContract, 'utf8'));
    },
  );

  it('matches the committed schema.graphql (run `pnpm --filter @throughline/server schema:emit` after changing resolvers)', () => {
    const committed = readFileSync(join(here, '..', '..', 'schema.graphql'), 'utf8');
    expect(printServerSchema()).toBe(committed);
  });
});
