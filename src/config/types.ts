/**
 * The typed configuration every step is built from: zones (kube contexts), meshes that span some of
 * them, and links (mesh `from` may call mesh `to` through `to`'s gateway). Mirrors crossmesh.yaml
 * version 2; a version 1 file is read as the guide's two meshes over two zones.
 */

/** A mesh's name as written in crossmesh.yaml, before any prefix: what plans, journals and flags key meshes by. */
export type MeshKey = string;
/** A zone's name as written in crossmesh.yaml: what meshes name their zones by. */
export type ZoneKey = string;
/** A zone's place in the configuration ("cluster1", "cluster2", ...): manifest ids and journals use it. */
export type ClusterKey = string;

/** Where the global control plane is reached. */
export type GlobalTarget = { tool: 'kumactl'; controlPlane: string } | { tool: 'kubectl'; context: string };

export interface ZoneConfig {
  /** the zone's name in crossmesh.yaml */
  name: ZoneKey;
  /** kube context name in the kubeconfig */
  context: string;
  /** Kuma zone name (KUMA_MULTIZONE_ZONE_NAME): the configured name until the zone's control plane says otherwise */
  zone: string;
}

/**
 * 'builtin': Kuma's own MeshGateway (Kuma 2.x only; 3.0 removes it).
 * 'kong': a Kong Gateway run by Kong Operator, joined to the mesh as a delegated gateway.
 */
export type GatewayKind = 'builtin' | 'kong';
export const GATEWAY_KINDS: readonly GatewayKind[] = ['builtin', 'kong'];

export interface GatewayConfig {
  kind: GatewayKind;
  name: string;
  port: number;
  /** kong only: the namespace the Kong Gateway runs in; undefined means "<home namespace>-gateway" */
  namespace?: string;
  /** Reachable address of the gateway Service; empty means "wait for the LoadBalancer". */
  address?: string;
}

export interface MeshConfig {
  /** the mesh's name before a prefix */
  key: MeshKey;
  name: string;
  /** the zone that runs the mesh's gateway and its main echo */
  home: ZoneKey;
  /** the mesh's namespace in each zone it spans, in the order of the zones */
  namespaces: Record<ZoneKey, string>;
  gateway: GatewayConfig;
  /** zones whose namespace of this mesh runs echo (the home zone always does) */
  echo: ZoneKey[];
  /** zones whose namespace of this mesh runs the curl client; the external services of its links go there */
  clients: ZoneKey[];
  /** false: the mesh's workloads reach outside the mesh only through declared external services */
  passthrough: boolean;
}

/** Mesh `from` may call mesh `to`, through `to`'s gateway. */
export interface LinkConfig {
  from: MeshKey;
  to: MeshKey;
}

export interface CaConfig {
  backend: string;
  rsaBits: number;
  caExpiration: string;
  certExpiration: string;
}

export interface EchoConfig {
  port: number;
  image: string;
}

export interface CrossmeshConfig {
  /** put in front of every mesh, namespace and gateway name (one learner's setup among many); see withPrefix */
  prefix?: string;
  global: GlobalTarget;
  zones: ZoneConfig[];
  /** undefined: detect from the zone's control plane, fall back to kong-mesh-system */
  systemNamespace?: string;
  meshes: MeshConfig[];
  links: LinkConfig[];
  echo: EchoConfig;
  client: { image: string };
  ca: CaConfig;
  /** how long to wait for a gateway LoadBalancer address, e.g. "3m" */
  gatewayWait: string;
  /** how long to wait for the global control plane to copy new Meshes to the zones */
  meshSyncWait: string;
  /** how long teardown waits for workload pods, and their data plane proxies, to go */
  drainWait: string;
}
