import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig, ClusterKey } from '../config/types.js';
import { zoneByRole } from '../config/model.js';
import { isKubeObject, type Manifest } from '../model/types.js';
import { pause } from '../adapter/pause.js';

/** A mesh that a zone must know before it accepts objects of that mesh. */
export interface MeshPlacement {
  mesh: string;
  cluster: ClusterKey;
  context: string;
  zone: string;
}

/**
 * The mesh a zone object belongs to, for the Kuma kinds a zone's owner-reference webhook checks:
 * MeshGateway (and Dataplane) name it in a top-level field, the others in the kuma.io/mesh label.
 */
export function meshOfObject(m: Manifest): string | undefined {
  const o = m.object;
  if (!isKubeObject(o) || !o.apiVersion.startsWith('kuma.io/') || o.kind === 'Mesh') return undefined;
  const top = o['mesh'];
  if (typeof top === 'string') return top;
  return o.metadata.labels?.['kuma.io/mesh'];
}

/** Every (mesh, zone) pair where these manifests put objects of a mesh, in plan order. */
export function meshPlacements(config: CrossmeshConfig, manifests: Manifest[]): MeshPlacement[] {
  const seen = new Map<string, MeshPlacement>();
  for (const m of manifests) {
    const role = m.target.role;
    if (role === 'global') continue;
    const mesh = meshOfObject(m);
    if (!mesh) continue;
    const key = `${mesh}|${m.target.context}`;
    if (!seen.has(key)) seen.set(key, { mesh, cluster: role, context: m.target.context, zone: zoneByRole(config, role)?.zone ?? role });
  }
  return [...seen.values()];
}

export function describePlacement(p: MeshPlacement): string {
  return `${p.mesh} in zone ${p.zone} (context ${p.context})`;
}

/** Which of the named Meshes a zone has: one kubectl call for the zone. */
export async function readZoneMeshes(
  tools: Tools,
  context: string,
  names: string[],
  signal?: AbortSignal,
): Promise<{ present: Set<string>; error?: string }> {
  const r = await tools.kubectl(context, ['get', 'meshes.kuma.io', ...names, '-o', 'name', '--ignore-not-found', '--request-timeout=10s'], {
    timeoutMs: 15_000,
    ...(signal ? { signal } : {}),
  });
  if (r.exitCode !== 0) return { present: new Set(), error: r.stderr.trim() || `kubectl exited with ${r.exitCode}` };
  const present = new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim().replace(/^mesh\.kuma\.io\//, ''))
      .filter(Boolean),
  );
  return { present };
}

/** The placements whose zone does not have the mesh yet (reads every zone at once). */
export async function missingPlacements(
  tools: Tools,
  placements: MeshPlacement[],
  signal?: AbortSignal,
): Promise<{ missing: MeshPlacement[]; errors: string[] }> {
  const byContext = new Map<string, MeshPlacement[]>();
  for (const p of placements) byContext.set(p.context, [...(byContext.get(p.context) ?? []), p]);
  const reads = await Promise.all(
    [...byContext].map(async ([context, list]) => ({
      list,
      read: await readZoneMeshes(tools, context, [...new Set(list.map((p) => p.mesh))], signal),
    })),
  );
  return {
    missing: reads.flatMap(({ list, read }) => list.filter((p) => !read.present.has(p.mesh))),
    errors: reads.flatMap(({ list, read }) => (read.error ? [`${list[0]!.context}: ${read.error}`] : [])),
  };
}

export interface MeshSyncWait {
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onTick?: (elapsedMs: number, missing: MeshPlacement[]) => void;
}

/**
 * Polls the zones until each one has the Meshes it needs. Returns what is still missing when the
 * timeout passes or the signal aborts (empty when every zone caught up).
 */
export async function waitForMeshes(
  tools: Tools,
  placements: MeshPlacement[],
  o: MeshSyncWait,
): Promise<{ missing: MeshPlacement[]; errors: string[] }> {
  const start = Date.now();
  const poll = o.pollMs ?? 500;
  let pending = placements;
  for (;;) {
    const result = await missingPlacements(tools, pending, o.signal);
    pending = result.missing;
    const elapsed = Date.now() - start;
    if (!pending.length || o.signal?.aborted || elapsed >= o.timeoutMs) return result;
    o.onTick?.(elapsed, pending);
    await pause(Math.min(poll, Math.max(0, o.timeoutMs - elapsed)), o.signal);
  }
}

/** What to tell the user when a zone never received a mesh. */
export function meshSyncTimeoutMessage(missing: MeshPlacement[], waited: string): string {
  const zones = [...new Set(missing.map((p) => `zone ${p.zone} (context ${p.context})`))];
  return (
    `After ${waited}, ${missing.map(describePlacement).join(', ')} ${missing.length === 1 ? 'is' : 'are'} still missing. ` +
    `The global control plane copies each Mesh to every zone; ${zones.join(' and ')} did not receive it.`
  );
}

export const MESH_SYNC_HINT =
  'Likely causes: the zone is offline or its control plane is not connected to the global (KDS, port 5685); the global refused an earlier change of this mesh. ' +
  'Check the zone with "kumactl inspect zones" (or the ZoneInsight objects on a global on Kubernetes) and the zone control plane\'s logs, then retry. ' +
  'A slow link may just need a longer meshSyncWait in crossmesh.yaml.';
