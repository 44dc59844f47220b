import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@throughline/shared';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;

/** scrypt parameters of a hash. */
export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** OWASP's Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB, a few hundred ms). */
export const OWASP_SCRYPT: ScryptParameters = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
/** The work factor of OWASP_SCRYPT as log2 N: the default of `PASSWORD_HASH_COST`. */
export const OWASP_COST = 17;

let current: ScryptParameters = OWASP_SCRYPT;

/**
 * Chooses the work factor of new hashes (config `passwordHashCost`, log2 N; r=8, p=1): set by
 * `startServer` and the seed from the configuration. Production keeps OWASP's 17; the test suite
 * sets a cheap one so that thousands of sign-ins stay fast. Hashes made with another setting
 * still verify and are redone with this one at the next sign-in (`needsRehash`).
 */
export function usePasswordHashCost(log2N: number): void {
  if (!Number.isInteger(log2N) || log2N < 10 || log2N > 20)
    throw new Error(`the password hash cost is log2 N from 10 to 20; got ${log2N}`);
  current = Object.freeze({ N: 2 ** log2N, r: 8, p: 1 });
}

/** The parameters new hashes are made with. */
export function scryptParameters(): ScryptParameters {
  return current;
}

const KEYLEN = 32;
/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below that for N=2^17. */
const maxmem = (n: number, r: number) => 128 * n * r + 16 * 1024 * 1024;

/** Hashes a password with scrypt: `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = current;
  const hash = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when a stored hash was made with other settings than today's (rehash it on sign-in). */
export function needsRehash(stored: string | null): boolean {
  if (!stored) return false;
  const [algo, n, r, p] = stored.split('$');
  return algo !== 'scrypt' || Number(n) !== current.N || Number(r) !== current.r || Number(p) !== current.p;
}

/** One decoy hash per setting, made on first need (see verifyPassword). */
const decoys = new Map<number, Promise<string>>();
function decoy(): Promise<string> {
  let d = decoys.get(current.N);
  if (!d) decoys.set(current.N, (d = hashPassword(randomBytes(16).toString('hex'))));
  return d;
}

async function scryptOf(password: string, hash: string): Promise<{ actual: Buffer; expected: Buffer }> {
  const [, n, r, p, saltB64, hashB64] = hash.split('$');
  const expected = Buffer.from(hashB64, 'base64url');
  const N = Number(n);
  const R = Number(r);
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64url'), expected.length, {
    N,
    r: R,
    p: Number(p),
    maxmem: maxmem(N, R),
  });
  return { actual, expected };
}

/**
 * Checks a password against a stored scrypt hash in constant time. Without a stored hash (an
 * unknown address, or a person who cannot sign in) the same scrypt work is done against a decoy,
 * so the answer's timing does not tell which addresses have accounts. A stored hash made with
 * cheaper settings than today's (not yet rehashed) is checked alongside a decoy of today's
 * settings, so it does not answer faster than an unknown address either.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const usable = !!stored && stored.split('$').length === 6 && stored.startsWith('scrypt$');
  if (!usable) {
    await scryptOf(password, await decoy());
    return false;
  }
  const cheaper = Number(stored.split('$')[1]) * Number(stored.split('$')[2]) < current.N * current.r;
  const [{ actual, expected }] = await Promise.all([
    scryptOf(password, stored),
    cheaper ? decoy().then((d) => scryptOf(password, d)) : null,
  ]);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/** Why a new password cannot be used, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (!password.trim()) return 'The password cannot be only spaces.';
  return null;
}
