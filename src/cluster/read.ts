import { stringify } from 'yaml';
import type { Tools, ToolResult } from '../adapter/tools.js';
import { at, listItems, parseJson, record, records, str, stringMap, type JsonRecord } from '../adapter/json.js';
import type { KubeObject, LiveObject, Manifest, ManifestObject } from '../model/types.js';
import { isKubeObject, kindOf, nameOf } from '../model/types.js';
import { plannedFieldDifferences } from './compare.js';

const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Names the setup (working folder) that created an object: teardown removes only its own. */
export const SETUP_LABEL = 'crossmesh.io/setup';

export const TERMINATING_HINT =
  'It is being deleted (Terminating): nothing can be applied to it, or created in a namespace in that state, until it is gone. Wait for it (its finalizers must finish), then run crossmesh again.';

type Json = JsonRecord;

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

function liveKey(o: Json): string {
  const meta = record(o.metadata);
  return key(String(o.kind), str(meta.namespace), String(meta.name));
}

function plannedKey(m: Manifest): string {
  const o = m.object;
  return isKubeObject(o) ? key(o.kind, o.metadata.namespace, o.metadata.name) : key(o.type, undefined, o.name);
}

/** Groups manifests by tool and context, keeping order, so each cluster is read with one call. */
export function groupByTarget(manifests: Manifest[]): Manifest[][] {
  const groups = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const k = `${m.target.tool}|${m.target.context}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  return [...groups.values()];
}

export function multiDocYaml(manifests: Manifest[]): string {
  return manifests.map((m) => stringify(m.object, { lineWidth: 0 })).join('---\n');
}

/** Reads the live form of every planned object: one call per context (kubectl) or control plane (kumactl). */
export async function readLive(tools: Tools, manifests: Manifest[]): Promise<LiveObject[]> {
  return (await readLiveWithFingerprints(tools, manifests, [])).objects;
}

const KUBE_SYSTEM = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n';

/**
 * Objects read by name in one kube context's call besides the planned ones, handed back as kubectl
 * printed them (status: the global's Zone and ZoneInsight objects, so its zone health costs no
 * second process).
 */
export interface RideAlong {
  context: string;
  objects: KubeObject[];
}

/** The ride-along objects that exist, or why they could not be read. */
export type RideAlongResult = { items: Json[] } | { error: string; command: string };

/**
 * The same read; for the contexts listed, the kube-system namespace rides along in the same call,
 * so the cluster fingerprint (its UID) costs no extra process; so do `rideAlong`'s objects, in the
 * call to their context (a call of their own only when no planned object is there).
 */
export async function readLiveWithFingerprints(
  tools: Tools,
  manifests: Manifest[],
  fingerprintContexts: string[],
  rideAlong?: RideAlong,
): Promise<{ objects: LiveObject[]; fingerprints: Record<string, string>; rideAlong?: RideAlongResult }> {
  const fingerprints: Record<string, string> = {};
  const fingerprintsFor = (context: string) => (fingerprintContexts.includes(context) ? fingerprints : undefined);
  const groups = groupByTarget(manifests);
  const along = rideAlong?.objects.length ? rideAlong : undefined;
  const carrier = along && groups.find((g) => g[0]!.target.tool === 'kubectl' && g[0]!.target.context === along.context);
  // nothing to ask for reads as nothing found
  let riders: RideAlongResult | undefined = rideAlong && !along ? { items: [] } : undefined;
  const keep = (r: GroupRead) => {
    if (r.riders) riders = r.riders;
    return r.objects;
  };
  const results = await Promise.all([
    ...groups.map(async (group) => {
      const { tool, context } = group[0]!.target;
      if (tool !== 'kubectl') return readKumactlGroup(tools, group);
      return keep(await readKubeGroup(tools, context, group, fingerprintsFor(context), group === carrier ? along?.objects : undefined));
    }),
    ...(along && !carrier ? [readKubeGroup(tools, along.context, [], fingerprintsFor(along.context), along.objects).then(keep)] : []),
  ]);
  const byId = new Map(results.flat().map((r) => [r.manifest.id, r]));
  return { objects: manifests.map((m) => byId.get(m.id)!), fingerprints, ...(riders ? { rideAlong: riders } : {}) };
}

interface GroupRead {
  objects: LiveObject[];
  riders?: RideAlongResult;
}

const toolError = (r: ToolResult) => r.stderr.trim() || `${r.tool} exited with ${r.exitCode}`;

/**
 * When a read with ride-along objects failed over those alone (their kinds not served on this API
 * server, or not allowed), what kubectl said about them: its first line per kind, shortened.
 * Undefined when anything else went wrong too.
 */
function ridersOnlyFailure(stderr: string, riders: KubeObject[]): string | undefined {
  // kubectl says one line per object it could not get, plus hints and warnings
  const errors = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(ensure CRDs are installed first|Warning:)/i.test(l));
  const kindOfLine = (line: string) =>
    riders.find((o) => {
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
      // `resource mapping not found for name: "zone1" ...: no matches for kind "Zone" in version "kuma.io/v1alpha1"` (no CRD),
      // `Error from server (Forbidden): zones.kuma.io "zone1" is forbidden: ...` (not allowed)
      return line.includes(`kind "${o.kind}"`) || line.includes(`${o.kind.toLowerCase()}s${group ? `.${group}` : ''} "${o.metadata.name}"`);
    })?.kind;
  if (!errors.length || !errors.every(kindOfLine)) return undefined;
  const firstPerKind = new Map<string, string>();
  for (const line of errors) if (!firstPerKind.has(kindOfLine(line)!)) firstPerKind.set(kindOfLine(line)!, line);
  return [...firstPerKind.values()].map((l) => l.replace(/^resource mapping not found for .*?: (no matches for kind)/, '$1')).join('; ');
}

/** One kube context: every planned object (and the kube-system namespace, and ride-along objects) in one `kubectl get -f -`. */
async function readKubeGroup(
  tools: Tools,
  context: string,
  group: Manifest[],
  fingerprints?: Record<string, string>,
  riders?: KubeObject[],
): Promise<GroupRead> {
  const get = (withRiders: boolean) =>
    tools.kubectl(context, ['get', '-f', '-', '-o', 'json', '--ignore-not-found'], {
      input: [
        ...group.map((m) => stringify(m.object, { lineWidth: 0 })),
        ...(fingerprints ? [KUBE_SYSTEM] : []),
        ...(withRiders ? riders!.map((o) => stringify(o, { lineWidth: 0 })) : []),
      ].join('---\n'),
      timeoutMs: 30_000,
    });
  const withRiders = Boolean(riders?.length);
  let r = await get(withRiders);
  let ridersRead: RideAlongResult | undefined;
  if (withRiders && r.exitCode !== 0) {
    const theirs = ridersOnlyFailure(r.stderr, riders!);
    ridersRead = { error: theirs ?? toolError(r), command: r.command };
    // Only when the ride-along objects alone made the call fail (their CRDs missing on this API
    // server, say), the planned objects are read again without them: the one case of a second process.
    if (theirs && group.length) r = await get(false);
  }
  if (r.exitCode !== 0)
    return { objects: group.map((manifest) => ({ manifest, state: 'unknown', differences: [], error: toolError(r) })), riders: ridersRead };
  const text = r.stdout.trim();
  const parsed: unknown = text ? JSON.parse(text) : { items: [] };
  const items = at(parsed, 'kind') === 'List' || Array.isArray(at(parsed, 'items')) ? records(at(parsed, 'items')) : [record(parsed)];
  if (fingerprints) {
    const ks = items.find((i) => i.kind === 'Namespace' && at(i, 'metadata', 'name') === 'kube-system');
    const uid = at(ks, 'metadata', 'uid');
    if (typeof uid === 'string') fingerprints[context] = uid;
  }
  if (withRiders && !ridersRead) {
    const wanted = new Set(riders!.map((o) => key(o.kind, o.metadata.namespace, o.metadata.name)));
    ridersRead = { items: items.filter((i) => wanted.has(liveKey(i))) };
  }
  return { objects: compareAll(group, items), riders: ridersRead };
}

/** A global control plane reached with kumactl: one `kumactl get <type>s` per planned type. */
async function readKumactlGroup(tools: Tools, group: Manifest[]): Promise<LiveObject[]> {
  const first = group[0]!;
  const types = [...new Set(group.map((m) => kindOf(m.object)))];
  const items: Json[] = [];
  for (const type of types) {
    const plural = type === 'Mesh' ? 'meshes' : `${type.toLowerCase()}s`;
    const r = await tools.kumactl(first.target.context, ['get', plural, '-o', 'json'], { timeoutMs: 30_000 });
    if (r.exitCode !== 0 || !r.stdout.trim().startsWith('{'))
      return group.map((manifest) => ({
        manifest,
        state: 'unknown',
        differences: [],
        error: r.stderr.trim() || r.stdout.trim() || `kumactl exited with ${r.exitCode}`,
      }));
    const parsed: unknown = JSON.parse(r.stdout);
    // universal objects carry type and name at the top level
    items.push(...records(at(parsed, 'items')).map((i) => ({ ...i, kind: i.type, metadata: { name: i.name } })));
  }
  return compareAll(group, items);
}

function compareAll(group: Manifest[], items: Json[]): LiveObject[] {
  const live = new Map(items.map((i) => [liveKey(i), i]));
  return group.map((manifest) => compareOne(manifest, live.get(plannedKey(manifest))));
}

/**
 * The objects kubectl printed for a group (`kubectl apply -o json`: one object, or a List), matched
 * to the manifests by kind, namespace and name. A manifest without a match is left out.
 */
export function liveFromOutput(group: Manifest[], stdout: string): Map<string, Json> {
  const parsed = parseJson(stdout, 'kubectl apply output');
  const found = new Map<string, Json>();
  if (!parsed.ok || parsed.value === null) return found;
  const live = new Map(listItems(parsed.value).map((i) => [liveKey(i), i]));
  for (const m of group) {
    const o = live.get(plannedKey(m));
    if (o) found.set(m.id, o);
  }
  return found;
}

/** kubectl's own line for an applied object ("deployment.apps/echo created"). */
export function kubectlVerbLine(live: Json, verb: string): string {
  const apiVersion = str(live.apiVersion) ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${String(live.kind).toLowerCase()}${group ? `.${group}` : ''}/${String(at(live, 'metadata', 'name'))} ${verb}`;
}

