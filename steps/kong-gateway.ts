import type { KubeObject, Manifest, PlanContext, GuideFix, Explanation } from '../src/model/types.js';
import type { CrossmeshConfig, MeshConfig } from '../src/config/types.js';
import { homeNamespace } from '../src/config/model.js';
import { clusterLabel, clusterTarget, echoRouteName, gatewayNamespace, manifest, MANAGED_BY, zonePolicyLabels } from './common.js';

/** The controller name Kong Operator answers to in a GatewayClass. */
export const KONG_CONTROLLER = 'konghq.com/gateway-operator';
/** Where the Kong proxy listens inside its pod (Kong Operator's defaults for HTTP and HTTPS). */
const KONG_PROXY_PORTS = '8000,8443';

/** The objects that route from the Kong Gateway to echo live in another namespace than echo. */
function crossesNamespaces(mesh: MeshConfig): boolean {
  return gatewayNamespace(mesh) !== homeNamespace(mesh);
}

export function kongPermissionName(mesh: MeshConfig): string {
  return `allow-${mesh.gateway.name}`;
}

/**
 * How the Kong proxy pod is marked as a delegated gateway: its sidecar only handles traffic leaving
 * it into the mesh, while outside callers reach Kong directly. Kuma 2.x reads an annotation for
 * that; 3.x no longer does and instead needs the proxy's listening ports kept away from the sidecar.
 */
function delegatedGatewayAnnotations(ctx: PlanContext): Record<string, string> {
  return (ctx.facts.kumaMajor ?? 2) >= 3 ? { 'traffic.kuma.io/exclude-inbound-ports': KONG_PROXY_PORTS } : { 'kuma.io/gateway': 'enabled' };
}

/** The namespace the Kong Gateway of `mesh` runs in, when it is not the mesh's own: injected and in the mesh. */
export function kongNamespaceManifest(ctx: PlanContext, mesh: MeshConfig): Manifest | undefined {
  if (mesh.gateway.kind !== 'kong' || !crossesNamespaces(mesh)) return undefined;
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: gatewayNamespace(mesh),
      labels: { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': mesh.name, ...MANAGED_BY },
    },
  };
  return manifest(
    'namespaces',
    object,
    clusterTarget(ctx.config, mesh.home),
    `namespace of ${mesh.gateway.name}, the Kong Gateway of ${mesh.name}`,
  );
}

/** The Kong Gateway of `mesh` in cluster 1: its configuration, class, Gateway, route to echo and permission. */
export function kongGatewayManifests(ctx: PlanContext, step: string, m: MeshConfig): Manifest[] {
  const { config } = ctx;
  const gw = m.gateway;
  const ns = gatewayNamespace(m);
  const zone1 = clusterTarget(config, m.home);
  const configuration: KubeObject = {
    apiVersion: 'gateway-operator.konghq.com/v2beta1',
    kind: 'GatewayConfiguration',
    metadata: { name: gw.name, namespace: ns, labels: { ...MANAGED_BY } },
    spec: {
      dataPlaneOptions: {
        deployment: { podTemplateSpec: { metadata: { annotations: delegatedGatewayAnnotations(ctx) } } },
        network: { services: { ingress: { type: 'LoadBalancer' } } },
      },
    },
  };
  const gatewayClass: KubeObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    // cluster-scoped: no namespace
    metadata: { name: gw.name, labels: { ...MANAGED_BY } },
    spec: {
      controllerName: KONG_CONTROLLER,
      parametersRef: { group: 'gateway-operator.konghq.com', kind: 'GatewayConfiguration', name: gw.name, namespace: ns },
    },
  };
  const gateway: KubeObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: gw.name, namespace: ns, labels: { ...MANAGED_BY } },
    spec: { gatewayClassName: gw.name, listeners: [{ name: 'http', protocol: 'HTTP', port: gw.port }] },
  };
  const route: KubeObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: echoRouteName(m), namespace: ns, labels: { ...MANAGED_BY } },
    spec: {
      parentRefs: [{ name: gw.name }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/echo' } }],
          backendRefs: [{ name: 'echo', namespace: homeNamespace(m), port: config.echo.port }],
        },
      ],
    },
  };
  const permission: KubeObject = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTrafficPermission',
    metadata: { name: kongPermissionName(m), namespace: ctx.facts.systemNamespace, labels: zonePolicyLabels(m.name) },
    spec: {
      targetRef: { kind: 'Mesh' },
      from: [{ targetRef: { kind: 'MeshSubset', tags: { 'k8s.kuma.io/namespace': ns } }, default: { action: 'Allow' } }],
    },
  };
  const list = [
    manifest(step, configuration, zone1, `how Kong Operator runs the proxy of ${gw.name}: in ${m.name}, behind a LoadBalancer Service`),
    manifest(step, gatewayClass, zone1, `a class of gateways run by Kong Operator with that configuration`),
    manifest(step, gateway, zone1, `${gw.name}: a Kong Gateway with an HTTP listener on port ${gw.port}`),
  ];
  if (crossesNamespaces(m)) {
    const grant: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: `${gw.name}-to-echo`, namespace: homeNamespace(m), labels: { ...MANAGED_BY } },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: ns }],
        to: [{ group: '', kind: 'Service', name: 'echo' }],
      },
    };
    list.push(manifest(step, grant, zone1, `lets routes in ${ns} send to the echo Service in ${homeNamespace(m)}`));
  }
  list.push(
    manifest(step, route, zone1, `/echo on ${gw.name} -> echo in ${homeNamespace(m)}`),
    manifest(step, permission, zone1, `lets the sidecar of ${gw.name} (namespace ${ns}) reach echo in ${m.name}`),
  );
  return list;
}

