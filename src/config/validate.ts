import { isIP } from 'node:net';
import { defaultConfig } from './defaults.js';
import type { CrossmeshConfig, GlobalTarget, MeshKey, ClusterKey } from './types.js';
import { MESH_KEYS, CLUSTER_KEYS, GATEWAY_KINDS } from './types.js';
import { MAX_SETTING_CHARS, plainTextProblem, quote } from './limits.js';
import { prefixProblem } from './prefix.js';

/** One thing wrong with a configuration, named by its path in the file. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type Validated = { ok: true; config: CrossmeshConfig } | { ok: false; problems: ConfigProblem[] };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DURATION = /^(\d+(ns|us|ms|s|m|h|d|y))+$/;
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
/** Digits and dots only: an IPv4 address or nothing, never a host name. */
const NUMERIC_DOTTED = /^[\d.]+$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/;
const RSA_BITS = [2048, 3072, 4096];
const KNOWN_SYSTEM_NAMESPACES = ['kong-mesh-system', 'kuma-system'];
/** The echo image serves its plain TCP and "udp" echo on these; the HTTP port must differ. */
const ECHO_OTHER_PORTS = [1025, 1026];

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

export function isDuration(value: string): boolean {
  return DURATION.test(value);
}

/** Milliseconds of a Kuma-style duration such as "3m" or "1h30m". */
export function durationMs(value: string): number {
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    y: 31_536_000_000,
  };
  let total = 0;
  for (const [, n, u] of value.matchAll(/(\d+)(ns|us|ms|s|m|h|d|y)/g)) total += Number(n) * (unit[u!] ?? 0);
  return total;
}

/** Why a gateway address is not an IP address or DNS name, or undefined when it is one. */
export function addressProblem(value: string): string | undefined {
  if (isIP(value) !== 0) return undefined;
  if (NUMERIC_DOTTED.test(value))
    return `${quote(value)} is not a valid IPv4 address: write four numbers from 0 to 255 separated by dots, without leading zeros, e.g. 203.0.113.10`;
  if (HOSTNAME.test(value)) return undefined;
  return `${quote(value)} is not an IP address or DNS name (leave out any scheme, port or path)`;
}

export function isAddress(value: string): boolean {
  return addressProblem(value) === undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return String(v);
  return typeof v; // a symbol or a function, which YAML never gives
}

/** A suggestion for a misspelt key: the allowed key at most two edits away, if any. */
function closest(word: string, choices: string[]): string | undefined {
  const MAX_EDITS = 2;
  let best: { choice: string; edits: number } | undefined;
  for (const choice of choices) {
    // the length difference alone is a lower bound on the edits: skip the work for far-off (or huge) keys
    if (Math.abs(choice.length - word.length) > MAX_EDITS) continue;
    const edits = editDistance(word.toLowerCase(), choice.toLowerCase());
    if (edits <= MAX_EDITS && (!best || edits < best.edits)) best = { choice, edits };
  }
  return best?.choice;
}

/** Levenshtein distance, keeping one row of the table. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** Reads fields of one mapping, recording problems under its path. */
class Reader {
  constructor(
    private readonly obj: Obj,
    private readonly path: string,
    private readonly problems: ConfigProblem[],
  ) {}

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  problem(key: string, message: string): void {
    this.problems.push({ path: this.at(key), message });
  }

