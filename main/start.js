#!/usr/bin/env node
// `npm start`: builds what is missing and launches the desktop app. Where the Electron binary is
// absent (its download is blocked on some machines, and it is an optional dependency) it says so
// in one line and points to browser mode instead of printing a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its downloaded binary, and throws when it is missing.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(
    'Netwright: the Electron binary is not installed on this machine (its download failed or was skipped). Run `npm run serve` to use Netwright in your browser instead.',
  );
  process.exit(1);
}

const run = (args) => spawnSync('npm', ['run', ...args], { stdio: 'inherit' }).status === 0;
if (!existsSync('dist/renderer/index.html') && !run(['build:renderer'])) process.exit(1);
if (!run(['build:main'])) process.exit(1);

const child = spawn(binary, ['dist/main/electron.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 0));
