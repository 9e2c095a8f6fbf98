import type { CrossmeshConfig, GatewayConfig, MeshConfig, ZoneConfig } from './types.js';
import { GATEWAY_KINDS } from './types.js';
import { quote } from './limits.js';
import { Reader, describe, isObj, type ConfigProblem } from './reader.js';
import type { CommonSettings } from './validate.js';
import { addressProblem, KNOWN_SYSTEM_NAMESPACES } from './validate.js';

/** The keys a version 1 file has beside the common ones: two fixed clusters and two fixed meshes. */
export const VERSION1_KEYS = ['clusters', 'meshes'];

const CLUSTERS = ['cluster1', 'cluster2'] as const;
const MESHES = ['mesh1', 'mesh2'] as const;

/** A version 1 cluster: a kube context and the Kuma zone name, which is also the zone's name in the model. */
interface Version1Cluster {
  context: string;
  zone: string;
}

/** A version 1 mesh: named by its slot (mesh1, mesh2), one namespace in each of the two clusters. */
interface Version1Mesh {
  name: string;
  cluster1Namespace: string;
  cluster2Namespace: string;
  gateway: GatewayConfig;
}

const VERSION1_DEFAULTS = {
  clusters: { cluster1: { context: 'c1', zone: 'zone1' }, cluster2: { context: 'c2', zone: 'zone2' } },
  meshes: {
    mesh1: { name: 'mesh1', cluster1Namespace: 'c1m1', cluster2Namespace: 'c2m1', gatewayName: 'cross-mesh-gateway' },
    mesh2: { name: 'mesh2', cluster1Namespace: 'c1m2', cluster2Namespace: 'c2m2', gatewayName: 'mesh2-gateway' },
  },
};

/**
 * Reads a version 1 file's clusters and meshes as the guide's model: two zones, the two meshes at
 * home in cluster 1, clients in cluster 2, echo also in mesh1's cluster-2 namespace (unless
 * echo.inZone2 is false), mesh2 without passthrough, and a link each way.
 */
export function readTopologyVersion1(top: Reader, common: CommonSettings): Pick<CrossmeshConfig, 'zones' | 'meshes' | 'links'> {
  const clustersReader = top.child('clusters');
  clustersReader?.allowOnly([...CLUSTERS]);
  const readCluster = (key: (typeof CLUSTERS)[number]): Version1Cluster => {
    const d = VERSION1_DEFAULTS.clusters[key];
    const r = clustersReader?.child(key);
    r?.allowOnly(['context', 'zone']);
    return { context: r?.string('context', d.context) ?? d.context, zone: r?.dnsName('zone', d.zone) ?? d.zone };
  };
  const clusters: [Version1Cluster, Version1Cluster] = [readCluster('cluster1'), readCluster('cluster2')];

  // a list of meshes is how version 2 writes them: say so rather than only "must be a mapping"
  const meshesListed = Array.isArray(top.raw('meshes'));
  if (meshesListed)
    top.problem('meshes', 'must be a mapping, got a list (a list of meshes is the version 2 form: add "version: 2" at the top)');
  const meshesReader = meshesListed ? undefined : top.child('meshes');
  meshesReader?.allowOnly([...MESHES]);
  const readMesh = (key: (typeof MESHES)[number]): Version1Mesh => {
    const d = VERSION1_DEFAULTS.meshes[key];
    const r = meshesReader?.child(key);
    r?.allowOnly(['name', 'cluster1Namespace', 'cluster2Namespace', 'gateway']);
    return {
      name: r?.dnsName('name', d.name) ?? d.name,
      cluster1Namespace: r?.dnsName('cluster1Namespace', d.cluster1Namespace) ?? d.cluster1Namespace,
      cluster2Namespace: r?.dnsName('cluster2Namespace', d.cluster2Namespace) ?? d.cluster2Namespace,
      gateway: readGateway(r?.child('gateway'), d.gatewayName, d.cluster1Namespace),
    };
  };
  const meshes: [Version1Mesh, Version1Mesh] = [readMesh('mesh1'), readMesh('mesh2')];
  const echoRaw = top.raw('echo');
  const inZone2Raw = isObj(echoRaw) ? echoRaw.inZone2 : undefined;
  const inZone2 = typeof inZone2Raw === 'boolean' ? inZone2Raw : true;
  if (inZone2Raw !== undefined && inZone2Raw !== null && typeof inZone2Raw !== 'boolean')
    top.child('echo')?.problem('inZone2', `must be true or false, got ${describe(inZone2Raw)}`);

  for (const p of crossFieldProblems(clusters, meshes, common)) top.problem(p.path, p.message);

  const [c1, c2] = clusters;
  const [m1, m2] = meshes;
  const zones: ZoneConfig[] = [
    { name: c1.zone, context: c1.context, zone: c1.zone },
    { name: c2.zone, context: c2.context, zone: c2.zone },
  ];
  // the slot names stay the keys, so journals written before version 2 still find their gateway addresses
  const model = (key: string, m: Version1Mesh, echoInZone2: boolean, passthrough: boolean): MeshConfig => ({
    key,
    name: m.name,
    home: c1.zone,
    namespaces: { [c1.zone]: m.cluster1Namespace, [c2.zone]: m.cluster2Namespace },
    gateway: m.gateway,
    echo: echoInZone2 ? [c1.zone, c2.zone] : [c1.zone],
    clients: [c2.zone],
    passthrough,
  });
  return {
    zones,
    meshes: [model('mesh1', m1, inZone2, true), model('mesh2', m2, false, false)],
    links: [
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
    ],
  };
}

