#!/usr/bin/env node
// Entry point for the README's two commands (`npm start`, `npm test`).
// A fresh machine has Node and npm only, so this finds pnpm (or runs the pinned
// version through npx), installs the workspace when needed, and hands over to turbo.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager; // pnpm@x.y.z

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === pinned.split('@')[1]) return ['pnpm'];
  return ['npx', '--yes', pinned];
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const pnpm = pnpmCommand();
const pn = (...args) => run(pnpm[0], [...pnpm.slice(1), ...args]);

const installed = existsSync(join(root, 'node_modules/.modules.yaml'));
if (!installed || process.env.CI) pn('install', '--frozen-lockfile');

const task = process.argv[2];
if (task === 'start') {
  pn('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
  // Run the server directly (not under turbo) so Ctrl-C reaches it and it can stop PostgreSQL cleanly.
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: join(root, 'packages/server'),
    stdio: 'inherit',
    env: { ...process.env },
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
} else if (task === 'test') {
  pn('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
  pn('exec', 'turbo', 'run', 'test', '--concurrency=1', ...process.argv.slice(3));
} else {
  console.error(`unknown task ${task}; use start or test`);
  process.exit(2);
}
