import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import type { PlanFacts, StepId } from '../model/types.js';
import { readLiveWithFingerprints } from '../cluster/read.js';
import { zoneHealthFromRead, zoneHealthObjects, type ZoneHealthReport } from '../cluster/zone-health.js';
import type { LiveObject } from '../model/types.js';
import { isKubeObject, kindOf, nameOf, type Manifest } from '../model/types.js';
import { meshPlacements, type MeshPlacement } from '../cluster/mesh-sync.js';
import { planFor } from '../../steps/index.js';

/** 'sync-broken': the global has the Meshes as planned, but a zone lacks one or holds another version. */
export type StepLiveState = 'in-sync' | 'missing' | 'partial' | 'drifted' | 'unknown' | 'no-objects' | 'sync-broken' | 'terminating';

/** A zone's copy of a Mesh, compared with the plan (which the global's Mesh matches). */
export interface MeshCopy {
  placement: MeshPlacement;
  object: LiveObject;
}

export interface StepStatusRow {
  step: StepId;
  title: string;
  state: StepLiveState;
  objects: LiveObject[];
}

export function stepState(objects: LiveObject[]): StepLiveState {
  if (!objects.length) return 'no-objects';
  if (objects.some((o) => o.state === 'unknown')) return 'unknown';
  if (objects.some((o) => o.state === 'terminating')) return 'terminating';
  if (objects.some((o) => o.state === 'drifted')) return 'drifted';
  if (objects.every((o) => o.state === 'in-sync')) return 'in-sync';
  if (objects.every((o) => o.state === 'missing')) return 'missing';
  return 'partial';
}

/**
 * Reads every planned object with one call per kube context and one per global control plane,
 * and says for each step whether the clusters match the plan.
 */
export async function scanStatus(tools: Tools, config: CrossmeshConfig, facts: Partial<PlanFacts> = {}): Promise<StepStatusRow[]> {
  return (await scanStatusWithFingerprints(tools, config, facts)).rows;
}

/**
 * The scan, plus the kube-system UID of each zone context read in the same calls. With
 * `zoneHealth` and a global on Kubernetes, the global's Zone and ZoneInsight objects of the setup's
 * zones ride along in the global's one read, and `zoneHealth` says how the global sees the zones
 * (left out for a kumactl global: see readZoneHealth).
 */
export async function scanStatusWithFingerprints(
  tools: Tools,
  config: CrossmeshConfig,
  facts: Partial<PlanFacts> = {},
  opts: { zoneHealth?: boolean } = {},
): Promise<{ rows: StepStatusRow[]; fingerprints: Record<string, string>; meshCopies: MeshCopy[]; zoneHealth?: ZoneHealthReport }> {
  const plan = planFor(config, facts);
  const planned = plan.flatMap((p) => p.manifests);
  const zoneContexts = config.zones.map((z) => z.context);
  // the zones' copies of the Meshes ride along in each zone's one read
  const copies = meshCopyManifests(config, planned);
  const global = config.global;
  const zoneObjects =
    opts.zoneHealth && global.tool === 'kubectl'
      ? { context: global.context, objects: zoneHealthObjects(config.zones.map((z) => z.zone)) }
      : undefined;
  const {
    objects: live,
    fingerprints,
    rideAlong,
  } = await readLiveWithFingerprints(tools, [...planned, ...copies.map((c) => c.manifest)], zoneContexts, zoneObjects);
  const byId = new Map(live.map((l) => [l.manifest.id, l]));
  const meshCopies = copies.flatMap(({ placement, manifest, global }) => {
    const onGlobal = byId.get(global.id)!;
    // only a Mesh that is on the global as planned can be missing from, or stale in, a zone
    return onGlobal.state === 'in-sync' ? [{ placement, object: byId.get(manifest.id)! }] : [];
  });
  const rows = plan.map(({ step, manifests }) => {
    const objects = manifests.map((m) => byId.get(m.id)!);
    const meshes = new Set(manifests.filter((m) => kindOf(m.object) === 'Mesh').map((m) => nameOf(m.object)));
    const stale = meshCopies.some((c) => meshes.has(c.placement.mesh) && c.object.state !== 'in-sync');
    const state = stepState(objects);
    return { step: step.id, title: step.title, state: state === 'in-sync' && stale ? 'sync-broken' : state, objects };
  });
  return { rows, fingerprints, meshCopies, ...(zoneObjects && rideAlong ? { zoneHealth: zoneHealthFromRead(rideAlong) } : {}) };
}

/**
 * For each zone that gets objects of a planned Mesh: the Mesh as the zone should hold it (the
 * plan's spec, in the Kubernetes format zones use), to read and compare like any planned object.
 */
function meshCopyManifests(
  config: CrossmeshConfig,
  planned: Manifest[],
): Array<{ placement: MeshPlacement; manifest: Manifest; global: Manifest }> {
  const globals = new Map(planned.filter((m) => kindOf(m.object) === 'Mesh').map((m) => [nameOf(m.object), m]));
  return meshPlacements(config, planned).flatMap((placement) => {
    const global = globals.get(placement.mesh);
    if (!global) return [];
    const o = global.object;
    const spec = isKubeObject(o)
      ? o['spec']
      : Object.fromEntries(Object.entries(o).filter(([k]) => !['type', 'name', 'labels'].includes(k)));
    const manifest: Manifest = {
      id: `mesh-copy/${placement.context}/${placement.mesh}`,
      object: { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: placement.mesh }, spec },
      target: { tool: 'kubectl', role: placement.cluster, context: placement.context },
      purpose: `the copy of ${placement.mesh} in zone ${placement.zone}`,
    };
    return [{ placement, manifest, global }];
  });
}

/**
 * Where a resumed run continues: the first step whose objects are not all as planned, or, when
 * every step is in sync, the check at the end (if it is part of the walk).
 */
export function resumePoint(rows: StepStatusRow[], opts: { verify?: boolean } = {}): StepId | undefined {
  const first = rows.find((r) => r.state !== 'in-sync' && r.state !== 'no-objects')?.step;
  if (first) return first;
  const applied = rows.some((r) => r.state === 'in-sync');
  return applied && opts.verify !== false && rows.some((r) => r.step === 'verify') ? 'verify' : undefined;
}

/** The steps a scan found entirely as planned. */
export function stepsInSync(rows: StepStatusRow[]): StepId[] {
  return rows.filter((r) => r.state === 'in-sync').map((r) => r.step);
}

/**
 * What both front ends offer after a scan: where to continue and the steps already in sync.
 * Nothing, when there is nothing to resume (no earlier setup, or it stopped before any object).
 */
export function resumeOffer(rows: StepStatusRow[], opts: { verify?: boolean } = {}): { point: StepId; inSync: StepId[] } | undefined {
  const point = resumePoint(rows, opts);
  return point && point !== 'namespaces' ? { point, inSync: stepsInSync(rows) } : undefined;
}
