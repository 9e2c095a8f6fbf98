/** Compares a planned object with its live form, on the fields the plan sets. */
import type { FieldDifference } from '../model/types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // the API may hand back numbers as strings (or the reverse) after defaulting
  return (typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string') && String(a) === String(b);
}

/** `wildcard`: a planned value that stands for "not known yet" (a placeholder) and matches anything. */
export function plannedFieldDifferences(planned: unknown, live: unknown, path = '', wildcard?: string): FieldDifference[] {
  if (isObj(planned)) {
    if (!isObj(live)) return [{ path: path || '(object)', planned, live }];
    return Object.entries(planned).flatMap(([key, value]) =>
      plannedFieldDifferences(value, live[key], path ? `${path}.${key}` : key, wildcard),
    );
  }
  if (Array.isArray(planned)) {
    if (!Array.isArray(live) || live.length !== planned.length) return [{ path, planned, live }];
    return planned.flatMap((value, i) => plannedFieldDifferences(value, live[i], `${path}[${i}]`, wildcard));
  }
  if (wildcard !== undefined && planned === wildcard && live !== undefined) return [];
  return sameScalar(planned, live) ? [] : [{ path, planned, live }];
}

export function formatDifferences(diffs: FieldDifference[]): string[] {
  const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  return diffs.map((d) => `${d.path}: planned ${show(d.planned)}, live ${show(d.live)}`);
}
