import type { CrossmeshConfig, MeshKey, ClusterKey } from '../src/config/types.js';
import type {
  Manifest,
  PlanContext,
  Target,
  ManifestObject,
  Explanation,
  GuideFix,
  Step,
  StepId,
  StepProbe,
  GatewayAddressSource,
} from '../src/model/types.js';
import { isKubeObject, kindOf, nameOf } from '../src/model/types.js';
import { clusterName } from '../src/config/labels.js';

/** What a reader sees of a step, written with the configured names. */
export interface StepText {
  title: string;
  explanation: Explanation;
  fixes: GuideFix[];
}

/**
 * A step whose texts are a function of the configuration: a learner with meshes called payments and
 * orders reads about payments and orders, never about the guide's mesh1 and mesh2.
 */
export interface StepDefinition {
  id: StepId;
  text(config: CrossmeshConfig): StepText;
  manifests: (ctx: PlanContext) => Manifest[];
  probe?: StepProbe;
  afterApply?: Step['afterApply'];
  checkCommands?: Step['checkCommands'];
}

/** The step as the engine and the commands use it, its texts written for `config`. */
export function stepFor(def: StepDefinition, config: CrossmeshConfig): Step {
  return {
    id: def.id,
    ...def.text(config),
    manifests: def.manifests,
    ...(def.probe ? { probe: def.probe } : {}),
    ...(def.afterApply ? { afterApply: def.afterApply } : {}),
    ...(def.checkCommands ? { checkCommands: def.checkCommands } : {}),
  };
}

/** The namespace `mesh`'s gateway runs in: the mesh's own for the built-in one, a namespace of its own for Kong Gateway. */
export function gatewayNamespace(config: CrossmeshConfig, mesh: MeshKey): string {
  const m = config.meshes[mesh];
  return m.gateway.kind === 'kong' ? (m.gateway.namespace ?? `${m.cluster1Namespace}-gateway`) : m.cluster1Namespace;
}

/**
 * Where `mesh`'s gateway shows its reachable address: the LoadBalancer Service the zone control plane
 * makes for a built-in gateway, or the Gateway's status.addresses that Kong Operator fills.
 */
export function gatewayAddressSource(config: CrossmeshConfig, mesh: MeshKey): GatewayAddressSource {
  const m = config.meshes[mesh];
  return {
    from: m.gateway.kind === 'kong' ? 'gateway' : 'service',
    context: config.clusters.cluster1.context,
    namespace: gatewayNamespace(config, mesh),
    name: m.gateway.name,
  };
}

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
  const ns = isKubeObject(object) ? object.metadata.namespace : undefined;
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

/** The guide's external service names (echo-mesh-1-http for a mesh called mesh1), derived from the mesh name. */
export function externalServiceName(config: CrossmeshConfig, mesh: MeshKey): string {
  return `echo-${config.meshes[mesh].name.replace(/(\d+)$/, '-$1')}-http`;
}

/** A route from `mesh`'s gateway to its echo; the guide's names for the default meshes. */
export function echoRouteName(config: CrossmeshConfig, mesh: MeshKey, suffix = ''): string {
  return `gw-to-${config.meshes[mesh].name}-echo${suffix}`;
}

/** The host name clients of the other mesh call to reach echo in `mesh`, through `mesh`'s gateway. */
export function externalServiceHost(config: CrossmeshConfig, mesh: MeshKey): string {
  return `${externalServiceName(config, mesh)}.extsvc.mesh.local`;
}

/** The route of mesh1's gateway to echo in cluster 2's zone: gw-to-mesh1-echo-zone2 with the guide's names. */
export function zone2EchoRoute(config: CrossmeshConfig): { name: string; path: string } {
  const zone = config.clusters.cluster2.zone;
  return { name: echoRouteName(config, 'mesh1', `-${zone}`), path: `/${zone}echo` };
}

/** Stands in a manifest for the address of `mesh`'s gateway until it is known; named after the mesh. */
export function gatewayAddressPlaceholder(config: CrossmeshConfig, mesh: MeshKey): string {
  return `${config.meshes[mesh].name}-gateway-address.invalid`;
}

/** A cluster as a reader knows it: its role and its kube context, e.g. "cluster 1 (context c1)". */
export function clusterLabel(config: CrossmeshConfig, cluster: ClusterKey): string {
  return clusterName(cluster, config.clusters[cluster].context);
}
