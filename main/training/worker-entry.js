// The training worker's entry point. Worker threads do not inherit the parent's tsx loader, so
// this plain-JS file registers it (resolved from here, whatever the current directory) and then
// loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
