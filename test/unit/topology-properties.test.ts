/**
 * Property tests of the plan over random topologies (issue 12, "Tests"): seeded random models of 1-12
 * meshes over 1-5 zones with random links, each written as a version 2 crossmesh.yaml and read back
 * through the real reader (so validation runs on every one), then planned with planFor.
 *
 *   1. every manifest validates against the offline CRD schemas (Kuma, Kong Operator / Gateway API);
 *   2. names are unique per (kind, namespace, context), and per (type, name, control plane) for
 *      kumactl's universal objects;
 *   3. every MeshExternalService points at its target mesh's gateway, is labelled with the caller
 *      mesh and sits in a zone where the caller runs clients;
 *   4. no object lands in a zone the model does not place it in (and every placement is there);
 *   5. removing a link removes exactly its objects: its external services and, when no other link
 *      calls the same mesh, that mesh's gateway (and Kong namespace); nothing else changes.
 *
 * The checks derive what they expect from the model, not from the naming helpers in steps/: an
 * object is tied to its mesh by its labels, namespace, gateway name or endpoint. Deterministic: the
 * same seed gives the same models; a failure names the model's seed and prints its YAML.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseConfigText, renderConfig } from '../../src/config/file.js';
import { withPrefix } from '../../src/config/prefix.js';
import { isGuideShape } from '../../src/config/model.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig, LinkConfig, MeshConfig, ZoneConfig } from '../../src/config/types.js';
import type { KubeObject, Manifest, PlanFacts } from '../../src/model/types.js';
import { isKubeObject, kindOf, nameOf } from '../../src/model/types.js';
import { planFor, stepsFor } from '../../steps/index.js';
import { crdFolder, KONG_CRD_FOLDER, loadCrdValidator, loadCrdValidatorFrom, type CrdValidator } from './crd-schema.js';
import { sharedDir, sharedInputOrSkip } from './shared-folder.js';

const MODELS = 200;
const SEED = 0x12_2026;
/** failures listed in a message at most */
const SHOWN = 8;

// ---------------------------------------------------------------------------------------------
// a small seeded generator (mulberry32)

interface Rng {
  next(): number;
  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** a random subset (each item with probability p), in the items' order */
  subset<T>(items: readonly T[], p: number): T[];
  shuffle<T>(items: readonly T[]): T[];
}

function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)]!,
    subset: (items, p) => items.filter(() => next() < p),
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

/** What a generated model holds beyond its file: the facts the plan is built with. */
interface Model {
  seed: number;
  /** the version 2 crossmesh.yaml, as read by parseConfigText */
  text: string;
  /** the configuration as the commands use it (withPrefix applied when the file has a prefix) */
  config: CrossmeshConfig;
  facts: Partial<PlanFacts>;
}

const MESH_WORDS = [
  'payments',
  'orders',
  'billing',
  'search',
  'team-a',
  'team-b',
  'edge',
  'core',
  'ledger',
  'auth',
  'shop',
  'users',
  'data',
];
const ZONE_WORDS = ['east', 'west', 'north', 'south', 'eu-1', 'us-2', 'ap-3', 'lab'];

/** Mesh names in one of a few styles; "numbered" mixes mesh7 and mesh-7, which a reader accepts as two meshes. */
function meshNames(r: Rng, n: number): string[] {
  const style = r.pick(['guide', 'words', 'numbered', 'short'] as const);
  const names = new Set<string>();
  while (names.size < n) {
    const k = r.int(1, 15);
    if (style === 'guide') names.add(`mesh${names.size + 1}`);
    else if (style === 'words') names.add(names.size < MESH_WORDS.length ? r.pick(MESH_WORDS) : `team-${k}`);
    else if (style === 'numbered') names.add(r.chance(0.5) ? `mesh${k}` : `mesh-${k}`);
    else names.add(`${String.fromCharCode(97 + r.int(0, 25))}${r.chance(0.5) ? k : ''}`);
  }
  return [...names];
}

function zoneNames(r: Rng, n: number): string[] {
  if (r.chance(0.5)) return Array.from({ length: n }, (_, i) => `zone${i + 1}`);
  return r.shuffle(ZONE_WORDS).slice(0, n);
}

