import type { CrossmeshConfig, LinkConfig, MeshConfig, ZoneConfig } from './types.js';
import { quote } from './limits.js';
import type { Reader, ConfigProblem } from './reader.js';
import type { CommonSettings } from './validate.js';
import { KNOWN_SYSTEM_NAMESPACES } from './validate.js';
import { readGateway } from './version1.js';

/** The keys a version 2 file has beside the common ones. */
export const VERSION2_KEYS = ['zones', 'meshes', 'links'];

/** How many zones and meshes one configuration may hold: enough for a workshop, small enough to plan instantly. */
export const MAX_ZONES = 16;
export const MAX_MESHES = 32;

const MAX_NAME_CHARS = 63;

/**
 * Zones and meshes are looked up by name in plain objects (namespaces by zone, gateway addresses by
 * mesh), where a name every object already has ("constructor") would find something that is not there.
 */
function reservedNameProblem(name: string, what: 'zone' | 'mesh'): string | undefined {
  return name in Object.prototype
    ? `${quote(name)} cannot name a ${what}: crossmesh keeps ${what}s by name, and every JavaScript object already has a "${name}"; choose another name`
    : undefined;
}

/** Reads a version 2 file's zones, meshes and links, with the defaults each mesh gets. */
export function readTopologyVersion2(top: Reader, common: CommonSettings): Pick<CrossmeshConfig, 'zones' | 'meshes' | 'links'> {
  const zones = readZones(top);
  const meshes = readMeshes(top, zones, common);
  const links = readLinks(top, meshes);
  return { zones, meshes, links };
}

/**
 * The mappings of a required list, at most `max` of them: a longer list is one problem, and the rest
 * is not read (whatever it holds, the list has to be cut first). Undefined when the list is missing
 * or empty (reported here) or not a list (reported by Reader.list).
 */
function requiredList(top: Reader, key: string, max: number, what: [string, string], example: string): Reader[] | undefined {
  const raw = top.raw(key);
  const list = top.list(key);
  if (list === undefined || (Array.isArray(raw) && raw.length === 0)) {
    top.problem(key, `must list at least one ${what[0]}, e.g. ${key}: ${example}`);
    return undefined;
  }
  if (!Array.isArray(raw)) return undefined;
  if (raw.length > max) {
    top.problem(key, `lists ${raw.length.toLocaleString('en-US')} ${what[1]}; crossmesh handles at most ${max}`);
    return list.filter((r) => r.index !== undefined && r.index < max);
  }
  return list;
}

function readZones(top: Reader): ZoneConfig[] {
  const list = requiredList(top, 'zones', MAX_ZONES, ['zone', 'zones'], '[{ name: zone1, context: c1 }, { name: zone2, context: c2 }]');
  const zones: ZoneConfig[] = [];
  const byName = new Set<string>();
  const byContext = new Map<string, string>();
  const byKumaZone = new Map<string, string>();
  for (const r of list ?? []) {
    r.allowOnly(['name', 'context', 'zone']);
    const named = r.has('name');
    if (!named) r.problem('name', 'is required: the zone name that meshes use in home, namespaces, echo and clients');
    if (!r.has('context')) r.problem('context', 'is required: the kube context of this zone cluster');
    const name = r.dnsName('name', `zone${zones.length + 1}`);
    const context = r.string('context', '');
    const zone = r.dnsName('zone', name);
    const reservedZone = named ? reservedNameProblem(name, 'zone') : undefined;
    if (reservedZone) r.problem('name', reservedZone);
    if (named && byName.has(name)) r.problem('name', `${quote(name)} is already the name of another zone: each zone needs its own name`);
    const sameContext = byContext.get(context);
    if (context && sameContext !== undefined)
      r.problem('context', `${quote(context)} is already the context of zone ${quote(sameContext)}: each zone must be a different cluster`);
    const sameName = named && byName.has(name);
    const sameKumaZone = byKumaZone.get(zone);
    if (sameKumaZone !== undefined && !sameName)
      r.problem(
        r.has('zone') ? 'zone' : 'name',
        `${quote(zone)} is already the Kuma zone name of zone ${quote(sameKumaZone)}: each zone cluster has its own Kuma zone name`,
      );
    byName.add(name);
    if (context && sameContext === undefined) byContext.set(context, name);
    if (sameKumaZone === undefined) byKumaZone.set(zone, name);
    zones.push({ name, context, zone });
  }
  return zones;
}

