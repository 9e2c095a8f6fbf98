import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig, ClusterKey } from '../config/types.js';
import { zoneRole } from '../config/model.js';
import { scanStatusWithFingerprints, type MeshCopy, type StepLiveState, type StepStatusRow } from './scan.js';
import { readZoneHealth, type ZoneState } from '../cluster/zone-health.js';
import { describeObject, TERMINATING_HINT } from '../cluster/read.js';
import { hintFor } from '../adapter/hints.js';
import { EXIT } from '../model/exit-codes.js';
import type { ToolName } from '../model/types.js';
import { formatDifferences } from '../cluster/compare.js';
import type { Journal } from '../state/journal.js';
import type { Style } from '../render/style.js';
import { configWithJournalFacts, factsFromJournal } from '../state/facts.js';
import { linkStatuses, type LinkStatus } from './links.js';

export interface StatusReport {
  rows: StepStatusRow[];
  /** each link, from its external services and the called mesh's gateway */
  links: LinkStatus[];
  /** the zones' copies of the planned Meshes (only for Meshes the global has as planned) */
  meshCopies: MeshCopy[];
  /** how the global control plane sees each zone of the setup */
  zones: Array<{ cluster: ClusterKey; context: string; zone: string; state: ZoneState; since?: string }>;
  zoneHealthError?: string;
  exitCode: typeof EXIT.ok | typeof EXIT.failed | typeof EXIT.notInSync;
  /** kube-system UID per zone context, read in the same calls as the objects */
  fingerprints: Record<string, string>;
}

export async function statusReport(tools: Tools, config: CrossmeshConfig, journal: Journal): Promise<StatusReport> {
  const effective = configWithJournalFacts(config, journal.data);
  // One process per context. A global on Kubernetes: its Zone and ZoneInsight objects ride along in
  // the same `kubectl get` as its Meshes. A kumactl global takes two, as kumactl reads Meshes
  // (`kumactl get meshes`) and zone health (`kumactl inspect zones`) with different subcommands;
  // that call needs no plan, so it starts first, while the plan for the scan is built.
  const separateHealth = effective.global.tool === 'kumactl' ? readZoneHealth(tools, effective) : undefined;
  const [{ rows, fingerprints, meshCopies, zoneHealth }, healthRead] = await Promise.all([
    scanStatusWithFingerprints(tools, effective, factsFromJournal(effective, journal.data), { zoneHealth: !separateHealth }),
    separateHealth,
  ]);
  const health = healthRead ?? zoneHealth ?? { zones: [] };
  const zones = effective.zones.map(({ name, context, zone }) => {
    const cluster = zoneRole(effective, name);
    const seen = health.zones.find((z) => z.name === zone);
    return { cluster, context, zone, state: seen?.state ?? ('unknown-zone' as const), ...(seen?.since ? { since: seen.since } : {}) };
  });
  const counted = rows.filter((r) => r.state !== 'no-objects');
  const zonesOk = Boolean(health.error) || zones.every((z) => z.state === 'online');
  const exitCode = counted.some((r) => r.state === 'unknown')
    ? EXIT.failed
    : counted.every((r) => r.state === 'in-sync') && zonesOk
      ? EXIT.ok
      : EXIT.notInSync;
  return {
    rows,
    links: linkStatuses(effective, rows),
    meshCopies,
    zones,
    ...(health.error ? { zoneHealthError: health.error } : {}),
    exitCode,
    fingerprints,
  };
}

const WORD: Record<StepLiveState, string> = {
  'in-sync': 'in sync',
  missing: 'missing',
  partial: 'partly applied',
  drifted: 'drifted',
  unknown: 'unknown',
  'no-objects': '-',
  'sync-broken': 'sync broken: on the global as planned, not so in every zone',
  terminating: 'being deleted',
};

const ZONE_WORD: Record<ZoneState, string> = {
  online: 'online',
  offline: 'OFFLINE: not connected to the global, so it receives no Meshes or changes',
  disabled: 'disabled at the global: it receives nothing',
  'unknown-zone': 'not known to the global: it has never connected',
};

export const SYNC_BROKEN_HINT =
  'The zone is not taking the global\'s Meshes. Check the zone with "kumactl inspect zones" (a global on Kubernetes: its ZoneInsight objects) and the zone control plane\'s logs; ' +
  'a zone that refused a change (for example a new CA on a mesh with mTLS on) stays offline and keeps the old Mesh until the change is undone.';

/** One line and one hint per cluster that could not be read, instead of one line per object. */
function unreadableClusters(report: StatusReport): string[] {
  const byContext = new Map<string, { tool: ToolName; errors: Set<string>; count: number }>();
  for (const o of report.rows.flatMap((r) => r.objects).filter((x) => x.state === 'unknown')) {
    const { context, tool } = o.manifest.target;
    const entry = byContext.get(context) ?? { tool, errors: new Set<string>(), count: 0 };
    entry.errors.add(o.error ?? 'no answer');
    entry.count++;
    byContext.set(context, entry);
  }
  return [...byContext].flatMap(([context, { tool, errors, count }]) => {
    const error = [...errors].join('; ');
    return [
      `could not read ${count} planned object${count === 1 ? '' : 's'} on ${context}: ${error}`,
      `    hint: ${hintFor({ tool, stderr: error, stdout: '', notFound: false, timedOut: false }, context)}`,
    ];
  });
}