type RawMesh = {
  name: string;
  home: string;
  namespaces: Record<string, string>;
  gateway: Record<string, unknown>;
  echo: string[];
  clients: string[];
  passthrough: boolean;
};

/** A random version 2 document: every mesh spans a non-empty set of zones including its home, runs echo at home and clients somewhere. */
function randomDocument(r: Rng): Record<string, unknown> {
  const zoneCount = r.int(1, 5);
  const meshCount = r.int(1, 12);
  const zones = zoneNames(r, zoneCount).map((name, i) => ({
    name,
    context: r.chance(0.5) ? `c${i + 1}` : `gke_project_${name}`,
    ...(r.chance(0.2) ? { zone: `kz-${name}` } : {}),
  }));
  const names = meshNames(r, meshCount);
  const nsStyle = r.pick(['guide', 'mesh-zone', 'same'] as const);
  const meshes: RawMesh[] = names.map((name, mi) => {
    const home = r.pick(zones).name;
    const spanned = zones.filter((z) => z.name === home || r.chance(0.5)).map((z) => z.name);
    const namespaces = Object.fromEntries(
      spanned.map((z) => {
        const zi = zones.findIndex((x) => x.name === z);
        const ns = nsStyle === 'guide' ? `c${zi + 1}m${mi + 1}` : nsStyle === 'mesh-zone' ? `${name}-${z}` : `ns-${name}`;
        return [z, ns];
      }),
    );
    const echo = spanned.filter((z) => z === home || r.chance(0.4));
    const clients = r.subset(spanned, 0.5);
    if (!clients.length) clients.push(r.pick(spanned));
    const kind = r.chance(0.35) ? 'kong' : 'builtin';
    const gateway: Record<string, unknown> = { kind, port: r.pick([80, 8080, 8080, 9090, r.int(1024, 65535)]) };
    if (r.chance(0.3)) gateway.name = `door-${name}`;
    if (kind === 'kong' && r.chance(0.4)) gateway.namespace = r.chance(0.5) ? namespaces[home]! : `kgw-${name}`;
    if (r.chance(0.15)) gateway.address = r.chance(0.5) ? `198.51.100.${mi + 1}` : `gw-${mi + 1}.example.net`;
    return { name, home, namespaces, gateway, echo, clients: order(clients, spanned), passthrough: r.chance(0.5) };
  });
  const density = r.pick([0, 0.15, 0.4, 0.7, 1]);
  const pairs = meshes.flatMap((a) => meshes.filter((b) => b !== a).map((b) => ({ from: a.name, to: b.name })));
  const links = r.shuffle(r.subset(pairs, density));
  const systemNamespace = r.pick([undefined, undefined, 'kuma-system', 'kong-mesh-system']);
  const doc = {
    version: 2,
    ...(r.chance(0.2) ? { prefix: r.pick(['p1', 'learner-07', 'ws']) } : {}),
    global: r.chance(0.5)
      ? { tool: 'kumactl', controlPlane: r.pick(['global', 'konnect-cp']) }
      : { tool: 'kubectl', context: 'global-k8s' },
    zones,
    meshes,
    links,
    ...(systemNamespace ? { systemNamespace } : {}),
  };
  return doc;
}

/** The guide's own shape with random names: two zones, both meshes at home in the first, clients in the second, both links. */
function guideShapedDocument(r: Rng): Record<string, unknown> {
  const [z1, z2] = zoneNames(r, 2) as [string, string];
  const [a, b] = meshNames(r, 2) as [string, string];
  const mesh = (name: string, i: number, echo: string[]): RawMesh => ({
    name,
    home: z1,
    namespaces: { [z1]: `c1m${i}`, [z2]: `c2m${i}` },
    gateway: { kind: r.chance(0.3) ? 'kong' : 'builtin', port: 8080 },
    echo,
    clients: [z2],
    passthrough: i === 1,
  });
  const meshes = [mesh(a, 1, r.chance(0.5) ? [z1, z2] : [z1]), mesh(b, 2, [z1])];
  const doc = {
    version: 2,
    global: { tool: 'kumactl', controlPlane: 'global' },
    zones: [
      { name: z1, context: 'c1' },
      { name: z2, context: 'c2' },
    ],
    meshes,
    links: [
      { from: b, to: a },
      { from: a, to: b },
    ],
  };
  return doc;
}

function order(list: string[], by: string[]): string[] {
  return by.filter((z) => list.includes(z));
}

