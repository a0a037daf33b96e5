/**
 * Talks to the running server's API the way the renderer does (a WebSocket with the token), for
 * test housekeeping only: clearing the crash-recovery file so one test's autosave does not greet
 * the next with a recovery prompt.
 */
import WebSocket from 'ws';

export function serverInfo(): { url: string; origin: string; token: string; workspace: string } {
  const url = process.env.NETWRIGHT_E2E_URL;
  const origin = process.env.NETWRIGHT_E2E_ORIGIN;
  const token = process.env.NETWRIGHT_E2E_TOKEN;
  const workspace = process.env.NETWRIGHT_E2E_WORKSPACE;
  if (!url || !origin || !token || !workspace) {
    throw new Error(
      'The e2e global setup did not start netwright serve (see playwright.config.ts).',
    );
  }
  return { url, origin, token, workspace };
}

export function callApi(
  channel: string,
  request: unknown,
  server: { origin: string; token: string } = serverInfo(),
): Promise<unknown> {
  const { origin, token } = server;
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api?token=${token}`, { origin });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, channel, request })));
    socket.once('message', (data: Buffer) => {
      socket.close();
      resolve((JSON.parse(data.toString('utf8')) as { result: unknown }).result);
    });
  });
}
