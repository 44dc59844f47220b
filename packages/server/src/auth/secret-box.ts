import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Secrets the server must read back (webhook signing secrets) are kept encrypted at rest with
 * AES-256-GCM under a key from configuration (THROUGHLINE_SECRET_KEY, 32 bytes in base64). Sealed
 * text: `v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url parts; the key id is the first 8 hex digits
 * of the key's SHA-256, so a value sealed with another key is recognised). API tokens stay hashed.
 *
 * Rotating the key: start with the new key as THROUGHLINE_SECRET_KEY and the old one as
 * THROUGHLINE_SECRET_KEY_PREVIOUS; the server re-encrypts every stored secret under the new key
 * at start (`webhook.service.ts` `resealWebhookSecrets`). The previous key can then be dropped.
 */
export class SecretBox {
  readonly keyId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: Buffer,
    previous: Buffer[] = [],
  ) {
    if (current.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.keyId = keyIdOf(current);
    this.keys = new Map([...previous, current].map((k) => [keyIdOf(k), k]));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const b = (x: Buffer) => x.toString('base64url');
    return `v1:${this.keyId}:${b(iv)}:${b(ct)}:${b(cipher.getAuthTag())}`;
  }

  /** The plain text of a sealed value; throws when no configured key opens it. */
  open(sealed: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== 'v1') throw new Error('not a sealed secret');
    const key = this.keys.get(parts[1]);
    if (!key)
      throw new Error(
        `the secret was encrypted with another key (${parts[1]}); set that key as THROUGHLINE_SECRET_KEY_PREVIOUS`,
      );
    const [iv, ct, tag] = parts.slice(2).map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  }

  static isSealed(value: string): boolean {
    return /^v1:[0-9a-f]{8}:/.test(value);
  }

  /** True when the value is plain text or sealed with a key other than the current one. */
  needsReseal(value: string): boolean {
    return !SecretBox.isSealed(value) || value.split(':')[1] !== this.keyId;
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Decodes a configured key (base64 of 32 bytes); the message names the variable. */
export function decodeKey(variable: string, text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+=*$/.test(text.trim()))
    throw new Error(
      `${variable} must be 32 random bytes in base64 (e.g. the output of: openssl rand -base64 32).`,
    );
  return key;
}

/**
 * The key from configuration, or — when none is configured — the one kept in `keyFile` (beside
 * the embedded database's data), generated on first start with mode 0600 and reused after.
 */
export function openSecretBox(opts: { key: string | null; previousKey: string | null; keyFile: string }): {
  box: SecretBox;
  source: 'configured' | 'file' | 'generated';
} {
  const previous = opts.previousKey ? [decodeKey('THROUGHLINE_SECRET_KEY_PREVIOUS', opts.previousKey)] : [];
  if (opts.key)
    return {
      box: new SecretBox(decodeKey('THROUGHLINE_SECRET_KEY', opts.key), previous),
      source: 'configured',
    };
  if (existsSync(opts.keyFile)) {
    const key = decodeKey(`the key file ${opts.keyFile}`, readFileSync(opts.keyFile, 'utf8'));
    return { box: new SecretBox(key, previous), source: 'file' };
  }
  const key = randomBytes(32);
  mkdirSync(dirname(opts.keyFile), { recursive: true });
  // 'wx': never overwrite a key another process wrote a moment ago.
  try {
    writeFileSync(opts.keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return openSecretBox(opts);
    throw e;
  }
  chmodSync(opts.keyFile, 0o600);
  return { box: new SecretBox(key, previous), source: 'generated' };
}