/** The plan without crossmesh's own bookkeeping labels: an object made by hand from the guide counts as in sync. */
export function withoutManagedBy(o: ManifestObject): ManifestObject {
  return withLabels(o, (labels) => labels.filter(([k]) => k !== MANAGED_BY_LABEL && k !== SETUP_LABEL));
}

/** The object with the setup label set to `setup`, or removed when `setup` is null. */
export function withSetupLabel(o: ManifestObject, setup: string | null): ManifestObject {
  return withLabels(o, (labels) => [
    ...labels.filter(([k]) => k !== SETUP_LABEL),
    ...(setup ? [[SETUP_LABEL, setup] satisfies Label] : []),
  ]);
}

type Label = [string, string];

/** Rewrites the labels of a Kubernetes object (under metadata) or a universal one (top level). */
function withLabels(o: ManifestObject, change: (labels: Label[]) => Label[]): ManifestObject {
  if (isKubeObject(o)) {
    const { labels, ...meta } = o.metadata;
    const kept = change(Object.entries(labels ?? {}));
    return { ...o, metadata: kept.length ? { ...meta, labels: Object.fromEntries(kept) } : meta };
  }
  const { labels, ...rest } = o;
  const kept = change(Object.entries(stringMap(labels)));
  return kept.length ? { ...rest, labels: Object.fromEntries(kept) } : rest;
}

