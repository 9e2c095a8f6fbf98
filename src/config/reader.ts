import { MAX_SETTING_CHARS, plainTextProblem, quote } from './limits.js';

/** One thing wrong with a configuration, named by its path in the file. */
export interface ConfigProblem {
  path: string;
  message: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DURATION = /^(\d+(ns|us|ms|s|m|h|d|y))+$/;

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

export function isDuration(value: string): boolean {
  return DURATION.test(value);
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return String(v);
  return typeof v; // a symbol or a function, which YAML never gives
}

/** A suggestion for a misspelt key: the allowed key at most two edits away, if any. */
function closest(word: string, choices: string[]): string | undefined {
  const MAX_EDITS = 2;
  let best: { choice: string; edits: number } | undefined;
  for (const choice of choices) {
    // the length difference alone is a lower bound on the edits: skip the work for far-off (or huge) keys
    if (Math.abs(choice.length - word.length) > MAX_EDITS) continue;
    const edits = editDistance(word.toLowerCase(), choice.toLowerCase());
    if (edits <= MAX_EDITS && (!best || edits < best.edits)) best = { choice, edits };
  }
  return best?.choice;
}

/** Levenshtein distance, keeping one row of the table. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** Reads fields of one mapping, recording problems under its path. */
export class Reader {
  constructor(
    private readonly obj: Obj,
    private readonly path: string,
    private readonly problems: ConfigProblem[],
    /** the mapping's place in its list, for the mappings Reader.list gives */
    readonly index?: number,
  ) {}

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  problem(key: string, message: string): void {
    this.problems.push({ path: this.at(key), message });
  }

  /** Reports every key not in `keys`; `explain` may say, for a key, something better than "unknown key". */
  allowOnly(keys: string[], explain?: (key: string) => string | undefined): void {
    const allowed = new Set(keys);
    for (const key of Object.keys(this.obj)) {
      if (allowed.has(key)) continue;
      const explained = explain?.(key);
      if (explained) {
        this.problem(key, explained);
        continue;
      }
      const hint = closest(key, keys);
      this.problem(key, hint ? `unknown key (did you mean "${hint}"?)` : `unknown key; allowed here: ${keys.join(', ')}`);
    }
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  /** The mappings of a list under `key`, each with its own path (key[0], key[1], ...); undefined when absent. */
  list(key: string): Reader[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.problem(key, `must be a list, got ${describe(v)}`);
      return [];
    }
    return v.flatMap((item: unknown, i) => {
      if (isObj(item)) return [new Reader(item, `${this.at(key)}[${i}]`, this.problems, i)];
      this.problems.push({ path: `${this.at(key)}[${i}]`, message: `must be a mapping, got ${describe(item)}` });
      return [];
    });
  }

  /** A list of strings under `key`, each checked by `check`; undefined when absent. */
  strings(key: string, check: (v: string) => string | undefined): string[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    const names: unknown[] = Array.isArray(v) ? v : [];
    if (!Array.isArray(v) || !names.every((x): x is string => typeof x === 'string')) {
      this.problem(key, `must be a list of names, got ${describe(v)}`);
      return undefined;
    }
    const out: string[] = [];
    for (const x of names) {
      const bad = check(x);
      if (bad) this.problem(key, bad);
      else out.push(x);
    }
    return out;
  }

  /** The raw value under `key`, for fields a caller reads itself. */
  raw(key: string): unknown {
    return this.obj[key];
  }

  /** The keys present in this mapping, in the file's order. */
  keys(): string[] {
    return Object.keys(this.obj);
  }

  child(key: string): Reader | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.problem(key, `must be a mapping, got ${describe(v)}`);
      return undefined;
    }
    return new Reader(v, this.at(key), this.problems);
  }

  string(key: string, fallback: string, check?: (v: string) => string | undefined): string {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(key, `must be a non-empty string, got ${describe(v)}`);
      return fallback;
    }
    if (v.length > MAX_SETTING_CHARS) {
      this.problem(
        key,
        `is ${v.length.toLocaleString('en-US')} characters long; a setting holds at most ${MAX_SETTING_CHARS.toLocaleString('en-US')}`,
      );
      return fallback;
    }
    const notText = plainTextProblem(v);
    if (notText) {
      this.problem(key, `${quote(v)} ${notText}`);
      return fallback;
    }
    const bad = check?.(v);
    if (bad) this.problem(key, bad);
    return v;
  }

  dnsName(key: string, fallback: string): string {
    return this.string(key, fallback, (v) =>
      isDnsLabel(v)
        ? undefined
        : `${quote(v)} is not a valid name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }

  integer(key: string, fallback: number, min: number, max: number, what = 'a whole number'): number {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem(key, `must be ${what} from ${min} to ${max}, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.problem(key, `must be true or false, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }

  duration(key: string, fallback: string): string {
    return this.string(key, fallback, (v) =>
      isDuration(v) ? undefined : `${quote(v)} is not a duration: write a number and a unit, e.g. 90s, 3m, 1h, 1d, 10y`,
    );
  }
}