/** Model `index`: the first is the default configuration as crossmesh writes it, a few are guide-shaped, the rest random. */
function model(index: number): Model {
  const seed = SEED + index;
  const r = rng(seed);
  let text: string;
  if (index === 0) text = renderConfig(defaultConfig());
  else {
    text = stringify(index % 20 === 1 ? guideShapedDocument(r) : randomDocument(r), { lineWidth: 0 });
  }
  const read = parseConfigText(text, `model-${seed}.yaml`);
  const config = read.prefix ? withPrefix(read, read.prefix) : read;
  // addresses given on the command line for some meshes (by key), the system namespace found on the zones sometimes
  const gatewayAddresses: Record<string, string> = {};
  config.meshes.forEach((m, i) => {
    if (r.chance(0.3)) gatewayAddresses[m.key] = r.chance(0.5) ? `203.0.113.${i + 1}` : `gw${i + 1}.example.com`;
  });
  const facts: Partial<PlanFacts> = { gatewayAddresses, ...(r.chance(0.2) ? { systemNamespace: 'kuma-system' } : {}) };
  return { seed, text, config, facts };
}

// ---------------------------------------------------------------------------------------------
// what the model says, derived without the naming helpers of steps/

const systemNamespace = (m: Model) => m.facts.systemNamespace ?? m.config.systemNamespace ?? 'kong-mesh-system';

/** The address a MeshExternalService to `mesh` carries: given, then written in the file, else the placeholder named after the mesh. */
function expectedAddress(m: Model, mesh: MeshConfig): string {
  return m.facts.gatewayAddresses?.[mesh.key] ?? mesh.gateway.address ?? `${mesh.name}-gateway-address.invalid`;
}

function kongNamespace(mesh: MeshConfig): string {
  return mesh.gateway.namespace ?? `${mesh.namespaces[mesh.home]}-gateway`;
}

const isTarget = (c: CrossmeshConfig, mesh: MeshConfig) => c.links.some((l) => l.to === mesh.key);

function zoneByContext(c: CrossmeshConfig, context: string): ZoneConfig | undefined {
  return c.zones.find((z) => z.context === context);
}

/** The one mesh whose namespace `ns` is in `zone`. */
function meshByNamespace(c: CrossmeshConfig, zone: ZoneConfig, ns: string | undefined): MeshConfig | undefined {
  return c.meshes.find((mesh) => ns !== undefined && mesh.namespaces[zone.name] === ns);
}

const meshByName = (c: CrossmeshConfig, name: unknown) => c.meshes.find((mesh) => mesh.name === name);
const meshByGateway = (c: CrossmeshConfig, name: unknown, kind: 'builtin' | 'kong') =>
  c.meshes.find((mesh) => mesh.gateway.name === name && mesh.gateway.kind === kind);

type Json = Record<string, any>;
const labelsOf = (o: KubeObject): Record<string, string> => o.metadata.labels ?? {};

/** What an object is in the model's terms: which mesh (or link) it belongs to and in which zone it was put. */
type Placed =
  | { what: 'mesh'; mesh: MeshConfig }
  | { what: 'namespace' | 'echo' | 'client' | 'permission'; mesh: MeshConfig; zone: ZoneConfig }
  | { what: 'kong-namespace' | 'gateway'; mesh: MeshConfig; zone: ZoneConfig }
  | { what: 'external-service'; caller: MeshConfig; target: MeshConfig; zone: ZoneConfig };

const BUILTIN_GATEWAY_KINDS = ['MeshGatewayInstance', 'MeshGateway', 'MeshHTTPRoute'];
const KONG_GATEWAY_KINDS = ['GatewayConfiguration', 'GatewayClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant'];

