import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import { scanStatusWithFingerprints, type StepStatusRow } from '../live/status.js';
import { describeObject } from '../live/read.js';
import { formatDifferences } from '../live/compare.js';
import type { Journal } from '../state/journal.js';
import type { Style } from '../render/style.js';
import type { PlanFacts } from '../engine/types.js';

export function factsFromJournal(config: CrossmeshConfig, journal: Journal): Partial<PlanFacts> {
  const f = journal.data.facts;
  return {
    ...(f.systemNamespace && !config.systemNamespace ? { systemNamespace: f.systemNamespace } : {}),
    gatewayAddresses: f.gatewayAddresses ?? {},
  };
}

/** Zone names found by an earlier run replace the configured ones, as the wizard did when it applied. */
export function configWithJournalFacts(config: CrossmeshConfig, journal: Journal): CrossmeshConfig {
  const zones = journal.data.facts.zones ?? {};
  const copy = structuredClone(config);
  for (const key of ['cluster1', 'cluster2'] as const) if (zones[key]) copy.clusters[key].zone = zones[key]!;
  return copy;
}

export interface StatusReport {
  rows: StepStatusRow[];
  exitCode: 0 | 1 | 2;
  /** kube-system UID per zone context, read in the same calls as the objects */
  fingerprints: Record<string, string>;
}

export async function statusReport(tools: Tools, config: CrossmeshConfig, journal: Journal): Promise<StatusReport> {
  const effective = configWithJournalFacts(config, journal);
  const { rows, fingerprints } = await scanStatusWithFingerprints(tools, effective, factsFromJournal(effective, journal));
  const counted = rows.filter((r) => r.state !== 'no-objects');
  const exitCode = counted.some((r) => r.state === 'unknown') ? 1 : counted.every((r) => r.state === 'in-sync') ? 0 : 2;
  return { rows, exitCode, fingerprints };
}

const WORD: Record<string, string> = { 'in-sync': 'in sync', missing: 'missing', partial: 'partly applied', drifted: 'drifted', unknown: 'unknown', 'no-objects': '-' };

export function renderStatusText(report: StatusReport, style: Style): string {
  const lines: string[] = [];
  for (const row of report.rows) {
    if (row.state === 'no-objects') continue;
    const mark = row.state === 'in-sync' ? style.paint('green', style.ok) : row.state === 'unknown' ? style.paint('red', style.fail) : style.paint('yellow', style.warn);
    lines.push(`${mark} ${row.step.padEnd(17)} ${WORD[row.state]}`);
    for (const o of row.objects) {
      if (o.state === 'in-sync') continue;
      const where = `${describeObject(o.manifest)} on ${o.manifest.target.context}`;
      if (o.state === 'missing') lines.push(`    missing: ${where}`);
      else if (o.state === 'unknown') lines.push(`    could not read ${where}: ${o.error}`);
      else {
        lines.push(`    drifted: ${where}`);
        for (const d of formatDifferences(o.differences)) lines.push(`      ${d}`);
      }
    }
  }
  lines.push(
    report.exitCode === 0
      ? 'Every step matches the plan.'
      : report.exitCode === 2
        ? 'Some objects are missing or differ: run crossmesh (or crossmesh apply --yes) to continue.'
        : 'Some clusters could not be read; the hints above say why.',
  );
  return `${lines.join('\n')}\n`;
}

export function renderStatusJson(report: StatusReport): string {
  return `${JSON.stringify(
    {
      inSync: report.exitCode === 0,
      steps: report.rows
        .filter((r) => r.state !== 'no-objects')
        .map((r) => ({
          step: r.step,
          state: r.state,
          objects: r.objects.map((o) => ({ object: describeObject(o.manifest), tool: o.manifest.target.tool, context: o.manifest.target.context, state: o.state, differences: o.differences, ...(o.error ? { error: o.error } : {}) })),
        })),
    },
    null,
    2,
  )}\n`;
}
