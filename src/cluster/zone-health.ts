import type { Tools, ToolResult } from '../adapter/tools.js';
import type { CrossmeshConfig, ClusterKey } from '../config/types.js';
import type { CheckResult } from '../model/types.js';
import { clusterName } from '../config/labels.js';
import type { KubeObject } from '../model/types.js';

/** How the global control plane sees one zone. */
export type ZoneState = 'online' | 'offline' | 'disabled' | 'unknown-zone';

export interface ZoneHealth {
  name: string;
  state: Exclude<ZoneState, 'unknown-zone'>;
  /** when the zone last connected or disconnected, as the global recorded it */
  since?: string;
}

export interface ZoneHealthReport {
  zones: ZoneHealth[];
  /** set when the global could not be asked, or answered something unexpected */
  error?: string;
  command?: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Subscription {
  connectTime?: string;
  disconnectTime?: string;
}

function subscriptionsOf(insight: unknown): Subscription[] {
  const subs = isObj(insight) ? insight['subscriptions'] : undefined;
  return Array.isArray(subs)
    ? subs.filter(isObj).map((s) => ({
        ...(typeof s['connectTime'] === 'string' ? { connectTime: s['connectTime'] } : {}),
        ...(typeof s['disconnectTime'] === 'string' ? { disconnectTime: s['disconnectTime'] } : {}),
      }))
    : [];
}

/** A zone is online while its newest control-plane connection to the global has not ended. */
function healthOf(name: string, enabled: boolean, subs: Subscription[]): ZoneHealth {
  if (!enabled) return { name, state: 'disabled' };
  const last = subs[subs.length - 1];
  if (last?.connectTime && !last.disconnectTime) return { name, state: 'online', since: last.connectTime };
  return { name, state: 'offline', ...(last?.disconnectTime ? { since: last.disconnectTime } : {}) };
}

/** `kumactl inspect zones -o json`: items of type ZoneOverview with zone.enabled and zoneInsight.subscriptions. */
export function parseKumactlZones(text: string): ZoneHealth[] | undefined {
  const doc = parseJson(text);
  const items = isObj(doc) ? doc['items'] : undefined;
  if (!Array.isArray(items)) return undefined;
  return items.filter(isObj).flatMap((i) => {
    if (typeof i['name'] !== 'string') return [];
    const zone = isObj(i['zone']) ? i['zone'] : {};
    return [healthOf(i['name'], zone['enabled'] !== false, subscriptionsOf(i['zoneInsight']))];
  });
}

/** A global on Kubernetes: `kubectl get zones.kuma.io,zoneinsights.kuma.io -o json` (one List of both kinds). */
export function parseKubeZones(text: string): ZoneHealth[] | undefined {
  const doc = parseJson(text);
  const items = isObj(doc) ? doc['items'] : undefined;
  if (!Array.isArray(items)) return undefined;
  return kubeZonesFromItems(items);
}

/** The zones' health from `Zone` and `ZoneInsight` objects as kubectl prints them (other kinds are ignored). */
export function kubeZonesFromItems(items: unknown[]): ZoneHealth[] {
  const enabled = new Map<string, boolean>();
  const insights = new Map<string, Subscription[]>();
  for (const item of items.filter(isObj)) {
    const name = isObj(item['metadata']) ? item['metadata']['name'] : undefined;
    if (typeof name !== 'string') continue;
    const spec = isObj(item['spec']) ? item['spec'] : {};
    if (item['kind'] === 'Zone') enabled.set(name, spec['enabled'] !== false);
    if (item['kind'] === 'ZoneInsight') insights.set(name, subscriptionsOf(spec));
  }
  const names = [...new Set([...enabled.keys(), ...insights.keys()])];
  return names.map((name) => healthOf(name, enabled.get(name) ?? true, insights.get(name) ?? []));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The kinds a global on Kubernetes keeps zone health in (cluster-scoped, kuma.io/v1alpha1). */
export const ZONE_HEALTH_KINDS = ['Zone', 'ZoneInsight'] as const;

/**
 * The `Zone` and `ZoneInsight` of each named zone, as documents for `kubectl get -f -`: so a read of
 * the global's objects by name (`status`) can take the zones' health in the same call.
 */
export function zoneHealthObjects(zones: string[]): KubeObject[] {
  return [...new Set(zones)].flatMap((name) =>
    ZONE_HEALTH_KINDS.map((kind) => ({ apiVersion: 'kuma.io/v1alpha1', kind, metadata: { name } })),
  );
}

/**
 * The report from what such a read brought back: the objects kubectl printed, or why it could not
 * (the same parsing as readZoneHealth's; zones not asked for are simply absent).
 */
export function zoneHealthFromRead(read: { items: unknown[] } | { error: string; command?: string }): ZoneHealthReport {
  if ('error' in read) return { zones: [], error: read.error, ...(read.command ? { command: read.command } : {}) };
  return { zones: kubeZonesFromItems(read.items) };
}

/**
 * Asks the global control plane how it sees every zone: one call. `status` with a global on
 * Kubernetes does not use it: it reads the zones' objects in the same kubectl call as the global's
 * Meshes (zoneHealthObjects, zoneHealthFromRead).
 */
export async function readZoneHealth(tools: Tools, config: CrossmeshConfig): Promise<ZoneHealthReport> {
  const global = config.global;
  const kumactl = global.tool === 'kumactl';
  const r: ToolResult =
    global.tool === 'kumactl'
      ? await tools.kumactl(global.controlPlane, ['inspect', 'zones', '-o', 'json'], { timeoutMs: 15_000 })
      : await tools.kubectl(global.context, ['get', 'zones.kuma.io,zoneinsights.kuma.io', '-o', 'json', '--request-timeout=10s'], {
          timeoutMs: 15_000,
        });
  if (r.exitCode !== 0) return { zones: [], error: r.stderr.trim() || `${r.tool} exited with ${r.exitCode}`, command: r.command };
  const zones = kumactl ? parseKumactlZones(r.stdout) : parseKubeZones(r.stdout);
  if (!zones) return { zones: [], error: `unexpected answer: ${r.stdout.trim().slice(0, 200) || '(nothing)'}`, command: r.command };
  return { zones };
}

const OFFLINE_HINT =
  "The zone control plane is not connected to the global, so new Meshes and changes do not reach it. Check its pods and logs, and that it reaches the global's KDS address (port 5685). " +
  'An earlier refused change (such as a new CA on a mesh with mTLS on) also stops the sync.';

/** One check per zone the setup uses: online passes; offline, disabled or unknown to the global fails. */
export function zoneHealthChecks(
  report: ZoneHealthReport,
  zones: Array<{ cluster: ClusterKey; context: string; zone: string }>,
): CheckResult[] {
  if (report.error) {
    return [
      {
        status: 'warn',
        label: 'zone connections at the global control plane could not be read',
        detail: report.error,
        hint: 'crossmesh cannot tell whether the zones are connected; if Meshes never reach a zone, check "kumactl inspect zones" by hand.',
      },
    ];
  }
  return zones.map(({ cluster, context, zone }) => {
    const label = `${clusterName(cluster, context)}: zone ${zone}`;
    const health = report.zones.find((z) => z.name === zone);
    if (!health)
      return {
        status: 'fail',
        label: `${label} is not known to the global control plane`,
        hint: `No zone named ${zone} has ever connected to this global: check the zone control plane's global address and zone name (KUMA_MULTIZONE_ZONE_NAME).`,
      };
    if (health.state === 'online') return { status: 'ok', label: `${label} is online at the global control plane` };
    if (health.state === 'disabled')
      return {
        status: 'fail',
        label: `${label} is disabled at the global control plane`,
        hint: 'A disabled zone receives nothing from the global: enable it again (its Zone resource, enabled: true).',
      };
    return {
      status: 'fail',
      label: `${label} is offline at the global control plane`,
      ...(health.since ? { detail: `disconnected since ${health.since}` } : { detail: 'it has not connected yet' }),
      hint: OFFLINE_HINT,
    };
  });
}
