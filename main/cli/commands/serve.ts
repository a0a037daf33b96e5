/**
 * `netwright serve [--host 127.0.0.1] [--port 8788] [--workspace .]`: browser mode. Prints the URL
 * with its token on one line (tests and scripts read it) and runs until interrupted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configDir, packageRoot, rendererDir, templatesDir } from '../../paths.ts';
import { isLoopback, startServer } from '../../server/serve.ts';
import type { RunningServer } from '../../server/serve.ts';
import { CliError, exitCodes } from '../command.ts';
import type { Command } from '../command.ts';

const usage = 'netwright serve [--host 127.0.0.1] [--port 8788] [--workspace <folder>]';

/**
 * Recent files and crash recovery kept per served workspace, apart from the desktop app's: a
 * browser client must not see (or overwrite) the desktop's unsaved work or its file paths.
 */
function workspaceConfigDir(workspace: string): string {
  const key = createHash('sha256').update(workspace).digest('hex').slice(0, 16);
  return join(configDir(), 'workspaces', key);
}

export const serveCommand: Command = {
  name: 'serve',
  usage,
  summary:
    'run the app in your browser (loopback, with a token), opening files in a workspace folder',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8788' },
        workspace: { type: 'string', default: '.' },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError(
        `--port must be a number from 0 to 65535, not "${values.port}".`,
        exitCodes.usage,
      );
    }
    const workspace = resolve(values.workspace);
    if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
      throw new CliError(`the workspace "${values.workspace}" is not a folder.`, exitCodes.usage);
    }
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new CliError('the UI is not built; run `npm run build:renderer` first.');
    }
    if (!isLoopback(values.host)) {
      io.err(
        `netwright serve: WARNING: listening on ${values.host}, reachable from other machines. Anyone with the token can open and save files in ${workspace}.\n`,
      );
    }
    const version = (
      JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
    ).version;
    let running: RunningServer;
    try {
      running = await startServer({
        host: values.host,
        port,
        rendererDir,
        token: process.env.NETWRIGHT_TOKEN || undefined,
        context: {
          mode: 'browser',
          workspace,
          configDir: workspaceConfigDir(workspace),
          templatesDir,
          version,
        },
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      const why =
        code === 'EADDRINUSE' ? `port ${port} is in use (--port 0 picks a free one)` : String(err);
      throw new CliError(`cannot listen on ${values.host}:${port}: ${why}.`);
    }
    io.out(`Netwright is running at ${running.url}\n`);
    io.out(`Workspace: ${workspace}\n`);
    await new Promise<void>((done) => {
      const stop = () => void running.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return exitCodes.ok;
  },
};