  allowOnly(keys: string[]): void {
    const allowed = new Set(keys);
    for (const key of Object.keys(this.obj)) {
      if (allowed.has(key)) continue;
      const hint = closest(key, keys);
      this.problem(key, hint ? `unknown key (did you mean "${hint}"?)` : `unknown key; allowed here: ${keys.join(', ')}`);
    }
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  child(key: string): Reader | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.problem(key, `must be a mapping, got ${describe(v)}`);
      return undefined;
    }
    return new Reader(v, this.at(key), this.problems);
  }

  string(key: string, fallback: string, check?: (v: string) => string | undefined): string {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(key, `must be a non-empty string, got ${describe(v)}`);
      return fallback;
    }
    if (v.length > MAX_SETTING_CHARS) {
      this.problem(
        key,
        `is ${v.length.toLocaleString('en-US')} characters long; a setting holds at most ${MAX_SETTING_CHARS.toLocaleString('en-US')}`,
      );
      return fallback;
    }
    const notText = plainTextProblem(v);
    if (notText) {
      this.problem(key, `${quote(v)} ${notText}`);
      return fallback;
    }
    const bad = check?.(v);
    if (bad) this.problem(key, bad);
    return v;
  }

  dnsName(key: string, fallback: string): string {
    return this.string(key, fallback, (v) =>
      isDnsLabel(v)
        ? undefined
        : `${quote(v)} is not a valid name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }

  integer(key: string, fallback: number, min: number, max: number, what = 'a whole number'): number {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem(key, `must be ${what} from ${min} to ${max}, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.problem(key, `must be true or false, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }

  duration(key: string, fallback: string): string {
    return this.string(key, fallback, (v) =>
      isDuration(v) ? undefined : `${quote(v)} is not a duration: write a number and a unit, e.g. 90s, 3m, 1h, 1d, 10y`,
    );
  }
}

const TOP_KEYS = [
  'version',
  'prefix',
  'global',
  'clusters',
  'systemNamespace',
  'meshes',
  'echo',
  'client',
  'ca',
  'gatewayWait',
  'meshSyncWait',
  'drainWait',
];

/** Checks a parsed crossmesh.yaml document and fills in defaults. */
export function validateConfig(raw: unknown): Validated {
  const problems: ConfigProblem[] = [];
  const defaults = defaultConfig();
  if (raw === undefined || raw === null) return { ok: true, config: defaults };
  if (!isObj(raw))
    return { ok: false, problems: [{ path: '(top level)', message: `must be a mapping of settings, got ${describe(raw)}` }] };

  const top = new Reader(raw, '', problems);
  top.allowOnly(TOP_KEYS);
  if (raw.version !== undefined && raw.version !== 1)
    top.problem('version', `unsupported version ${describe(raw.version)}; this crossmesh reads version 1`);

  const prefix = top.has('prefix') ? top.string('prefix', '', prefixProblem) : undefined;
  const global = readGlobal(top, defaults.global);

  const clusters = { ...defaults.clusters };
  const clustersReader = top.child('clusters');
  clustersReader?.allowOnly([...CLUSTER_KEYS]);
  for (const key of CLUSTER_KEYS) {
    const r = clustersReader?.child(key);
    r?.allowOnly(['context', 'zone']);
    clusters[key] = {
      context: r?.string('context', defaults.clusters[key].context) ?? defaults.clusters[key].context,
      zone: r?.dnsName('zone', defaults.clusters[key].zone) ?? defaults.clusters[key].zone,
    };
  }

  const systemNamespace = raw.systemNamespace === undefined ? undefined : top.dnsName('systemNamespace', 'kong-mesh-system');

  const meshes = { ...defaults.meshes };
  const meshesReader = top.child('meshes');
  meshesReader?.allowOnly([...MESH_KEYS]);
  for (const key of MESH_KEYS) {
    const d = defaults.meshes[key];
    const r = meshesReader?.child(key);
    r?.allowOnly(['name', 'cluster1Namespace', 'cluster2Namespace', 'gateway']);
    const g = r?.child('gateway');
    g?.allowOnly(['kind', 'name', 'port', 'address', 'namespace']);
    const address = g?.string('address', '', addressProblem);
    const kind = g?.string('kind', d.gateway.kind, (v) =>
      GATEWAY_KINDS.some((k) => k === v)
        ? undefined
        : `${quote(v)} is not a gateway kind: use builtin (Kuma's MeshGateway) or kong (Kong Gateway with Kong Operator)`,
    );
    const gatewayKind = GATEWAY_KINDS.find((k) => k === kind) ?? d.gateway.kind;
    const gatewayNamespace = g?.has('namespace') ? g.dnsName('namespace', d.cluster1Namespace) : undefined;
    if (gatewayNamespace !== undefined && gatewayKind !== 'kong')
      g?.problem('namespace', 'is only used with kind: kong (the built-in gateway runs in cluster1Namespace); remove it or set kind: kong');
    meshes[key] = {
      name: r?.dnsName('name', d.name) ?? d.name,
      cluster1Namespace: r?.dnsName('cluster1Namespace', d.cluster1Namespace) ?? d.cluster1Namespace,
      cluster2Namespace: r?.dnsName('cluster2Namespace', d.cluster2Namespace) ?? d.cluster2Namespace,
      gateway: {
        kind: gatewayKind,
        name: g?.dnsName('name', d.gateway.name) ?? d.gateway.name,
        port: g?.integer('port', d.gateway.port, 1, 65535, 'a port number') ?? d.gateway.port,
        ...(gatewayNamespace ? { namespace: gatewayNamespace } : {}),
        ...(address ? { address } : {}),
      },
    };
  }

  const echoReader = top.child('echo');
  echoReader?.allowOnly(['port', 'image', 'inZone2']);
  const echo = {
    port: echoReader?.integer('port', defaults.echo.port, 1, 65535, 'a port number') ?? defaults.echo.port,
    image: echoReader?.string('image', defaults.echo.image, imageProblem) ?? defaults.echo.image,
    inZone2: echoReader?.boolean('inZone2', defaults.echo.inZone2) ?? defaults.echo.inZone2,
  };
  const clientReader = top.child('client');
  clientReader?.allowOnly(['image']);
  const client = { image: clientReader?.string('image', defaults.client.image, imageProblem) ?? defaults.client.image };

  const caReader = top.child('ca');
  caReader?.allowOnly(['backend', 'rsaBits', 'caExpiration', 'certExpiration']);
  const ca = {
    backend: caReader?.dnsName('backend', defaults.ca.backend) ?? defaults.ca.backend,
    rsaBits: defaults.ca.rsaBits,
    caExpiration: caReader?.duration('caExpiration', defaults.ca.caExpiration) ?? defaults.ca.caExpiration,
    certExpiration: caReader?.duration('certExpiration', defaults.ca.certExpiration) ?? defaults.ca.certExpiration,
  };
  const bits = isObj(raw.ca) ? raw.ca.rsaBits : undefined;
  if (bits !== undefined && bits !== null) {
    if (typeof bits === 'number' && RSA_BITS.includes(bits)) ca.rsaBits = bits;
    else caReader?.problem('rsaBits', `must be one of ${RSA_BITS.join(', ')}, got ${describe(bits)}`);
  }

  const gatewayWait = top.duration('gatewayWait', defaults.gatewayWait);
  const meshSyncWait = top.duration('meshSyncWait', defaults.meshSyncWait);
  const drainWait = top.duration('drainWait', defaults.drainWait);

  const config: CrossmeshConfig = {
    global,
    clusters,
    meshes,
    echo,
    client,
    ca,
    gatewayWait,
    meshSyncWait,
    drainWait,
    ...(systemNamespace ? { systemNamespace } : {}),
    ...(prefix ? { prefix } : {}),
  };
  problems.push(...crossFieldProblems(config));
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

function imageProblem(v: string): string | undefined {
  return IMAGE.test(v) ? undefined : `${quote(v)} is not a container image reference (e.g. kong/go-echo:0.6.0)`;
}

function readGlobal(top: Reader, fallback: GlobalTarget): GlobalTarget {
  const r = top.child('global');
  if (!r) return fallback;
  r.allowOnly(['tool', 'controlPlane', 'context']);
  const tool = r.string('tool', fallback.tool, (v) =>
    v === 'kumactl' || v === 'kubectl'
      ? undefined
      : `must be "kumactl" (global control plane on Universal or Konnect) or "kubectl" (global on Kubernetes), got ${quote(v)}`,
  );
  if (tool === 'kubectl') {
    const context = r.string('context', '');
    if (!context) r.problem('context', 'is required when global.tool is kubectl: name the kube context of the global control plane');
    return { tool: 'kubectl', context };
  }
  if (r.has('context'))
    r.problem('context', 'is only used with global.tool kubectl; with kumactl name the control plane in global.controlPlane');
  return { tool: 'kumactl', controlPlane: r.string('controlPlane', 'global') };
}

function crossFieldProblems(c: CrossmeshConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const { cluster1, cluster2 } = c.clusters;
  if (cluster1.context === cluster2.context)
    out.push({
      path: 'clusters.cluster2.context',
      message: `is the same context as cluster1 (${quote(cluster1.context)}): the two zones must be different clusters`,
    });
  if (cluster1.zone === cluster2.zone)
    out.push({
      path: 'clusters.cluster2.zone',
      message: `is the same zone name as cluster1 (${quote(cluster1.zone)}): each zone needs its own name`,
    });
  if (c.meshes.mesh1.name === c.meshes.mesh2.name)
    out.push({
      path: 'meshes.mesh2.name',
      message: `is the same as meshes.mesh1.name (${quote(c.meshes.mesh1.name)}): the two meshes need different names`,
    });
  if (ECHO_OTHER_PORTS.includes(c.echo.port))
    out.push({
      path: 'echo.port',
      message: `${c.echo.port} is already taken by echo's TCP echo ports (1025, 1026): choose another port for HTTP, e.g. 1027`,
    });
  for (const key of MESH_KEYS)
    if (c.meshes[key].gateway.name === 'echo')
      out.push({
        path: `meshes.${key}.gateway.name`,
        message: 'must not be "echo": the gateway\'s Service would take the name of the echo Service in the same namespace',
      });
  for (const key of MESH_KEYS) {
    const ns = c.meshes[key].gateway.namespace;
    const other = c.meshes[key === 'mesh1' ? 'mesh2' : 'mesh1'];
    if (ns && (ns === other.cluster1Namespace || ns === other.gateway.namespace))
      out.push({
        path: `meshes.${key}.gateway.namespace`,
        message: `${quote(ns)} belongs to mesh ${quote(other.name)}: the Kong Gateway's namespace joins the mesh of its gateway, so it needs a namespace of its own`,
      });
  }
  if (c.meshes.mesh1.gateway.name === c.meshes.mesh2.gateway.name)
    out.push({
      path: 'meshes.mesh2.gateway.name',
      message: `is the same as meshes.mesh1.gateway.name: MeshGateway objects are cluster-wide, so the names must differ`,
    });
  for (const ns of ['cluster1Namespace', 'cluster2Namespace'] as const) {
    if (c.meshes.mesh1[ns] === c.meshes.mesh2[ns])
      out.push({
        path: `meshes.mesh2.${ns}`,
        message: `is the same namespace as meshes.mesh1.${ns}: a namespace belongs to one mesh only`,
      });
    for (const key of MESH_KEYS) {
      const system = c.systemNamespace ? [c.systemNamespace] : KNOWN_SYSTEM_NAMESPACES;
      if (system.includes(c.meshes[key][ns]))
        out.push({ path: `meshes.${key}.${ns}`, message: `must not be the control plane's system namespace ${quote(c.meshes[key][ns])}` });
    }
  }
  return out;
}

export type { MeshKey, ClusterKey };
