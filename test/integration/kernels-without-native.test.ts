/**
 * The WebAssembly kernels alone, as on a machine where the native kernels are not built: the same
 * suites as kernels.test.ts and kernels-max-pool-grad.test.ts, in a thread of their own with
 * NETWRIGHT_NATIVE=0 set before anything registers kernels. Where the native kernels are built,
 * the other files check those instead, so without this file the fallbacks would go untested.
 */
import { nativeEnvVar } from '../../app/engine/kernels/native/addon.ts';

process.env[nativeEnvVar] = '0';
await import('./kernels.test.ts');
await import('./kernels-max-pool-grad.test.ts');

const { it, expect } = await import('vitest');
const { loadNativeKernels } = await import('../../app/engine/kernels/native/addon.ts');
it('ran without the native kernels', () => {
  expect(loadNativeKernels().why).toBe(`turned off by ${nativeEnvVar}=0`);
});