/** Ties a manifest to the model, or says why it cannot be tied to anything. */
function place(m: Model, man: Manifest): Placed | string {
  const c = m.config;
  const o = man.object;
  const kind = kindOf(o);
  if (kind === 'Mesh') {
    const mesh = meshByName(c, nameOf(o));
    return mesh ? { what: 'mesh', mesh } : `a Mesh ${nameOf(o)} that is not in the model`;
  }
  if (!isKubeObject(o)) return `a universal ${kind} ${nameOf(o)}: only Meshes go to the global`;
  if (man.target.tool !== 'kubectl') return `${kind} ${nameOf(o)} sent with ${man.target.tool}`;
  const zone = zoneByContext(c, man.target.context);
  if (!zone) return `${kind} ${nameOf(o)} sent to context ${man.target.context}, which is no zone`;
  const ns = o.metadata.namespace;
  const spec = (o as Json).spec as Json | undefined;
  const labelled = meshByName(c, labelsOf(o)['kuma.io/mesh']);
  switch (kind) {
    case 'Namespace': {
      if (labelled?.namespaces[zone.name] === o.metadata.name) return { what: 'namespace', mesh: labelled, zone };
      if (labelled?.gateway.kind === 'kong' && kongNamespace(labelled) === o.metadata.name)
        return { what: 'kong-namespace', mesh: labelled, zone };
      return `Namespace ${o.metadata.name} in ${zone.name} belongs to no mesh there`;
    }
    case 'Service':
    case 'Deployment': {
      const mesh = meshByNamespace(c, zone, ns);
      if (!mesh) return `${kind} ${ns}/${o.metadata.name} in ${zone.name}: a namespace of no mesh`;
      if (o.metadata.name === 'echo') return { what: 'echo', mesh, zone };
      if (kind === 'Deployment' && o.metadata.name === 'client') return { what: 'client', mesh, zone };
      return `${kind} ${ns}/${o.metadata.name}: neither echo nor client`;
    }
    case 'MeshTrafficPermission': {
      if (!labelled) return `MeshTrafficPermission ${o.metadata.name} labelled with no mesh of the model`;
      const from = spec?.from?.[0]?.targetRef as Json | undefined;
      if (from?.kind === 'Mesh') return { what: 'permission', mesh: labelled, zone };
      // the Kong Gateway's own permission: lets the sidecar of its namespace in
      if (from?.kind === 'MeshSubset' && from.tags?.['k8s.kuma.io/namespace'] === kongNamespace(labelled))
        return { what: 'gateway', mesh: labelled, zone };
      return `MeshTrafficPermission ${o.metadata.name} of an unknown shape`;
    }
    case 'MeshExternalService': {
      if (!labelled) return `MeshExternalService ${o.metadata.name} labelled with no mesh of the model (${labelsOf(o)['kuma.io/mesh']})`;
      const address = spec?.endpoints?.[0]?.address;
      const targets = c.meshes.filter((mesh) => expectedAddress(m, mesh) === address);
      if (targets.length !== 1)
        return `MeshExternalService ${o.metadata.name} points at ${address}, the gateway of ${targets.length} meshes`;
      return { what: 'external-service', caller: labelled, target: targets[0]!, zone };
    }
    case 'MeshGatewayInstance': {
      const mesh = meshByNamespace(c, zone, ns);
      return mesh && mesh.gateway.kind === 'builtin' && mesh.gateway.name === o.metadata.name && labelled === mesh
        ? { what: 'gateway', mesh, zone }
        : `MeshGatewayInstance ${ns}/${o.metadata.name} matches no built-in gateway of a mesh in ${zone.name}`;
    }
    case 'MeshGateway': {
      const mesh = meshByName(c, (o as Json).mesh);
      return mesh && mesh.gateway.kind === 'builtin' && mesh.gateway.name === o.metadata.name
        ? { what: 'gateway', mesh, zone }
        : `MeshGateway ${o.metadata.name} of mesh ${(o as Json).mesh} matches no built-in gateway`;
    }
    case 'MeshHTTPRoute': {
      const mesh = meshByGateway(c, spec?.targetRef?.name, 'builtin');
      if (!mesh || labelled !== mesh) return `MeshHTTPRoute ${o.metadata.name} attached to no built-in gateway of its mesh`;
      // each route leads to echo of the same mesh, in a zone where that mesh runs echo
      for (const rule of spec?.to?.[0]?.rules ?? [])
        for (const backend of rule.default?.backendRefs ?? []) {
          const echoZone = c.zones.find((z) => z.zone === backend.labels?.['kuma.io/zone']);
          if (
            !echoZone ||
            !mesh.echo.includes(echoZone.name) ||
            mesh.namespaces[echoZone.name] !== backend.labels?.['k8s.kuma.io/namespace']
          )
            return `MeshHTTPRoute ${o.metadata.name} of ${mesh.name} leads to ${JSON.stringify(backend.labels)}, where ${mesh.name} runs no echo`;
        }
      return { what: 'gateway', mesh, zone };
    }
    case 'GatewayConfiguration':
    case 'GatewayClass':
    case 'Gateway': {
      const mesh = meshByGateway(c, o.metadata.name, 'kong');
      if (!mesh) return `${kind} ${o.metadata.name} is no Kong Gateway of the model`;
      if (kind !== 'GatewayClass' && ns !== kongNamespace(mesh)) return `${kind} ${o.metadata.name} outside ${kongNamespace(mesh)}`;
      return { what: 'gateway', mesh, zone };
    }
    case 'HTTPRoute': {
      const mesh = meshByGateway(c, spec?.parentRefs?.[0]?.name, 'kong');
      if (!mesh || ns !== kongNamespace(mesh)) return `HTTPRoute ${ns}/${o.metadata.name} attached to no Kong Gateway in its namespace`;
      const backend = spec?.rules?.[0]?.backendRefs?.[0] as Json | undefined;
      if (backend?.namespace !== mesh.namespaces[mesh.home])
        return `HTTPRoute ${o.metadata.name} leads out of ${mesh.name}'s home namespace`;
      return { what: 'gateway', mesh, zone };
    }
    case 'ReferenceGrant': {
      const mesh = meshByNamespace(c, zone, ns);
      if (!mesh || mesh.gateway.kind !== 'kong' || spec?.from?.[0]?.namespace !== kongNamespace(mesh))
        return `ReferenceGrant ${ns}/${o.metadata.name} for no Kong Gateway of ${mesh?.name ?? 'a mesh'}`;
      return { what: 'gateway', mesh, zone };
    }
    default:
      return `${kind} ${o.metadata.name}: a kind the model has no place for`;
  }
}

