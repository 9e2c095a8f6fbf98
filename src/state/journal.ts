import { existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../lib/fs-atomic.js';
import { errorMessage } from '../lib/guards.js';
import { isRecord } from '../adapter/json.js';
import type { Manifest, StepId } from '../model/types.js';
import { kindOf, nameOf, isKubeObject } from '../model/types.js';
import type { MeshKey } from '../config/types.js';

export interface JournalEntry {
  at: string;
  step: string;
  id: string;
  tool: string;
  context: string;
  kind: string;
  namespace?: string;
  name: string;
  result: 'created' | 'configured' | 'unchanged';
  /** the object was there before crossmesh first applied it: teardown leaves it alone */
  existedBefore: boolean;
}

export interface Binding {
  fingerprint: string;
  boundAt: string;
}

export interface JournalData {
  version: 1;
  bindings: Record<string, Binding>;
  facts: {
    systemNamespace?: string;
    gatewayAddresses?: Partial<Record<MeshKey, string>>;
    zones?: Record<string, string>;
    kumaMajor?: number;
  };
  entries: JournalEntry[];
}

const empty = (): JournalData => ({ version: 1, bindings: {}, facts: {}, entries: [] });

/** What read() checks before it takes a file for a journal; the rest is trusted as crossmesh wrote it. */
function looksLikeJournal(v: unknown): v is Partial<JournalData> & Pick<JournalData, 'version' | 'entries' | 'bindings'> {
  return isRecord(v) && v.version === 1 && Array.isArray(v.entries) && typeof v.bindings === 'object';
}

export function journalPath(configFile: string): string {
  return join(dirname(resolve(configFile)), '.crossmesh', 'journal.json');
}

/**
 * What crossmesh applied, when, and to which cluster. Every change is written through a temporary
 * file and a rename, so a kill leaves either the old or the new journal, never a torn one.
 */
export class Journal {
  data: JournalData;
  /** set when the file on disk could not be read; the live state then drives resume alone */
  readonly problem: string | undefined;

  readonly readOnly: boolean;

  constructor(
    readonly file: string,
    opts: { readOnly?: boolean } = {},
  ) {
    this.readOnly = opts.readOnly ?? false;
    const loaded = Journal.read(file);
    this.data = loaded.data;
    this.problem = loaded.problem;
    if (loaded.problem && !opts.readOnly && existsSync(file)) renameSync(file, `${file}.unreadable-${Date.now()}`);
  }

  static read(file: string): { data: JournalData; problem?: string } {
    if (!existsSync(file)) return { data: empty() };
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!looksLikeJournal(parsed)) throw new Error('not a crossmesh journal of version 1');
      return { data: { ...empty(), ...parsed } };
    } catch (err) {
      return {
        data: empty(),
        problem: `the journal ${file} is unreadable (${errorMessage(err)}); crossmesh goes by the live state of the clusters and starts a new journal`,
      };
    }
  }

  private save(): void {
    writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }

  record(step: StepId, m: Manifest, result: JournalEntry['result'], existedBefore: boolean): void {
    const previous = this.latest(m.id);
    this.data.entries.push({
      at: new Date().toISOString(),
      step,
      id: m.id,
      tool: m.target.tool,
      context: m.target.context,
      kind: kindOf(m.object),
      ...(isKubeObject(m.object) && m.object.metadata.namespace ? { namespace: m.object.metadata.namespace } : {}),
      name: nameOf(m.object),
      result,
      // once crossmesh has created an object, a later re-apply does not make it someone else's
      existedBefore: previous ? previous.existedBefore : existedBefore,
    });
    this.save();
  }

  latest(id: string): JournalEntry | undefined {
    for (let i = this.data.entries.length - 1; i >= 0; i--) if (this.data.entries[i]!.id === id) return this.data.entries[i];
    return undefined;
  }

  bind(context: string, fingerprint: string): void {
    this.data.bindings[context] = { fingerprint, boundAt: new Date().toISOString() };
    this.save();
  }

  setFacts(facts: JournalData['facts']): void {
    this.data.facts = { ...this.data.facts, ...facts };
    this.save();
  }
}
