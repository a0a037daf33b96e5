#!/usr/bin/env node
// `npm run serve`: builds the UI once if it is not built yet, then runs `netwright serve` with the
// arguments given after `--` (for example `npm run serve -- --port 9000`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/renderer/index.html')) {
  console.log('Netwright: building the UI (first run only)…');
  const built = spawnSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const child = spawn(process.execPath, ['bin/netwright.js', 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