/** An object's identity across plans: where it goes, its kind, namespace and name (not the manifest id, which carries the step). */
function identity(man: Manifest): string {
  const o = man.object;
  const ns = isKubeObject(o) ? (o.metadata.namespace ?? '') : '';
  return `${man.target.tool}|${man.target.context}|${kindOf(o)}|${ns}|${nameOf(o)}`;
}

const manifestsOf = (m: Model, config = m.config) => planFor(config, m.facts).flatMap((p) => p.manifests);

/** Runs `check` on every model; fails once, listing the first failures with the seed and the model's YAML. */
function forEveryModel(check: (m: Model, manifests: Manifest[]) => string[]): void {
  const failures: string[] = [];
  let failedModel: Model | undefined;
  for (const m of models()) {
    const problems = check(m, planned(m));
    if (problems.length) {
      failedModel ??= m;
      failures.push(...problems.map((p) => `seed ${m.seed}: ${p}`));
    }
  }
  if (failures.length)
    expect.fail(
      `${failures.length} failure(s):\n${failures.slice(0, SHOWN).join('\n')}\n\nfirst failing model (seed ${failedModel!.seed}):\n${failedModel!.text}`,
    );
}

let cached: Model[] | undefined;
const plans = new Map<number, Manifest[]>();
function models(): Model[] {
  cached ??= Array.from({ length: MODELS }, (_, i) => model(i));
  return cached;
}
function planned(m: Model): Manifest[] {
  let list = plans.get(m.seed);
  if (!list) plans.set(m.seed, (list = manifestsOf(m)));
  return list;
}

// ---------------------------------------------------------------------------------------------

describe('random topologies: the generator', () => {
  it(`reads ${MODELS} seeded models through the version 2 reader, covering the shapes the properties need`, () => {
    const all = models();
    expect(all).toHaveLength(MODELS);
    const count = (f: (m: Model) => boolean) => all.filter(f).length;
    const coverage = {
      oneMesh: count((m) => m.config.meshes.length === 1),
      twelveMeshes: count((m) => m.config.meshes.length === 12),
      oneZone: count((m) => m.config.zones.length === 1),
      fiveZones: count((m) => m.config.zones.length === 5),
      noLinks: count((m) => m.config.links.length === 0),
      over50Links: count((m) => m.config.links.length > 50),
      kong: count((m) => m.config.meshes.some((x) => x.gateway.kind === 'kong' && isTarget(m.config, x))),
      prefixed: count((m) => Boolean(m.config.prefix)),
      kubectlGlobal: count((m) => m.config.global.tool === 'kubectl'),
      guideShape: count((m) => isGuideShape(m.config)),
    };
    for (const [what, n] of Object.entries(coverage)) expect(n, what).toBeGreaterThan(0);
  });
});

