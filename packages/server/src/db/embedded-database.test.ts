import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binariesFolder, firstUntraversableFolder } from './embedded-database.js';

const root = mkdtempSync(join(tmpdir(), 'tl-reach-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('what the postgres user can reach (root starts)', () => {
  it('finds the PostgreSQL binaries the package ships', () => {
    const folder = binariesFolder();
    expect(folder).not.toBeNull();
    expect(existsSync(join(folder!, 'native', 'bin', 'postgres'))).toBe(true);
  });

  it('names the first folder another user cannot enter, also for paths that do not exist yet', () => {
    const open = join(root, 'open');
    const locked = join(open, 'locked');
    mkdirSync(join(locked, 'inner'), { recursive: true });
    chmodSync(root, 0o755);
    chmodSync(open, 0o755);
    chmodSync(locked, 0o700);
    const other = { uid: 54321, gid: 54321 };
    expect(firstUntraversableFolder(join(open, 'not-yet', 'data'), other)).toBeNull();
    expect(firstUntraversableFolder(join(locked, 'inner', 'data'), other)).toBe(locked);
    // The folder's owner may enter it.
    expect(
      firstUntraversableFolder(join(locked, 'inner'), { uid: process.getuid!(), gid: 99999 }),
    ).toBeNull();
  });
});
