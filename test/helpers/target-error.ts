import { TargetError } from '../../src/errors.js';

/** The TargetError a transport run rejects with; fails when it succeeds or throws anything else. */
export async function targetError(promise: Promise<unknown>): Promise<TargetError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TargetError) return e;
    throw e;
  }
  throw new Error('expected a TargetError, but the run succeeded');
}