const kumaCrds = sharedInputOrSkip(crdFolder(), 'topology property 1 (Kuma CRD schemas)');
const kongCrds = sharedInputOrSkip(KONG_CRD_FOLDER, 'topology property 1 (Kong Operator CRD schemas)');
const noCrds = !kumaCrds.present || !kongCrds.present;

describe('random topologies: properties of the plan', () => {
  let kuma: CrdValidator;
  let kong: CrdValidator;
  beforeAll(() => {
    if (noCrds) return;
    kuma = loadCrdValidator();
    kong = loadCrdValidatorFrom(join(sharedDir(), KONG_CRD_FOLDER));
  });

  it.skipIf(noCrds)('1. every manifest validates against the CRD schemas (Kuma v2.14.3, Kong Operator v2.2.3 / Gateway API)', () => {
    const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
    forEveryModel((_m, manifests) =>
      manifests.flatMap((man) => {
        const o = man.object;
        if (!isKubeObject(o)) {
          // kumactl's universal Mesh: its fields are the CRD's spec, checked in the Kubernetes form
          const { type, name, labels, ...spec } = o;
          const errors = kuma.validate({ apiVersion: 'kuma.io/v1alpha1', kind: type, metadata: { name, labels }, spec });
          return errors.map((e) => `${man.id} (universal ${type}): ${e}`);
        }
        const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
        if (group === 'kuma.io') return kuma.validate(o).map((e) => `${man.id}: ${e}`);
        if (group === 'gateway.networking.k8s.io' || group === 'gateway-operator.konghq.com')
          return kong.validate(o).map((e) => `${man.id}: ${e}`);
        // built-in kinds have no CRD: their names at least must be DNS labels
        if (!['v1', 'apps/v1'].includes(o.apiVersion)) return [`${man.id}: apiVersion ${o.apiVersion} has no schema here`];
        return [o.metadata.name, o.metadata.namespace]
          .filter((n): n is string => n !== undefined && !DNS_LABEL.test(n))
          .map((n) => `${man.id}: ${n} is no DNS label`);
      }),
    );
  });

  it('2. names are unique per (kind, namespace, context), and per (type, name, control plane) for kumactl objects', () => {
    forEveryModel((_m, manifests) => {
      const seen = new Map<string, string>();
      const problems: string[] = [];
      for (const man of manifests) {
        const key = identity(man);
        const first = seen.get(key);
        if (first !== undefined) problems.push(`${man.id} has the name of ${first} (${key})`);
        else seen.set(key, man.id);
      }
      return problems;
    });
  });

  it("3. every MeshExternalService points at its target mesh's gateway, is labelled with the caller and sits where the caller runs clients", () => {
    forEveryModel((m, manifests) => {
      const problems: string[] = [];
      const c = m.config;
      const found = new Set<string>();
      for (const man of manifests.filter((x) => kindOf(x.object) === 'MeshExternalService')) {
        const o = man.object as KubeObject;
        const spec = (o as Json).spec as Json;
        const caller = meshByName(c, labelsOf(o)['kuma.io/mesh']);
        const zone = zoneByContext(c, man.target.context);
        const endpoint = spec.endpoints?.[0] as Json | undefined;
        const target = c.meshes.find((t) => expectedAddress(m, t) === endpoint?.address);
        if (!caller || !zone || !target) {
          problems.push(`${man.id}: caller ${caller?.name}, zone ${zone?.name}, gateway address ${endpoint?.address} of no mesh`);
          continue;
        }
        if (!c.links.some((l) => l.from === caller.key && l.to === target.key))
          problems.push(`${man.id}: leads ${caller.name} to ${target.name}, which it has no link to`);
        if (!caller.clients.includes(zone.name)) problems.push(`${man.id}: in ${zone.name}, where ${caller.name} runs no client`);
        if (spec.endpoints.length !== 1 || endpoint?.port !== target.gateway.port || spec.match?.port !== target.gateway.port)
          problems.push(
            `${man.id}: endpoints ${JSON.stringify(spec.endpoints)} / match port ${spec.match?.port}, not ${target.gateway.port}`,
          );
        if (o.metadata.namespace !== systemNamespace(m)) problems.push(`${man.id}: in ${o.metadata.namespace}, not the system namespace`);
        const needsAddress = endpoint?.address === `${target.name}-gateway-address.invalid`;
        if (
          needsAddress !== Boolean(man.needs) ||
          (man.needs && (man.needs.mesh !== target.key || man.needs.placeholder !== endpoint?.address))
        )
          problems.push(`${man.id}: needs ${JSON.stringify(man.needs)} for address ${endpoint?.address}`);
        const key = `${caller.key}>${target.key}@${zone.name}`;
        if (found.has(key)) problems.push(`${man.id}: a second external service for ${key}`);
        found.add(key);
      }
      // and every link has one in each zone its caller calls from
      for (const l of c.links)
        for (const z of c.meshes.find((x) => x.key === l.from)!.clients)
          if (!found.has(`${l.from}>${l.to}@${z}`)) problems.push(`no MeshExternalService for ${l.from} -> ${l.to} in ${z}`);
      return problems;
    });
  });

  it('4. no object lands in a zone the model does not place it in, and every placement the model asks for is there', () => {
    forEveryModel((m, manifests) => {
      const c = m.config;
      const problems: string[] = [];
      const placed = new Map<string, number>();
      const tally = (key: string) => placed.set(key, (placed.get(key) ?? 0) + 1);
      for (const man of manifests) {
        const p = place(m, man);
        if (typeof p === 'string') {
          problems.push(`${man.id}: ${p}`);
          continue;
        }
        const where = `${man.id} (${p.what})`;
        switch (p.what) {
          case 'mesh': {
            const g = c.global;
            const onGlobal =
              man.target.role === 'global' &&
              (g.tool === 'kumactl'
                ? man.target.tool === 'kumactl' && man.target.context === g.controlPlane
                : man.target.tool === 'kubectl' && man.target.context === g.context);
            if (!onGlobal) problems.push(`${where}: sent to ${man.target.tool} ${man.target.context}, not the global`);
            tally(`mesh ${p.mesh.key}`);
            break;
          }
          case 'namespace':
          case 'echo':
          case 'client':
          case 'permission': {
            const allowed =
              p.what === 'namespace'
                ? Object.keys(p.mesh.namespaces)
                : p.what === 'client'
                  ? p.mesh.clients
                  : // echo, and the permission that lets echo's proxy accept its gateway
                    p.mesh.echo;
            if (!allowed.includes(p.zone.name))
              problems.push(`${where}: in ${p.zone.name}; ${p.mesh.name} has it in ${allowed.join(', ')}`);
            tally(`${p.what} ${p.mesh.key} ${p.zone.name} ${kindOf(man.object)}`);
            break;
          }
          case 'kong-namespace':
          case 'gateway': {
            if (p.zone.name !== p.mesh.home) problems.push(`${where}: in ${p.zone.name}, not ${p.mesh.name}'s home zone ${p.mesh.home}`);
            if (!isTarget(c, p.mesh)) problems.push(`${where}: a gateway object of ${p.mesh.name}, which no link calls`);
            const kind = kindOf(man.object);
            if ((p.mesh.gateway.kind === 'kong' ? BUILTIN_GATEWAY_KINDS : KONG_GATEWAY_KINDS).includes(kind))
              problems.push(`${where}: a ${kind} for a ${p.mesh.gateway.kind} gateway`);
            tally(`gateway ${p.mesh.key}`);
            break;
          }
          case 'external-service':
            if (!p.caller.clients.includes(p.zone.name))
              problems.push(`${where}: in ${p.zone.name}, where ${p.caller.name} runs no client`);
            break;
        }
      }
      // the other way round: what the model places is there, once
      const expectOnce = (key: string) => {
        const n = placed.get(key) ?? 0;
        if (n !== 1) problems.push(`${key}: ${n} objects, expected 1`);
      };
      for (const mesh of c.meshes) {
        expectOnce(`mesh ${mesh.key}`);
        for (const z of Object.keys(mesh.namespaces)) expectOnce(`namespace ${mesh.key} ${z} Namespace`);
        for (const z of mesh.echo) ['Service', 'Deployment'].forEach((k) => expectOnce(`echo ${mesh.key} ${z} ${k}`));
        for (const z of mesh.echo) expectOnce(`permission ${mesh.key} ${z} MeshTrafficPermission`);
        for (const z of mesh.clients) expectOnce(`client ${mesh.key} ${z} Deployment`);
        if (isTarget(c, mesh) !== placed.has(`gateway ${mesh.key}`))
          problems.push(
            `${mesh.name} is ${isTarget(c, mesh) ? '' : 'not '}called by a link but has ${placed.get(`gateway ${mesh.key}`) ?? 0} gateway objects`,
          );
      }
      return problems;
    });
  });

  it('5. removing a link removes exactly its external services, and the gateway of its target when no other link calls it', () => {
    const seen = { removals: 0, gatewayKept: 0, gatewayRemoved: 0, kongNamespaceRemoved: 0, fromGuideShape: 0 };
    forEveryModel((m, manifests) => {
      const c = m.config;
      if (!c.links.length) return [];
      const r = rng(m.seed ^ 0x5a5a);
      const problems: string[] = [];
      const before = new Map(manifests.map((x) => [identity(x), x]));
      for (const link of r.shuffle(c.links).slice(0, 2)) {
        seen.removals++;
        const without: CrossmeshConfig = { ...c, links: c.links.filter((l) => l !== link) };
        if (isGuideShape(c)) seen.fromGuideShape++;
        const after = new Map(manifestsOf(m, without).map((x) => [identity(x), x]));
        const label = `without ${link.from} -> ${link.to}`;
        for (const [key, x] of after) {
          const was = before.get(key);
          if (!was) problems.push(`${label}: ${key} appears`);
          else if (JSON.stringify(was.object) !== JSON.stringify(x.object) || JSON.stringify(was.target) !== JSON.stringify(x.target))
            problems.push(`${label}: ${key} changes`);
        }
        const gone = new Set([...before.keys()].filter((k) => !after.has(k)));
        const expected = expectedRemoval(m, manifests, link);
        if (expected.gateway) seen.gatewayRemoved++;
        else seen.gatewayKept++;
        if (expected.kongNamespace) seen.kongNamespaceRemoved++;
        for (const k of gone) if (!expected.keys.has(k)) problems.push(`${label}: ${k} goes too`);
        for (const k of expected.keys) if (!gone.has(k)) problems.push(`${label}: ${k} stays`);
      }
      return problems;
    });
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });
});

