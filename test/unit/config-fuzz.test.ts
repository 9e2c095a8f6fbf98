/**
 * Generated and hostile crossmesh.yaml documents through the loader, in process: each one ends quickly
 * with either a configuration or a ConfigError whose message is short. Anything else (another error,
 * a long wait, a message that repeats the file) is a failure. test/cli/cli.test.ts runs a few of them
 * through the built CLI.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfigText } from '../../src/config/file.js';
import { plainTextProblem } from '../../src/config/limits.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import { generatedDocuments, seededRandom, type ConfigDocument } from './config-documents.js';

/**
 * The loader's own work, as CPU time of this test process: wall-clock time also counts the waits of a
 * loaded machine (other suites, other jobs: load averages of 8 to 16 on two cores were seen), which a
 * quadratic loader would exceed all the same (40,000 keys took 52 s). WALL_MILLISECONDS catches a loader
 * that waits on something.
 */
const CPU_MILLISECONDS = 2_000;
const WALL_MILLISECONDS = 10_000;
const MAX_MESSAGE_CHARS = 4_096;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossmesh-config-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads a document as crossmesh would: text through parseConfigText, bytes from a file through loadConfig. */
function load(doc: ConfigDocument, index: number): CrossmeshConfig {
  if ('text' in doc) return parseConfigText(doc.text, 'crossmesh.yaml');
  const file = join(dir, `doc-${index}.yaml`);
  writeFileSync(file, doc.bytes);
  return loadConfig(file, { mustExist: true }).config;
}

interface Outcome {
  cpuMs: number;
  wallMs: number;
  result: CrossmeshConfig | ConfigError;
}

function outcome(doc: ConfigDocument, index: number): Outcome {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const took = (): Pick<Outcome, 'cpuMs' | 'wallMs'> => {
    const cpu = process.cpuUsage(cpuStart);
    return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wallStart };
  };
  try {
    const config = load(doc, index);
    return { ...took(), result: config };
  } catch (err) {
    const time = took();
    if (err instanceof ConfigError) return { ...time, result: err };
    throw new Error(
      `"${doc.label}" ended in ${(err as Error).constructor.name}, not a ConfigError: ${String((err as Error).message).slice(0, 300)}`,
      { cause: err },
    );
  }
}

/** Every string of a configuration that was read is plain text: no control characters, no halves of surrogate pairs. */
function expectOnlyPlainText(config: CrossmeshConfig): void {
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(config);
  for (const s of strings) expect(plainTextProblem(s), JSON.stringify(s)).toBeUndefined();
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('the seeded generator', () => {
  it('gives the same numbers for the same seed, and different ones for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const sequence = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sequence);
    expect(seededRandom(43).next()).not.toBe(sequence[0]);
    for (const n of sequence) expect(n >= 0 && n < 1).toBe(true);
  });

  it('makes a few hundred documents, the same ones on every run', () => {
    const docs = generatedDocuments();
    expect(docs.length).toBeGreaterThanOrEqual(300);
    expect(JSON.stringify(generatedDocuments().slice(0, 20))).toBe(JSON.stringify(docs.slice(0, 20)));
  });
});

describe('every generated or hostile document ends in a configuration or a short ConfigError, quickly', () => {
  const docs = generatedDocuments();
  const results = new Map<number, Outcome['result']>();

  it.each(docs.map((doc, i) => [doc.label, doc, i] as const))('%s', (_label, doc, index) => {
    const { cpuMs, wallMs, result } = outcome(doc, index);
    results.set(index, result);
    const took = `took ${cpuMs.toFixed(0)} ms of CPU, ${wallMs.toFixed(0)} ms in all`;
    expect(cpuMs, took).toBeLessThan(CPU_MILLISECONDS);
    expect(wallMs, took).toBeLessThan(WALL_MILLISECONDS);
    if (!(result instanceof ConfigError)) {
      expectOnlyPlainText(result);
      if ('bytes' in doc) expect(isUtf8(doc.bytes), 'a file that is not UTF-8 was read').toBe(true);
      return;
    }
    expect(result.message.length, result.message.slice(0, 500)).toBeLessThan(MAX_MESSAGE_CHARS);
    expect(result.message.startsWith(`${result.file} has `)).toBe(true);
    expect(result.message.endsWith(`, or move the file away to start from the defaults.`)).toBe(true);
    expect(result.message.split('\n').length).toBeLessThanOrEqual(23);
  });

  it('the documents are varied: some load, some fail as files, as YAML, or for their settings', () => {
    const kinds = new Set<string>();
    for (const result of results.values()) {
      if (!(result instanceof ConfigError)) kinds.add('config');
      else for (const p of result.problems) kinds.add(p.path.startsWith('(') ? p.path : 'setting');
    }
    expect([...kinds].sort()).toEqual(['(file)', '(top level)', '(yaml)', 'config', 'setting']);
    expect(results.size).toBe(docs.length);
  });
});
