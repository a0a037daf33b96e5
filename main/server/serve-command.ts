/**
 * `netwright serve [--host 127.0.0.1] [--port 8788] [--workspace .]`: browser mode. Prints the URL
 * with its token on one line (tests and scripts read it) and runs until interrupted.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configDir, packageRoot, rendererDir, templatesDir } from '../paths.ts';
import { isLoopback, startServer } from './serve.ts';

export const serveUsage = 'netwright serve [--host 127.0.0.1] [--port 8788] [--workspace <folder>]';

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8788' },
      workspace: { type: 'string', default: '.' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      `netwright serve: --port must be a number from 0 to 65535, not "${values.port}".`,
    );
    return 2;
  }
  const workspace = resolve(values.workspace);
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
    console.error(`netwright serve: the workspace "${values.workspace}" is not a folder.`);
    return 2;
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('netwright serve: the UI is not built; run `npm run build:renderer` first.');
    return 1;
  }
  if (!isLoopback(values.host)) {
    console.error(
      `netwright serve: WARNING listening on ${values.host}, reachable from other machines. Anyone with the token can open and save files in ${workspace}.`,
    );
  }
  const version = (
    JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  let running;
  try {
    running = await startServer({
      host: values.host,
      port,
      rendererDir,
      token: process.env.NETWRIGHT_TOKEN || undefined,
      context: { mode: 'browser', workspace, configDir: configDir(), templatesDir, version },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why =
      code === 'EADDRINUSE' ? `port ${port} is in use (try --port 0 for a free one)` : String(err);
    console.error(`netwright serve: cannot listen on ${values.host}:${port}: ${why}.`);
    return 1;
  }
  console.log(`Netwright is running at ${running.url}`);
  console.log(`Workspace: ${workspace}`);
  await new Promise<void>((done) => {
    const stop = () => void running.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
