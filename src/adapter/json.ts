/**
 * The one place where tool output (JSON printed by kubectl or kumactl) becomes data. Everything is
 * `unknown` until a reader below has looked at it, so output of an unexpected shape becomes a
 * failed check with a message instead of an exception deep inside a step.
 */

export type JsonRecord = Record<string, unknown>;

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses a tool's JSON output; empty output counts as `null`. Never throws. */
export function parseJson(text: string, what = 'the tool output'): Parsed {
  if (!text.trim()) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `${what} is not JSON (${reason}); first line: ${text.trim().split('\n')[0]!.slice(0, 120)}` };
  }
}

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` inside nested objects, or undefined where the path does not lead. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function record(v: unknown): JsonRecord {
  return isRecord(v) ? v : {};
}

export function records(v: unknown): JsonRecord[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The `items` of a kubectl list (`-o json`), or the object itself as a one-item list. */
export function listItems(v: unknown): JsonRecord[] {
  if (isRecord(v) && Array.isArray(v.items)) return records(v.items);
  return isRecord(v) ? [v] : [];
}

/** The string-valued entries of an object, such as Kubernetes labels; anything else gives `{}`. */
export function stringMap(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
