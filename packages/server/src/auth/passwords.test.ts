import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, SCRYPT, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it("hash with today's scrypt settings and verify only the right password", async () => {
    const h = await hashPassword('correct horse');
    expect(h.split('$').slice(0, 4)).toEqual([
      'scrypt',
      String(SCRYPT.N),
      String(SCRYPT.r),
      String(SCRYPT.p),
    ]);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
    expect(needsRehash(h)).toBe(false);
  });

  it('verify hashes made with older settings, and mark them for rehashing', async () => {
    // A hash of "demo" with weaker settings (N=2^12).
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const old = [
      'scrypt',
      4096,
      8,
      1,
      salt.toString('base64url'),
      scryptSync('demo', salt, 32, { N: 4096, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    expect(await verifyPassword('demo', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuse a missing or malformed hash after doing the same work', async () => {
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2$3')).toBe(false);
  });
});