/** The mark of a step's or a link's state: done, could not be read, or anything in between. */
function stateMark(state: StepLiveState, style: Style): string {
  if (state === 'in-sync') return style.paint('green', style.ok);
  return state === 'unknown' ? style.paint('red', style.fail) : style.paint('yellow', style.warn);
}

export function renderStatusText(report: StatusReport, style: Style): string {
  const lines: string[] = [];
  if (report.zoneHealthError)
    lines.push(
      `${style.paint('yellow', style.warn)} zones: could not ask the global control plane how it sees them (${report.zoneHealthError})`,
    );
  for (const z of report.zones) {
    const mark = z.state === 'online' ? style.paint('green', style.ok) : style.paint('red', style.fail);
    if (!report.zoneHealthError)
      lines.push(
        `${mark} zone ${z.zone} (context ${z.context}): ${ZONE_WORD[z.state]}${z.since && z.state !== 'online' ? `, since ${z.since}` : ''}`,
      );
  }
  for (const row of report.rows) {
    if (row.state === 'no-objects') continue;
    lines.push(`${stateMark(row.state, style)} ${row.step.padEnd(17)} ${WORD[row.state]}`);
    for (const o of row.objects) {
      if (o.state === 'in-sync') continue;
      const where = `${describeObject(o.manifest)} on ${o.manifest.target.context}`;
      if (o.state === 'missing') lines.push(`    missing: ${where}`);
      else if (o.state === 'unknown')
        continue; // said once per cluster below
      else if (o.state === 'terminating') lines.push(`    being deleted: ${where}`);
      else {
        lines.push(`    drifted: ${where}`);
        for (const d of formatDifferences(o.differences)) lines.push(`      ${d}`);
      }
    }
    if (row.state === 'terminating') lines.push(`    hint: ${TERMINATING_HINT}`);
    if (row.state === 'sync-broken') {
      for (const c of report.meshCopies.filter((m) => m.object.state !== 'in-sync')) {
        const where = `zone ${c.placement.zone} (context ${c.placement.context})`;
        if (c.object.state === 'missing') lines.push(`    ${c.placement.mesh} is not in ${where}`);
        else if (c.object.state === 'unknown') lines.push(`    could not read ${c.placement.mesh} in ${where}: ${c.object.error}`);
        else {
          lines.push(`    ${c.placement.mesh} in ${where} differs from the global's:`);
          for (const d of formatDifferences(c.object.differences)) lines.push(`      ${d.replace(', live ', ', in the zone ')}`);
        }
      }
      lines.push(`    hint: ${SYNC_BROKEN_HINT}`);
    }
  }
  if (report.links.length) {
    lines.push('Links:');
    for (const l of report.links) lines.push(`${stateMark(l.state, style)} ${l.label}: ${WORD[l.state]}`);
  }
  lines.push(...unreadableClusters(report));
  const offline = report.zones.filter((z) => z.state !== 'online');
  if (offline.length && !report.zoneHealthError)
    lines.push(
      `hint: ${offline.map((z) => `zone ${z.zone}`).join(' and ')} ${offline.length === 1 ? 'is' : 'are'} not connected to the global: check the zone control plane's pods and logs, and that it reaches the global's KDS address (port 5685).`,
    );
  lines.push(
    report.exitCode === EXIT.ok
      ? 'Every step matches the plan.'
      : report.exitCode === EXIT.notInSync
        ? 'Some objects are missing or differ, or a zone is not in step with the global: run crossmesh (or crossmesh apply --yes) to continue once the zones are online.'
        : 'Some clusters could not be read; the hints above say why.',
  );
  return `${lines.join('\n')}\n`;
}

export function renderStatusJson(report: StatusReport): string {
  return `${JSON.stringify(
    {
      inSync: report.exitCode === EXIT.ok,
      zones: report.zones,
      ...(report.zoneHealthError ? { zoneHealthError: report.zoneHealthError } : {}),
      meshCopies: report.meshCopies.map((c) => ({
        mesh: c.placement.mesh,
        zone: c.placement.zone,
        context: c.placement.context,
        state: c.object.state,
        differences: c.object.differences,
      })),
      links: report.links.map((l) => ({ from: l.link.from, to: l.link.to, label: l.label, state: l.state })),
      steps: report.rows
        .filter((r) => r.state !== 'no-objects')
        .map((r) => ({
          step: r.step,
          state: r.state,
          objects: r.objects.map((o) => ({
            object: describeObject(o.manifest),
            tool: o.manifest.target.tool,
            context: o.manifest.target.context,
            state: o.state,
            differences: o.differences,
            ...(o.error ? { error: o.error } : {}),
          })),
        })),
    },
    null,
    2,
  )}\n`;
}
