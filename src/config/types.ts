/** The typed configuration every step is built from. Mirrors crossmesh.yaml. */

export type MeshKey = 'mesh1' | 'mesh2';
export type ClusterKey = 'cluster1' | 'cluster2';

/** Where the global control plane is reached. */
export type GlobalTarget = { tool: 'kumactl'; controlPlane: string } | { tool: 'kubectl'; context: string };

export interface ClusterConfig {
  /** kube context name in the kubeconfig */
  context: string;
  /** Kuma zone name of this cluster (KUMA_MULTIZONE_ZONE_NAME) */
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
  /** kong only: the namespace the Kong Gateway runs in; undefined means "<cluster1Namespace>-gateway" */
  namespace?: string;
  /** Reachable address of the gateway Service; empty means "wait for the LoadBalancer". */
  address?: string;
}

export interface MeshConfig {
  name: string;
  /** namespace of this mesh in cluster 1 (holds echo and the gateway) */
  cluster1Namespace: string;
  /** namespace of this mesh in cluster 2 (holds the client) */
  cluster2Namespace: string;
  gateway: GatewayConfig;
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
  /** also deploy echo in mesh1's cluster-2 namespace so the /zone2echo route has a target */
  inZone2: boolean;
}

export interface CrossmeshConfig {
  /** put in front of every mesh, namespace and gateway name (one learner's setup among many); see withPrefix */
  prefix?: string;
  global: GlobalTarget;
  clusters: Record<ClusterKey, ClusterConfig>;
  /** undefined: detect from the zone's control plane, fall back to kong-mesh-system */
  systemNamespace?: string;
  meshes: Record<MeshKey, MeshConfig>;
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

export const MESH_KEYS: readonly MeshKey[] = ['mesh1', 'mesh2'];
export const CLUSTER_KEYS: readonly ClusterKey[] = ['cluster1', 'cluster2'];

export function otherMesh(mesh: MeshKey): MeshKey {
  return mesh === 'mesh1' ? 'mesh2' : 'mesh1';
}