function liveLabels(live: Json | undefined): Record<string, string> {
  return stringMap(at(live, 'metadata', 'labels') ?? live?.labels);
}

/** Whether a live object carries crossmesh's label (Kubernetes metadata or universal top level). */
export function liveIsManagedByCrossmesh(live: Json | undefined): boolean {
  return liveLabels(live)[MANAGED_BY_LABEL] === 'crossmesh';
}

/** The setup that created a live object, when it says. */
export function liveSetup(live: Json | undefined): string | undefined {
  return liveLabels(live)[SETUP_LABEL];
}

export function compareOne(manifest: Manifest, live: Json | undefined): LiveObject {
  if (!live) return { manifest, state: 'missing', differences: [] };
  if (at(live, 'metadata', 'deletionTimestamp')) return { manifest, state: 'terminating', differences: [], live };
  const planned = withoutManagedBy(manifest.object);
  const comparable = isKubeObject(manifest.object) ? planned : Object.fromEntries(Object.entries(planned).filter(([k]) => k !== 'type'));
  const liveComparable = isKubeObject(manifest.object)
    ? live
    : Object.fromEntries(Object.entries(live).filter(([k]) => k !== 'kind' && k !== 'metadata'));
  const differences = plannedFieldDifferences(comparable, liveComparable, '', manifest.needs?.placeholder);
  return { manifest, state: differences.length ? 'drifted' : 'in-sync', differences, live };
}

export function describeObject(m: Manifest): string {
  const o = m.object;
  const ns = isKubeObject(o) ? o.metadata.namespace : undefined;
  return `${kindOf(o)} ${ns ? `${ns}/` : ''}${nameOf(o)}`;
}