/**
 * What removing `link` should take out of the plan: the link's external services (found by caller
 * label and target address) and, when no other link calls the same mesh, every gateway object of it.
 */
function expectedRemoval(
  m: Model,
  manifests: Manifest[],
  link: LinkConfig,
): { keys: Set<string>; gateway: boolean; kongNamespace: boolean } {
  const c = m.config;
  const keys = new Set<string>();
  const lastCaller = !c.links.some((l) => l !== link && l.to === link.to);
  let kongNamespace = false;
  for (const man of manifests) {
    const p = place(m, man);
    if (typeof p === 'string') continue;
    if (p.what === 'external-service' && p.caller.key === link.from && p.target.key === link.to) keys.add(identity(man));
    if (lastCaller && (p.what === 'gateway' || p.what === 'kong-namespace') && p.mesh.key === link.to) {
      keys.add(identity(man));
      if (p.what === 'kong-namespace') kongNamespace = true;
    }
  }
  return { keys, gateway: lastCaller, kongNamespace };
}

describe('the default configuration', () => {
  const GUIDE_STEPS = [
    'prerequisites',
    'namespaces',
    'mtls',
    'permissions',
    'workloads',
    'gateway',
    'external-service',
    'reverse-matrix',
    'verify',
  ];

  it("has exactly the guide's steps", () => {
    expect(stepsFor(defaultConfig()).map((s) => s.id)).toEqual(GUIDE_STEPS);
  });

  it('keeps them when written as version 2 and read back', () => {
    const read = parseConfigText(renderConfig(defaultConfig()));
    expect(stepsFor(read).map((s) => s.id)).toEqual(GUIDE_STEPS);
    const manifests = (c: CrossmeshConfig) => planFor(c).map((p) => p.manifests);
    expect(manifests(read)).toEqual(manifests(defaultConfig()));
  });
});
