import type { ClusterKey, CrossmeshConfig, LinkConfig, MeshConfig, MeshKey, ZoneConfig, ZoneKey } from './types.js';

/** Lookups over the configuration's zones, meshes and links; every step and command goes through these. */

export function zoneOf(config: CrossmeshConfig, key: ZoneKey): ZoneConfig {
  const zone = config.zones.find((z) => z.name === key);
  if (!zone) throw new Error(`no zone ${key} in the configuration`);
  return zone;
}

export function meshOf(config: CrossmeshConfig, key: MeshKey): MeshConfig {
  const mesh = config.meshes.find((m) => m.key === key);
  if (!mesh) throw new Error(`no mesh ${key} in the configuration`);
  return mesh;
}

/** The zone's role in manifest ids and journals: cluster1 for the first zone, cluster2 for the second, ... */
export function zoneRole(config: CrossmeshConfig, key: ZoneKey): ClusterKey {
  return `cluster${config.zones.findIndex((z) => z.name === key) + 1}`;
}

export function zoneByRole(config: CrossmeshConfig, role: ClusterKey): ZoneConfig | undefined {
  const m = /^cluster(\d+)$/.exec(role);
  return m ? config.zones[Number(m[1]) - 1] : undefined;
}

export function homeZone(config: CrossmeshConfig, mesh: MeshConfig): ZoneConfig {
  return zoneOf(config, mesh.home);
}

/** The zones `mesh` spans, in the order of the configuration's zones. */
export function zonesOf(config: CrossmeshConfig, mesh: MeshConfig): ZoneConfig[] {
  return config.zones.filter((z) => mesh.namespaces[z.name] !== undefined);
}

export function namespaceIn(mesh: MeshConfig, zone: ZoneKey): string {
  const ns = mesh.namespaces[zone];
  if (ns === undefined) throw new Error(`mesh ${mesh.key} has no namespace in zone ${zone}`);
  return ns;
}

export function homeNamespace(mesh: MeshConfig): string {
  return namespaceIn(mesh, mesh.home);
}

/**
 * Where the settings of the mesh at `index` are in crossmesh.yaml, for messages that tell a user what
 * to change: meshes.mesh1 in a version 1 file (whose two meshes keep their slot names as keys),
 * meshes[0] in version 2.
 */
export function meshSettingPath(config: CrossmeshConfig, index: number): string {
  const key = config.meshes[index]?.key;
  return config.meshes.length === 2 && key === `mesh${index + 1}` ? `meshes.${key}` : `meshes[${index}]`;
}

export function hasLink(config: CrossmeshConfig, from: MeshKey, to: MeshKey): boolean {
  return config.links.some((l) => l.from === from && l.to === to);
}

/** Meshes that at least one link calls, in the order their first link comes: each runs a gateway. */
export function gatewayMeshes(config: CrossmeshConfig): MeshConfig[] {
  const keys = [...new Set(config.links.map((l) => l.to))];
  return keys.map((k) => meshOf(config, k));
}

export function isLinkTarget(config: CrossmeshConfig, mesh: MeshKey): boolean {
  return config.links.some((l) => l.to === mesh);
}

/** Ordered pairs of different meshes with no link: the isolation a check expects to hold. */
export function unlinkedPairs(config: CrossmeshConfig): LinkConfig[] {
  return config.meshes.flatMap((a) =>
    config.meshes.filter((b) => b.key !== a.key && !hasLink(config, a.key, b.key)).map((b) => ({ from: a.key, to: b.key })),
  );
}

export function linkLabel(config: CrossmeshConfig, link: LinkConfig): string {
  return `${meshOf(config, link.from).name} -> ${meshOf(config, link.to).name}`;
}

/** The two meshes, two zones and two links of the guide's own shape, in the guide's order. */
export interface GuideParts {
  m1: MeshConfig;
  m2: MeshConfig;
  z1: ZoneConfig;
  z2: ZoneConfig;
  /** the second mesh calling the first, then the first calling the second */
  toFirst: LinkConfig;
  toSecond: LinkConfig;
}

/**
 * The guide's own shape: two zones, two meshes at home in the first zone spanning both, clients in
 * the second zone, echo in the second mesh's home only, and both directions linked, the second
 * mesh's first. Plans of this shape keep the guide's step names and texts, so runs and journals
 * from before any-topology support still match. Undefined for any other shape.
 */
export function guideParts(config: CrossmeshConfig): GuideParts | undefined {
  const [z1, z2] = config.zones;
  const [m1, m2] = config.meshes;
  const [toFirst, toSecond] = config.links;
  if (config.zones.length !== 2 || config.meshes.length !== 2 || config.links.length !== 2) return undefined;
  if (!z1 || !z2 || !m1 || !m2 || !toFirst || !toSecond) return undefined;
  const shaped = (m: MeshConfig) =>
    m.home === z1.name &&
    Object.keys(m.namespaces).length === 2 &&
    m.namespaces[z2.name] !== undefined &&
    m.clients.length === 1 &&
    m.clients[0] === z2.name &&
    m.echo[0] === z1.name;
  const linked = toFirst.from === m2.key && toFirst.to === m1.key && toSecond.from === m1.key && toSecond.to === m2.key;
  const echoes = m2.echo.length === 1 && m1.echo.every((z) => z === z1.name || z === z2.name);
  return shaped(m1) && shaped(m2) && linked && echoes ? { m1, m2, z1, z2, toFirst, toSecond } : undefined;
}

export function isGuideShape(config: CrossmeshConfig): boolean {
  return guideParts(config) !== undefined;
}

/** The parts of the guide's shape, for code that only runs for it. */
export function guidePartsOf(config: CrossmeshConfig): GuideParts {
  const parts = guideParts(config);
  if (!parts) throw new Error("the configuration does not have the guide's two-mesh shape");
  return parts;
}