function readMeshes(top: Reader, zones: ZoneConfig[], common: CommonSettings): MeshConfig[] {
  const list = requiredList(
    top,
    'meshes',
    MAX_MESHES,
    ['mesh', 'meshes'],
    '[{ name: mesh1, home: zone1, namespaces: { zone1: c1m1, zone2: c2m1 } }]',
  );
  const zoneNames = new Set(zones.map((z) => z.name));
  const zoneList = zones.map((z) => z.name).join(', ') || 'none listed';
  const notAZone = (v: string) => `${quote(v)} is not one of the zones (${zoneList})`;
  const meshes: MeshConfig[] = [];
  const meshNames = new Set<string>();
  /** "zone/namespace" -> the mesh that has it */
  const namespaceOwners = new Map<string, string>();
  const gatewayOwners = new Map<string, string>();
  const system = common.systemNamespace ? [common.systemNamespace] : KNOWN_SYSTEM_NAMESPACES;
  for (const r of list ?? []) {
    r.allowOnly(['name', 'home', 'namespaces', 'gateway', 'echo', 'clients', 'passthrough']);
    const named = r.has('name');
    if (!named) r.problem('name', 'is required: the name of the Mesh');
    const name = r.dnsName('name', `mesh${meshes.length + 1}`);
    if (named && meshNames.has(name)) r.problem('name', `${quote(name)} is already the name of another mesh: each mesh needs its own name`);
    meshNames.add(name);
    const reservedMesh = named ? reservedNameProblem(name, 'mesh') : undefined;
    if (reservedMesh) r.problem('name', reservedMesh);

    // the namespaces, in the order of the zones whatever the file's order
    const namespaces: Record<string, string> = {};
    const nsReader = r.child('namespaces');
    if (!r.has('namespaces'))
      r.problem(
        'namespaces',
        `is required: the mesh's namespace in each zone it spans, e.g. namespaces: { ${zones[0]?.name ?? 'zone1'}: ${name} }`,
      );
    for (const zone of nsReader?.keys() ?? []) {
      if (!zoneNames.has(zone)) {
        nsReader?.problem(zone, `${notAZone(zone)}: name a zone of the zones list`);
        continue;
      }
      const ns = nsReader?.dnsName(zone, '') ?? '';
      if (!ns) continue;
      const owner = namespaceOwners.get(`${zone}/${ns}`);
      if (owner !== undefined)
        nsReader?.problem(
          zone,
          `${quote(ns)} is already the namespace of mesh ${quote(owner)} in ${zone}: a namespace belongs to one mesh only`,
        );
      else if (system.includes(ns)) nsReader?.problem(zone, `must not be the control plane's system namespace ${quote(ns)}`);
      else namespaceOwners.set(`${zone}/${ns}`, name);
      namespaces[zone] = ns;
    }
    // own keys only: a zone may be called "constructor", which every object has
    const spanned = zones.filter((z) => Object.hasOwn(namespaces, z.name)).map((z) => z.name);
    const ordered = Object.fromEntries(spanned.map((z) => [z, namespaces[z] ?? '']));
    if (nsReader && nsReader.keys().length === 0)
      r.problem(
        'namespaces',
        `must name the mesh's namespace in at least one zone, e.g. namespaces: { ${zones[0]?.name ?? 'zone1'}: ${name} }`,
      );

    // home: the first zone the mesh spans unless given
    const homeGiven = r.has('home');
    const home = homeGiven ? r.string('home', '', (v) => (zoneNames.has(v) ? undefined : notAZone(v))) : (spanned[0] ?? '');
    const homeKnown = zoneNames.has(home);
    const homeNamespace = spanned.includes(home) ? ordered[home] : undefined;
    if (homeGiven && homeKnown && spanned.length > 0 && homeNamespace === undefined)
      r.problem(
        'home',
        `${quote(home)} has no namespace of this mesh: add namespaces.${home} (the home zone runs the mesh's gateway and echo) or choose one of ${spanned.join(', ')}`,
      );

    const inSpan = (v: string) =>
      !zoneNames.has(v)
        ? notAZone(v)
        : spanned.includes(v)
          ? undefined
          : `${quote(v)} is a zone this mesh has no namespace in: add namespaces.${v}, or leave ${v} out here`;
    const echoGiven = r.strings('echo', inSpan);
    const echo = order(echoGiven ?? spanned, spanned);
    if (echoGiven && homeKnown && homeNamespace !== undefined && !echo.includes(home))
      r.problem('echo', `must include the home zone ${quote(home)}: the gateway's /echo route leads there`);
    const others = spanned.filter((z) => z !== home);
    const clients = order(r.strings('clients', inSpan) ?? (others.length ? others : spanned.slice(0, 1)), spanned);

    const defaultGatewayName = `${name}-gateway`;
    const gatewayReader = r.child('gateway');
    if (!gatewayReader?.has('name') && defaultGatewayName.length > MAX_NAME_CHARS && named)
      r.problem(
        'name',
        `${quote(name)} is too long for the gateway name crossmesh makes from it (<name>-gateway: ${defaultGatewayName.length} characters, at most ${MAX_NAME_CHARS}): shorten it or set gateway.name`,
      );
    const gateway = readGateway(gatewayReader, defaultGatewayName, homeNamespace ?? name, 'version2');
    if (gateway.name === 'echo')
      r.problem('gateway.name', 'must not be "echo": the gateway\'s Service would take the name of the echo Service in the same namespace');
    const gatewayOwner = gatewayOwners.get(gateway.name);
    if (gatewayOwner !== undefined)
      r.problem(
        'gateway.name',
        `${quote(gateway.name)} is already the gateway of mesh ${quote(gatewayOwner)}: MeshGateway objects are cluster-wide, so the names must differ`,
      );
    else gatewayOwners.set(gateway.name, name);

    meshes.push({ key: name, name, home, namespaces: ordered, gateway, echo, clients, passthrough: r.boolean('passthrough', true) });
  }
  for (const [i, m] of meshes.entries()) {
    const ns = m.gateway.namespace;
    const owner = ns ? meshes.find((o) => o !== m && (Object.values(o.namespaces).includes(ns) || o.gateway.namespace === ns)) : undefined;
    if (ns && owner)
      top.problem(
        `meshes[${i}].gateway.namespace`,
        `${quote(ns)} belongs to mesh ${quote(owner.name)}: the Kong Gateway's namespace joins the mesh of its gateway, so it needs a namespace of its own`,
      );
  }
  return meshes;
}

