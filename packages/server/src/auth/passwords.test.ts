import { afterAll, describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  OWASP_COST,
  OWASP_SCRYPT,
  passwordProblem,
  scryptParameters,
  usePasswordHashCost,
  verifyPassword,
} from './passwords.js';

describe('passwords', () => {
  afterAll(() => usePasswordHashCost(17));

  it("OWASP's scrypt parameters (N=2^17, r=8, p=1: above Node's default maxmem) hash and verify", async () => {
    // The suite runs with a cheap cost (test/password-cost.setup.ts); production's default is OWASP_COST.
    expect(OWASP_COST).toBe(17);
    usePasswordHashCost(OWASP_COST);
    expect(scryptParameters()).toEqual({ N: 131072, r: 8, p: 1 });
    const h = await hashPassword('correct horse');
    expect(h.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
    expect(needsRehash(h)).toBe(false);
  });

  it('a cheaper cost (tests) hashes with it; raising it marks those hashes for rehashing', async () => {
    usePasswordHashCost(11);
    const h = await hashPassword('correct horse');
    expect(h.split('$').slice(0, 4)).toEqual(['scrypt', '2048', '8', '1']);
    expect(needsRehash(h)).toBe(false);
    usePasswordHashCost(17);
    expect(needsRehash(h)).toBe(true);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(() => usePasswordHashCost(9)).toThrow(/from 10 to 20/);
    expect(scryptParameters()).toEqual(OWASP_SCRYPT);
  });

  it('verify hashes made with older settings (N=2^14, before OWASP), and mark them for rehashing', async () => {
    usePasswordHashCost(17);
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const old = [
      'scrypt',
      16384,
      8,
      1,
      salt.toString('base64url'),
      scryptSync('demo', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    expect(await verifyPassword('demo', old)).toBe(true);
    expect(await verifyPassword('wrong', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuse a missing or malformed hash after doing the same work', async () => {
    usePasswordHashCost(11);
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2$3')).toBe(false);
  });

  it('new passwords: at least 10 characters, at most 1024, not only spaces', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem(' '.repeat(12))).toMatch(/only spaces/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(passwordProblem('a long enough one')).toBeNull();
  });
});
