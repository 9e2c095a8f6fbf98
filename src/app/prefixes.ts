import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tools } from '../adapter/tools.js';
import { hintFor } from '../adapter/hints.js';
import { listItems, parseJson, record, str, at } from '../adapter/json.js';
import type { CrossmeshConfig } from '../config/types.js';
import { withPrefix } from '../config/prefix.js';
import { EXIT } from '../model/exit-codes.js';
import { PREFIX_LABEL } from '../model/plan.js';
import type { Style } from '../render/style.js';
import { Journal } from '../state/journal.js';
import { statusReport } from './status.js';

/** One learner's setup, as far as the clusters show it. */
export interface PrefixRow {
  prefix: string;
  /** steps with objects whose objects are all as planned */
  inSync: number;
  /** steps with objects */
  total: number;
  /** the first step that is not as planned, and how it is */
  next?: { step: string; title: string; state: string };
}

export interface PrefixesReport {
  rows: PrefixRow[];
  error?: string;
  hint?: string;
  exitCode: typeof EXIT.ok | typeof EXIT.failed | typeof EXIT.notInSync;
}

/** The prefixes of the Meshes on the global control plane: every prefixed setup that got as far as its Meshes. */
async function findPrefixes(tools: Tools, config: CrossmeshConfig): Promise<{ prefixes: string[]; error?: string; hint?: string }> {
  const global = config.global;
  const r =
    global.tool === 'kubectl'
      ? await tools.kubectl(global.context, ['get', 'meshes.kuma.io', '-l', PREFIX_LABEL, '-o', 'json', '--request-timeout=10s'], {
          timeoutMs: 15_000,
        })
      : await tools.kumactl(global.controlPlane, ['get', 'meshes', '-o', 'json'], { timeoutMs: 15_000 });
  const where = global.tool === 'kubectl' ? global.context : global.controlPlane;
  if (r.exitCode !== 0) return { prefixes: [], error: r.stderr.trim() || `${r.tool} exited with ${r.exitCode}`, hint: hintFor(r, where) };
  const parsed = parseJson(r.stdout, 'the list of Meshes');
  if (!parsed.ok) return { prefixes: [], error: parsed.error };
  // kubectl lists Kubernetes objects (labels under metadata); kumactl universal ones (labels at the top)
  const labelsOf = (mesh: unknown) => ({ ...record(at(mesh, 'labels')), ...record(at(mesh, 'metadata', 'labels')) });
  const found = listItems(parsed.value).flatMap((mesh) => {
    const prefix = str(labelsOf(mesh)[PREFIX_LABEL]);
    return prefix ? [prefix] : [];
  });
  return { prefixes: [...new Set(found)].sort() };
}

/**
 * Every prefixed setup on the clusters (a workshop: one prefix per learner) and how far each has
 * come, each compared with `config` under its own prefix.
 */
export async function prefixesReport(tools: Tools, config: CrossmeshConfig): Promise<PrefixesReport> {
  const found = await findPrefixes(tools, config);
  if (found.error) return { rows: [], error: found.error, ...(found.hint ? { hint: found.hint } : {}), exitCode: EXIT.failed };
  // the learners' journals are on their machines: each setup is read from the clusters alone
  const noJournal = new Journal(join(mkdtempSync(join(tmpdir(), 'crossmesh-prefixes-')), 'journal.json'), { readOnly: true });
  const rows = await Promise.all(
    found.prefixes.map(async (prefix): Promise<PrefixRow> => {
      const report = await statusReport(tools, withPrefix(config, prefix), noJournal);
      const counted = report.rows.filter((r) => r.state !== 'no-objects');
      const next = counted.find((r) => r.state !== 'in-sync');
      return {
        prefix,
        inSync: counted.filter((r) => r.state === 'in-sync').length,
        total: counted.length,
        ...(next ? { next: { step: next.step, title: next.title, state: next.state } } : {}),
      };
    }),
  );
  return { rows, exitCode: rows.every((r) => !r.next) ? EXIT.ok : EXIT.notInSync };
}

export function renderPrefixesText(report: PrefixesReport, style: Style): string {
  if (report.error)
    return `${style.paint('red', `${style.fail} could not list the Meshes on the global control plane`)}: ${report.error}\n  hint: ${report.hint ?? ''}\n`;
  if (!report.rows.length) return 'No prefixed setup on these clusters (no Mesh carries the label crossmesh.io/prefix).\n';
  const width = Math.max(...report.rows.map((r) => r.prefix.length));
  const lines = report.rows.map((r) => {
    const progress = `${r.inSync} of ${r.total} steps in sync`;
    const mark = r.next ? style.paint('yellow', `${style.warn} ${progress}`) : style.paint('green', `${style.ok} ${progress}`);
    return `  ${r.prefix.padEnd(width)}  ${mark}${r.next ? `; next: ${r.next.title} (${r.next.state})` : ''}`;
  });
  return `${report.rows.length} prefixed setup${report.rows.length === 1 ? '' : 's'} on these clusters:\n${lines.join('\n')}\n`;
}

export function renderPrefixesJson(report: PrefixesReport): string {
  return `${JSON.stringify({ setups: report.rows, ...(report.error ? { error: report.error } : {}) }, null, 2)}\n`;
}