/** What a step that builds a Kong Gateway says about it. */
export function kongGatewayText(
  config: CrossmeshConfig,
  m: MeshConfig,
  callers: MeshConfig[],
): { explanation: Explanation; fixes: GuideFix[] } {
  const ns = gatewayNamespace(m);
  const callerNames = callers.map((c) => c.name).join(', ');
  return {
    explanation: {
      summary: `Run ${m.gateway.name}, a Kong Gateway managed by Kong Operator, in ${clusterLabel(config, m.home)} as the way into ${m.name}, with a route to echo.`,
      concept:
        'Kong Operator turns Gateway API objects into running Kong proxies: the GatewayClass names the operator and points at a GatewayConfiguration, which says how the proxy pods and their public Service look; each Gateway of that class gets its own proxy. ' +
        `An HTTPRoute attached to the Gateway sends /echo to the echo Service${crossesNamespaces(m) ? ', and a ReferenceGrant in the echo namespace allows that route to point across namespaces' : ''}. ` +
        `The proxy pods run in ${ns}, which belongs to ${m.name}, and carry a mark that makes Kuma treat them as a delegated gateway: callers from outside reach Kong directly, while Kong's own requests into the mesh go through its sidecar with the mTLS of ${m.name}.`,
      why:
        `Clients of ${callerNames} are outside ${m.name}, so they need a door that speaks plain HTTP on one side and the mesh's mTLS on the other. ` +
        `A dedicated permission lets Kong's sidecar (identified by its namespace) reach echo even if the allow-all permission is later narrowed. ` +
        'Unlike the built-in gateway, this one keeps working after an upgrade to Kuma 3.0.',
    },
    fixes: [
      {
        id: 'kong-manifests',
        title: 'Manifests for the recommended pattern',
        guide: 'Recommends Kong Gateway with Kong Operator for production but gives no manifests for it.',
        crossmesh:
          'Writes the GatewayConfiguration, GatewayClass, Gateway, HTTPRoute and permission, and points the external service at the address Kong Operator publishes in the Gateway status.',
      },
      {
        id: 'kong-zone2-route',
        title: 'No route to echo in the other zone',
        guide: 'Describes a second route to echo in cluster 2 through the built-in gateway.',
        crossmesh: `A Gateway API route can only name Services of its own cluster, so the Kong Gateway of ${m.name} routes /echo to echo in ${clusterLabel(config, m.home)} only.`,
      },
    ],
  };
}
