/**
 * Known errors: printed as one line with a hint and no stack trace (unless --debug).
 * Anything else is a bug and is re-thrown with its stack.
 */
export class PresealError extends Error {
  readonly exitCode: 2 | 3;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: 2 | 3, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flag, bad config, unreadable input file: exit 2. */
export class UsageError extends PresealError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

export type TargetStep = 'resolve' | 'connect' | 'host-key' | 'authenticate' | 'probe' | 'parse' | 'read' | 'internal';

/** A target that could not be linted: exit 3. Names the target and the step that failed. */
export class TargetError extends PresealError {
  readonly target: string;
  readonly step: TargetStep;
  constructor(target: string, step: TargetStep, message: string, hint?: string) {
    super(message, 3, hint);
    this.target = target;
    this.step = step;
  }
}

export function isPresealError(e: unknown): e is PresealError {
  return e instanceof PresealError;
}
