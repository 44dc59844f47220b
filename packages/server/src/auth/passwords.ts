import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;

/**
 * The scrypt settings of new hashes. Hashes made with other settings are upgraded on the next
 * successful sign-in (`needsRehash`), so raising these (OWASP's cheat sheet now lists N=2^17,
 * r=8, p=1 or equivalents, about five times this work) upgrades every account as people sign in.
 */
export const SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEYLEN = 32;
/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just below that. */
const maxmem = (n: number, r: number) => 128 * n * r + 16 * 1024 * 1024;

/** Hashes a password with scrypt: `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = SCRYPT;
  const hash = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when a stored hash was made with other settings than today's (rehash it on sign-in). */
export function needsRehash(stored: string | null): boolean {
  if (!stored) return false;
  const [algo, n, r, p] = stored.split('$');
  return algo !== 'scrypt' || Number(n) !== SCRYPT.N || Number(r) !== SCRYPT.r || Number(p) !== SCRYPT.p;
}

let decoy: Promise<string> | null = null;
/**
 * Checks a password against a stored scrypt hash in constant time. Without a stored hash (an
 * unknown address, or a person who cannot sign in) the same scrypt work is done against a decoy,
 * so the answer's timing does not tell which addresses have accounts.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const usable = stored && stored.split('$').length === 6 && stored.startsWith('scrypt$');
  const hash = usable ? stored : await (decoy ??= hashPassword(randomBytes(16).toString('hex')));
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
  return !!usable && actual.length === expected.length && timingSafeEqual(actual, expected);
}
