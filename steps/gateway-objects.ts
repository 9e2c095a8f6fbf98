import type { KubeObject, PlanContext, Manifest } from '../src/engine/types.js';
import type { MeshKey, ClusterKey } from '../src/config/types.js';
import { clusterTarget, manifest, MANAGED_BY, zonePolicyLabels, gatewayServiceTag, gatewayAddressPlaceholder } from './common.js';

/** A route from a gateway to echo, pinned to one namespace and zone so it resolves to exactly one MeshService. */
export interface EchoRoute {
  name: string;
  path: string;
  echoNamespace: string;
  echoCluster: ClusterKey;
}

export function gatewayInstance(ctx: PlanContext, mesh: MeshKey): KubeObject {
  const m = ctx.config.meshes[mesh];
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshGatewayInstance',
    metadata: { name: m.gateway.name, namespace: m.cluster1Namespace, labels: { 'kuma.io/mesh': m.name, ...MANAGED_BY } },
    spec: { replicas: 1, serviceType: 'LoadBalancer' },
  };
}

export function meshGateway(ctx: PlanContext, mesh: MeshKey): KubeObject {
  const m = ctx.config.meshes[mesh];
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshGateway',
    mesh: m.name,
    // cluster-scoped: no namespace
    metadata: { name: m.gateway.name, labels: { ...MANAGED_BY } },
    spec: {
      selectors: [{ match: { 'kuma.io/service': gatewayServiceTag(m.gateway.name, m.cluster1Namespace) } }],
      conf: { listeners: [{ port: m.gateway.port, protocol: 'HTTP' }] },
    },
  };
}

export function echoRoute(ctx: PlanContext, mesh: MeshKey, route: EchoRoute): KubeObject {
  const m = ctx.config.meshes[mesh];
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshHTTPRoute',
    metadata: { name: route.name, namespace: ctx.facts.systemNamespace, labels: zonePolicyLabels(m.name) },
    spec: {
      targetRef: { kind: 'MeshGateway', name: m.gateway.name },
      to: [
        {
          targetRef: { kind: 'Mesh' },
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: route.path } }],
              default: {
                backendRefs: [
                  {
                    kind: 'MeshService',
                    labels: {
                      'kuma.io/display-name': 'echo',
                      'k8s.kuma.io/namespace': route.echoNamespace,
                      'kuma.io/zone': ctx.config.clusters[route.echoCluster].zone,
                    },
                    port: ctx.config.echo.port,
                    weight: 1,
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  };
}

/** The gateway of `mesh` in cluster 1: instance, listener and routes. */
export function gatewayManifests(ctx: PlanContext, step: string, mesh: MeshKey, routes: EchoRoute[]): Manifest[] {
  const m = ctx.config.meshes[mesh];
  const zone1 = clusterTarget(ctx.config, 'cluster1');
  return [
    manifest(step, gatewayInstance(ctx, mesh), zone1, `gateway pods and their LoadBalancer Service for ${m.name}`),
    manifest(step, meshGateway(ctx, mesh), zone1, `HTTP listener on port ${m.gateway.port} for ${m.name}'s gateway`),
    ...routes.map((r) => manifest(step, echoRoute(ctx, mesh, r), zone1, `${r.path} on ${m.gateway.name} -> echo in ${r.echoNamespace} (${ctx.config.clusters[r.echoCluster].zone})`)),
  ];
}

/**
 * The MeshExternalService through which clients of `clientMesh` (in cluster 2) reach the gateway of
 * `gatewayMesh`. It is applied in cluster 2 because a zone-origin MeshExternalService is only visible
 * in the zone where it was created.
 */
export function externalServiceManifest(ctx: PlanContext, step: string, name: string, clientMesh: MeshKey, gatewayMesh: MeshKey): Manifest {
  const gw = ctx.config.meshes[gatewayMesh].gateway;
  const address = ctx.facts.gatewayAddresses[gatewayMesh] ?? gw.address;
  const object: KubeObject = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshExternalService',
    metadata: { name, namespace: ctx.facts.systemNamespace, labels: zonePolicyLabels(ctx.config.meshes[clientMesh].name) },
    spec: {
      match: { type: 'HostnameGenerator', port: gw.port, protocol: 'http' },
      endpoints: [{ address: address ?? gatewayAddressPlaceholder(gatewayMesh), port: gw.port }],
    },
  };
  return manifest(step, object, clusterTarget(ctx.config, 'cluster2'), `${name}.extsvc.mesh.local for ${ctx.config.meshes[clientMesh].name}: the way to ${ctx.config.meshes[gatewayMesh].name}'s gateway`, address ? {} : { needs: { mesh: gatewayMesh, placeholder: gatewayAddressPlaceholder(gatewayMesh) } });
}

export const MES_ADDRESS_FIX = {
  id: 'mes-address',
  title: 'An address cluster 2 can reach',
  guide: 'Points the external service at the gateway\'s cluster.local name, which only resolves inside cluster 1, and applies it without saying where.',
  crossmesh:
    'Uses the address of the gateway\'s LoadBalancer Service (or one you type, such as a NodePort or DNS name), and applies the external service in cluster 2, the only zone where a zone-made MeshExternalService is visible to the clients.',
};
