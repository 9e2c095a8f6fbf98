// Which Kuma kinds belong to a mesh, which are policies, and how an object names its mesh.
import type { KubeObject } from './json.js';

/** The new-style Mesh* policies of Kuma 2.14 (those with targetRef). */
export const POLICY_KINDS: ReadonlySet<string> = new Set([
  'MeshAccessLog',
  'MeshCircuitBreaker',
  'MeshFaultInjection',
  'MeshHealthCheck',
  'MeshHTTPRoute',
  'MeshLoadBalancingStrategy',
  'MeshMetric',
  'MeshPassthrough',
  'MeshProxyPatch',
  'MeshRateLimit',
  'MeshRetry',
  'MeshTCPRoute',
  'MeshTimeout',
  'MeshTLS',
  'MeshTrace',
  'MeshTrafficPermission',
]);

/** Kinds whose origin and system-namespace rules are those of policies ("Policies and MeshExternalService"). */
export const isPolicyLike = (kind: string): boolean => POLICY_KINDS.has(kind) || kind === 'MeshExternalService';

/**
 * Kinds owned by a Mesh (the owner-reference webhook checks them). Not Mesh itself, nor
 * MeshGatewayInstance, MeshGatewayConfig, MeshInsight, Zone, ZoneInsight and the other
 * cluster-level kinds.
 */
const MESH_SCOPED: ReadonlySet<string> = new Set([
  ...POLICY_KINDS,
  'MeshExternalService',
  'MeshService',
  'MeshMultiZoneService',
  'MeshGateway',
  'MeshGatewayRoute',
  'MeshIdentity',
  'MeshTrust',
  'MeshOpenTelemetryBackend',
  'Dataplane',
  // legacy policies (top-level `mesh` field)
  'CircuitBreaker',
  'ExternalService',
  'FaultInjection',
  'HealthCheck',
  'ProxyTemplate',
  'RateLimit',
  'Retry',
  'Timeout',
  'TrafficLog',
  'TrafficPermission',
  'TrafficRoute',
  'TrafficTrace',
  'VirtualOutbound',
]);

export const isMeshScoped = (kind: string): boolean => MESH_SCOPED.has(kind);

/** The mesh of an object: top-level `mesh` (MeshGateway, Dataplane), else label kuma.io/mesh, else "default". */
export function meshOf(o: KubeObject): string {
  const top = o['mesh'];
  if (typeof top === 'string' && top) return top;
  return o.metadata?.labels?.['kuma.io/mesh'] || 'default';
}

/** `spec.mtls.enabledBackend` of a Mesh, or undefined when mTLS is off. */
export function enabledBackend(mesh: KubeObject | undefined): string | undefined {
  const mtls = mesh?.spec?.['mtls'];
  const b = typeof mtls === 'object' && mtls !== null ? (mtls as Record<string, unknown>)['enabledBackend'] : undefined;
  return typeof b === 'string' && b ? b : undefined;
}