/**
 * A gateway mapping (shared by both versions); `homeNamespace` is the fallback of an invalid Kong
 * namespace. Messages name the home namespace as each version calls it.
 */
export function readGateway(
  g: Reader | undefined,
  defaultName: string,
  homeNamespace: string,
  version: 'version1' | 'version2' = 'version1',
): GatewayConfig {
  g?.allowOnly(['kind', 'name', 'port', 'address', 'namespace']);
  const address = g?.string('address', '', addressProblem);
  const kind = g?.string('kind', 'builtin', (v) =>
    GATEWAY_KINDS.some((k) => k === v)
      ? undefined
      : `${quote(v)} is not a gateway kind: use builtin (Kuma's MeshGateway) or kong (Kong Gateway with Kong Operator)`,
  );
  const gatewayKind = GATEWAY_KINDS.find((k) => k === kind) ?? 'builtin';
  const namespace = g?.has('namespace') ? g.dnsName('namespace', homeNamespace) : undefined;
  if (namespace !== undefined && gatewayKind !== 'kong')
    g?.problem(
      'namespace',
      `is only used with kind: kong (the built-in gateway runs in ${version === 'version1' ? 'cluster1Namespace' : "the mesh's namespace in its home zone"}); remove it or set kind: kong`,
    );
  return {
    kind: gatewayKind,
    name: g?.dnsName('name', defaultName) ?? defaultName,
    port: g?.integer('port', 8080, 1, 65535, 'a port number') ?? 8080,
    ...(namespace ? { namespace } : {}),
    ...(address ? { address } : {}),
  };
}

function crossFieldProblems(
  clusters: readonly [Version1Cluster, Version1Cluster],
  meshes: readonly [Version1Mesh, Version1Mesh],
  common: CommonSettings,
): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const [cluster1, cluster2] = clusters;
  const [mesh1, mesh2] = meshes;
  const byKey = { mesh1, mesh2 };
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
  if (mesh1.name === mesh2.name)
    out.push({
      path: 'meshes.mesh2.name',
      message: `is the same as meshes.mesh1.name (${quote(mesh1.name)}): the two meshes need different names`,
    });
  for (const key of MESHES)
    if (byKey[key].gateway.name === 'echo')
      out.push({
        path: `meshes.${key}.gateway.name`,
        message: 'must not be "echo": the gateway\'s Service would take the name of the echo Service in the same namespace',
      });
  for (const key of MESHES) {
    const ns = byKey[key].gateway.namespace;
    const other = byKey[key === 'mesh1' ? 'mesh2' : 'mesh1'];
    if (ns && (ns === other.cluster1Namespace || ns === other.gateway.namespace))
      out.push({
        path: `meshes.${key}.gateway.namespace`,
        message: `${quote(ns)} belongs to mesh ${quote(other.name)}: the Kong Gateway's namespace joins the mesh of its gateway, so it needs a namespace of its own`,
      });
  }
  if (mesh1.gateway.name === mesh2.gateway.name)
    out.push({
      path: 'meshes.mesh2.gateway.name',
      message: `is the same as meshes.mesh1.gateway.name: MeshGateway objects are cluster-wide, so the names must differ`,
    });
  for (const ns of ['cluster1Namespace', 'cluster2Namespace'] as const) {
    if (mesh1[ns] === mesh2[ns])
      out.push({
        path: `meshes.mesh2.${ns}`,
        message: `is the same namespace as meshes.mesh1.${ns}: a namespace belongs to one mesh only`,
      });
    for (const key of MESHES) {
      const system = common.systemNamespace ? [common.systemNamespace] : KNOWN_SYSTEM_NAMESPACES;
      if (system.includes(byKey[key][ns]))
        out.push({ path: `meshes.${key}.${ns}`, message: `must not be the control plane's system namespace ${quote(byKey[key][ns])}` });
    }
  }
  return out;
}
