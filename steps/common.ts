import type { CrossmeshConfig, LinkConfig, MeshConfig, ZoneKey } from '../src/config/types.js';
import { homeNamespace, homeZone, meshOf, zoneOf, zoneRole } from '../src/config/model.js';
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
export function gatewayNamespace(mesh: MeshConfig): string {
  return mesh.gateway.kind === 'kong' ? (mesh.gateway.namespace ?? `${homeNamespace(mesh)}-gateway`) : homeNamespace(mesh);
}

/**
 * Where `mesh`'s gateway shows its reachable address: the LoadBalancer Service the zone control plane
 * makes for a built-in gateway, or the Gateway's status.addresses that Kong Operator fills.
 */
export function gatewayAddressSource(config: CrossmeshConfig, mesh: MeshConfig): GatewayAddressSource {
  return {
    from: mesh.gateway.kind === 'kong' ? 'gateway' : 'service',
    context: homeZone(config, mesh).context,
    namespace: gatewayNamespace(mesh),
    name: mesh.gateway.name,
  };
}

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'crossmesh' } as const;

/** kubectl against the cluster of `zone`. */
export function clusterTarget(config: CrossmeshConfig, zone: ZoneKey, namespace?: string): Target {
  return { tool: 'kubectl', role: zoneRole(config, zone), context: zoneOf(config, zone).context, ...(namespace ? { namespace } : {}) };
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

/** The tag Kuma gives the pods of a MeshGatewayInstance, which the MeshGateway selects. */
export function gatewayServiceTag(name: string, namespace: string): string {
  return `${name}_${namespace}_svc`;
}

/**
 * The external service through which clients of `link.from` reach `link.to`'s gateway. Named after
 * the target (echo-mesh-1-http for a mesh called mesh1, the guide's name); with more than two meshes
 * several meshes may call the same one, and since all of them live in the system namespace, the name
 * then also carries the caller.
 */
export function externalServiceName(config: CrossmeshConfig, link: LinkConfig): string {
  const base = `echo-${meshOf(config, link.to).name.replace(/(\d+)$/, '-$1')}-http`;
  const name = config.meshes.length > 2 ? `${base}-for-${meshOf(config, link.from).name}` : base;
  // the name is the first label of its host name, which DNS limits to 63 characters
  return name.length <= 63 ? name : `${name.slice(0, 54).replace(/-+$/, '')}-${shortHash(name)}`;
}

/** Eight hex digits that tell long names apart (FNV-1a): stable from run to run, unlike a random suffix. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A route from `mesh`'s gateway to its echo; the guide's names for the default meshes. */
export function echoRouteName(mesh: MeshConfig, suffix = ''): string {
  return `gw-to-${mesh.name}-echo${suffix}`;
}

/** The host name clients of `link.from` call to reach echo in `link.to`, through `link.to`'s gateway. */
export function externalServiceHost(config: CrossmeshConfig, link: LinkConfig): string {
  return `${externalServiceName(config, link)}.extsvc.mesh.local`;
}

/** The route of `mesh`'s gateway to echo in another zone it spans: gw-to-mesh1-echo-zone2 and /zone2echo with the guide's names. */
export function zoneEchoRoute(config: CrossmeshConfig, mesh: MeshConfig, zone: ZoneKey): { name: string; path: string } {
  const kumaZone = zoneOf(config, zone).zone;
  return { name: echoRouteName(mesh, `-${kumaZone}`), path: `/${kumaZone}echo` };
}

/** Stands in a manifest for the address of `mesh`'s gateway until it is known; named after the mesh. */
export function gatewayAddressPlaceholder(mesh: MeshConfig): string {
  return `${mesh.name}-gateway-address.invalid`;
}

/** A cluster as a reader knows it: its role and its kube context, e.g. "cluster 1 (context c1)". */
export function clusterLabel(config: CrossmeshConfig, zone: ZoneKey): string {
  return clusterName(zoneRole(config, zone), zoneOf(config, zone).context);
}