/** The zones of `list` that are in `by`, once each, in the order of `by`. */
function order(list: string[], by: string[]): string[] {
  return by.filter((z) => list.includes(z));
}

function readLinks(top: Reader, meshes: MeshConfig[]): LinkConfig[] {
  const byName = new Map(meshes.map((m) => [m.name, m]));
  const meshList = meshes.map((m) => m.name).join(', ') || 'none listed';
  const meshProblem = (v: string) => (byName.has(v) ? undefined : `${quote(v)} is not one of the meshes (${meshList})`);
  const links: LinkConfig[] = [];
  /** "from -> to" -> where the link was first listed */
  const listed = new Map<string, number>();
  for (const r of top.list('links') ?? []) {
    r.allowOnly(['from', 'to']);
    const missing = ['from', 'to'].filter((k) => !r.has(k));
    for (const key of missing) r.problem(key, 'is required: a link reads { from: <calling mesh>, to: <called mesh> }');
    if (missing.length) continue;
    const from = r.string('from', '', meshProblem);
    const to = r.string('to', '', meshProblem);
    const caller = byName.get(from);
    if (!caller || !byName.has(to)) continue;
    const link = `${from} -> ${to}`;
    const first = listed.get(link);
    if (from === to) r.problem('to', `${quote(to)} is the calling mesh itself: a mesh reaches its own services without a link`);
    else if (first !== undefined) r.problem('to', `the link ${link} is already links[${first}]: list each link once`);
    else {
      listed.set(link, r.index ?? links.length);
      if (caller.clients.length === 0)
        r.problem('from', `${quote(from)} runs no clients (its clients list is empty), so it has nowhere to call from`);
      links.push({ from: caller.key, to: byName.get(to)?.key ?? to });
    }
  }
  return links;
}

export type { ConfigProblem };
