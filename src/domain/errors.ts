// Errors carry a code; each transport (HTTP, chat reply, job retry) maps codes
// in one table of its own, so the meaning of a failure is decided once.
export const errorCodes = [
  'VALIDATION', // bad input from a person or a payload: retrying cannot fix it
  'NOT_FOUND',
  'CONFLICT', // already exists or already decided
  'FORBIDDEN', // not allowed for this person
  'UNAVAILABLE', // an outside service failed: worth retrying
  'TOO_LARGE',
  'UNSUPPORTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** Whether running the same step again could succeed. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof AppError)) return true; // unknown failures: give them another chance
  return error.code === 'UNAVAILABLE' || error.code === 'INTERNAL';
}
