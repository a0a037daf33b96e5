import type { ApiError } from '../../app/api/contract.ts';

/** A failure a handler expects (bad path, unreadable file): crosses the boundary as code + sentence. */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems?: ApiError['problems'],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
