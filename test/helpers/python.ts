/**
 * Python with PyTorch, for the tests that run exported code. Debian's python3-torch installs into
 * the system Python (/usr/bin/python3), which a python3 earlier on PATH (pyenv, a virtualenv)
 * may not see, so each candidate is asked to import torch and numpy. NETWRIGHT_PYTHON picks one.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';

export interface PythonWithTorch {
  /** The executable that imports torch and numpy. */
  command: string;
  torchVersion: string;
}

let found: PythonWithTorch | null | undefined;

export function findPythonWithTorch(): PythonWithTorch | null {
  if (found !== undefined) return found;
  const candidates = [process.env.NETWRIGHT_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => typeof c === 'string' && c !== '',
  );
  found = null;
  for (const command of candidates) {
    const probe = spawnSync(command, ['-c', 'import numpy, torch; print(torch.__version__)'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (probe.status === 0) {
      found = { command, torchVersion: probe.stdout.trim() };
      break;
    }
  }
  return found;
}

/** Why the PyTorch tests cannot run here, for the skip message. */
export const noTorchReason =
  'no Python with torch and numpy (install python3-torch, or set NETWRIGHT_PYTHON)';

/**
 * Runs Python to completion with few threads (the machine's cores are shared by the suite) and
 * returns its result; the caller asserts on status and output.
 */
export function runPython(
  python: PythonWithTorch,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  return spawnSync(python.command, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...options.env },
  });
}
