import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from '../lib/fs-atomic.js';
import { record, records, type JsonRecord } from './json.js';

export function defaultKumactlConfigFile(): string {
  return join(homedir(), '.kumactl', 'config');
}

/** The kumactl config file (contexts, controlPlanes, currentContext), read with the json.ts readers. */
function read(file: string): JsonRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const doc: unknown = parse(readFileSync(file, 'utf8'));
    return typeof doc === 'object' && doc ? record(doc) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * kumactl has no per-call flag to pick a control plane, and switching the user's current one would
 * change their setup behind their back. When the picked control plane is not the current one, a
 * private copy of the file with only that choice changed is written for the duration of the run.
 */
export class KumactlConfigResolver {
  private readonly derived = new Map<string, string>();
  private tmp: string | undefined;

  constructor(readonly file: string) {}

  /** The --config-file to pass so that kumactl talks to `controlPlane`, or an error message. */
  fileFor(controlPlane: string): { file: string } | { error: string } {
    const cfg = read(this.file);
    if (!cfg)
      return {
        error: `kumactl configuration ${this.file} is missing or unreadable: add the control plane with "kumactl config control-planes add --name ${controlPlane} --address URL"`,
      };
    const context = records(cfg.contexts).find((c) => c.controlPlane === controlPlane);
    if (!context) {
      const known =
        records(cfg.controlPlanes)
          .map((c) => c.name)
          .join(', ') || 'none';
      return { error: `kumactl does not know a control plane named "${controlPlane}" in ${this.file} (known: ${known})` };
    }
    if (cfg.currentContext === context.name) return { file: this.file };
    const existing = this.derived.get(controlPlane);
    if (existing) return { file: existing };
    this.tmp ??= mkdtempSync(join(tmpdir(), 'crossmesh-kumactl-'));
    const file = join(this.tmp, `${controlPlane}.yaml`);
    writeFileAtomic(file, stringify({ ...cfg, currentContext: context.name }), 0o600);
    this.derived.set(controlPlane, file);
    return { file };
  }

  dispose(): void {
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = undefined;
    this.derived.clear();
  }
}
