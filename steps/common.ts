import type { CrossmeshConfig, MeshKey, ClusterKey } from '../src/config/types.js';
import type { KubeObject, Manifest, PlanContext, Target, ManifestObject } from '../src/engine/types.js';
import { kindOf, nameOf } from '../src/engine/types.js';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'crossmesh' } as const;

export function clusterTarget(config: CrossmeshConfig, cluster: ClusterKey, namespace?: string): Target {
  return { tool: 'kubectl', role: cluster, context: config.clusters[cluster].context, ...(namespace ? { namespace } : {}) };
}

export function globalTarget(config: CrossmeshConfig): Target {
  return config.global.tool === 'kumactl'
    ? { tool: 'kumactl', role: 'global', context: config.global.controlPlane }
    : { tool: 'kubectl', role: 'global', context: config.global.context };
}

/** Labels that tie a policy in the system namespace to a mesh and mark it as created on a zone. */
export function zonePolicyLabels(meshName: string): Record<string, string> {
  return { 'kuma.io/mesh': meshName, 'kuma.io/origin': 'zone', ...MANAGED_BY };
}

export function manifest(step: string, object: ManifestObject, target: Target, purpose: string, extra: Partial<Manifest> = {}): Manifest {
  const ns = 'metadata' in object ? (object as KubeObject).metadata.namespace : undefined;
  return {
    id: [step, target.role, kindOf(object), ns, nameOf(object)].filter(Boolean).join('/'),
    object,
    target: ns ? { ...target, namespace: ns } : target,
    purpose,
    ...extra,
  };
}

export function meshName(ctx: PlanContext, mesh: MeshKey): string {
  return ctx.config.meshes[mesh].name;
}

/** The tag Kuma gives the pods of a MeshGatewayInstance, which the MeshGateway selects. */
export function gatewayServiceTag(name: string, namespace: string): string {
  return `${name}_${namespace}_svc`;
}

/** The guide's external service names (echo-mesh-1-http for mesh1), derived from the mesh name. */
export function externalServiceName(config: CrossmeshConfig, mesh: MeshKey): string {
  return `echo-${config.meshes[mesh].name.replace(/(\d+)$/, '-$1')}-http`;
}

/** A route from `mesh`'s gateway to its echo; the guide's names for the default meshes. */
export function echoRouteName(config: CrossmeshConfig, mesh: MeshKey, suffix = ''): string {
  return `gw-to-${config.meshes[mesh].name}-echo${suffix}`;
}

export function gatewayAddressPlaceholder(mesh: MeshKey): string {
  return `${mesh}-gateway-address.invalid`;
}
