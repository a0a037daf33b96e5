// A replica thread's entry point in development (see worker-entry.js): registers tsx, then loads
// the TypeScript replica.
import { register } from 'tsx/esm/api';

register();
await import('./replica-worker.ts');
