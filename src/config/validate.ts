import { isIP } from 'node:net';
import { defaultConfig } from './defaults.js';
import type { CrossmeshConfig, GlobalTarget } from './types.js';
import { quote } from './limits.js';
import { prefixProblem } from './prefix.js';
import { nameLengthProblems } from './name-lengths.js';
import { Reader, describe, isObj, isDnsLabel, isDuration, type ConfigProblem } from './reader.js';
import { readTopologyVersion1 } from './version1.js';
import { readTopologyVersion2, VERSION2_KEYS } from './version2.js';

export { isDnsLabel, isDuration, type ConfigProblem };

export type Validated = { ok: true; config: CrossmeshConfig } | { ok: false; problems: ConfigProblem[] };

const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
/** Digits and dots only: an IPv4 address or nothing, never a host name. */
const NUMERIC_DOTTED = /^[\d.]+$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/;
const RSA_BITS = [2048, 3072, 4096];
export const KNOWN_SYSTEM_NAMESPACES = ['kong-mesh-system', 'kuma-system'];
/** The echo image serves its plain TCP and "udp" echo on these; the HTTP port must differ. */
export const ECHO_OTHER_PORTS = [1025, 1026];

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

/** The keys a file may have at the top, common and of its version, in the order messages list them. */
function topKeys(version: 1 | 2): string[] {
  const topology = version === 1 ? ['clusters', 'systemNamespace', 'meshes'] : [...VERSION2_KEYS, 'systemNamespace'];
  return ['version', 'prefix', 'global', ...topology, 'echo', 'client', 'ca', 'gatewayWait', 'meshSyncWait', 'drainWait'];
}

/** A key of the other version: say which version it belongs to, not only that it is unknown here. */
function otherVersionKey(version: 1 | 2): (key: string) => string | undefined {
  return (key) => {
    if (version === 1 && (key === 'zones' || key === 'links'))
      return 'is a version 2 key: add "version: 2" at the top to list zones, meshes and links (crossmesh config migrate writes a version 1 file that way)';
    if (version === 2 && key === 'clusters')
      return 'is a version 1 key: version 2 lists the zones instead, e.g. zones: [{ name: zone1, context: c1 }, { name: zone2, context: c2 }]';
    return undefined;
  };
}

/** What the file sets beside its zones, meshes and links: the same in version 1 and 2. */
export type CommonSettings = Omit<CrossmeshConfig, 'zones' | 'meshes' | 'links'>;

/** Checks a parsed crossmesh.yaml document (version 1 or 2) and fills in defaults. */
export function validateConfig(raw: unknown): Validated {
  const problems: ConfigProblem[] = [];
  const defaults = defaultConfig();
  if (raw === undefined || raw === null) return { ok: true, config: defaults };
  if (!isObj(raw))
    return { ok: false, problems: [{ path: '(top level)', message: `must be a mapping of settings, got ${describe(raw)}` }] };

  const top = new Reader(raw, '', problems);
  const version = raw.version ?? 1;
  if (version !== 1 && version !== 2) {
    top.problem('version', `unsupported version ${describe(raw.version)}; this crossmesh reads versions 1 and 2`);
    return { ok: false, problems };
  }
  top.allowOnly(topKeys(version), otherVersionKey(version));
  const common = readCommon(top, raw, defaults, version);
  const topology = version === 2 ? readTopologyVersion2(top, common) : readTopologyVersion1(top, common);
  const config: CrossmeshConfig = { ...common, ...topology };
  if (!problems.length) problems.push(...nameLengthProblems(config));
  if (ECHO_OTHER_PORTS.includes(config.echo.port))
    problems.push({
      path: 'echo.port',
      message: `${config.echo.port} is already taken by echo's TCP echo ports (1025, 1026): choose another port for HTTP, e.g. 1027`,
    });
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

function readCommon(top: Reader, raw: Record<string, unknown>, defaults: CrossmeshConfig, version: 1 | 2): CommonSettings {
  const prefix = top.has('prefix') ? top.string('prefix', '', prefixProblem) : undefined;
  const global = readGlobal(top, defaults.global);
  const systemNamespace = raw.systemNamespace === undefined ? undefined : top.dnsName('systemNamespace', 'kong-mesh-system');

  const echoReader = top.child('echo');
  // version 1 says whether echo also runs in mesh1's cluster-2 namespace (read with the topology); version 2 says it per mesh
  if (version === 1) echoReader?.allowOnly(['port', 'image', 'inZone2']);
  else
    echoReader?.allowOnly(['port', 'image'], (key) =>
      key === 'inZone2' ? 'is a version 1 key: in version 2 each mesh lists the zones that run echo (meshes[].echo)' : undefined,
    );
  const echo = {
    port: echoReader?.integer('port', defaults.echo.port, 1, 65535, 'a port number') ?? defaults.echo.port,
    image: echoReader?.string('image', defaults.echo.image, imageProblem) ?? defaults.echo.image,
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

  return {
    global,
    echo,
    client,
    ca,
    gatewayWait: top.duration('gatewayWait', defaults.gatewayWait),
    meshSyncWait: top.duration('meshSyncWait', defaults.meshSyncWait),
    drainWait: top.duration('drainWait', defaults.drainWait),
    ...(systemNamespace ? { systemNamespace } : {}),
    ...(prefix ? { prefix } : {}),
  };
}

export function imageProblem(v: string): string | undefined {
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
