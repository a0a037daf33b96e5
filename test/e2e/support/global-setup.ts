/**
 * Builds the renderer if needed and starts one `netwright serve` for the whole run. Tests find
 * it through environment variables (Playwright hands the setup's environment to its workers).
 */
import { electronBinary, electronSkipReason } from './electron-binary.ts';
import { ensureRendererBuilt, startNetwright } from './server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  // The list reporter shows a skipped test without its reason; say it once, where CI logs read it.
  if (electronBinary() === null)
    console.log(`Electron end-to-end tests will be skipped: ${electronSkipReason}.`);
  ensureRendererBuilt();
  const server = await startNetwright();
  process.env.NETWRIGHT_E2E_URL = server.url;
  process.env.NETWRIGHT_E2E_ORIGIN = server.origin;
  process.env.NETWRIGHT_E2E_TOKEN = server.token;
  process.env.NETWRIGHT_E2E_WORKSPACE = server.workspace;
  return () => server.stop();
}
