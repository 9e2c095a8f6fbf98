// Logging for the Kuma stand-in: one line per event on stdout (the log file),
// with repeats of the same message suppressed for a while so a stopped API
// server does not fill the log every 200 ms.

const lastSeen = new Map<string, number>();
const REPEAT_MS = 30_000;

export function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/** Logs `line` unless the same `key` was logged in the last 30 s. */
export function logThrottled(key: string, line: string): void {
  const now = Date.now();
  const last = lastSeen.get(key);
  if (last !== undefined && now - last < REPEAT_MS) return;
  lastSeen.set(key, now);
  log(line);
}

export const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
