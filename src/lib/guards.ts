/** Small type guards, so that code narrows a value by looking at it instead of asserting its type. */

/** The message of a caught error; anything thrown that is not an Error is shown as a string. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The system error code of a caught error (e.g. 'ENOENT'), if it has one. */
export function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Whether `v` is one of `values`, e.g. a command name typed on the command line. */
export function isOneOf<T>(values: readonly T[], v: unknown): v is T {
  return values.some((x) => x === v);
}
