import type { KubeObject, PlanContext, Manifest, GuideFix, Step } from '../src/model/types.js';
import type { MeshKey, ClusterKey, CrossmeshConfig } from '../src/config/types.js';
import { readGatewayAddress, describeAddressSource } from '../src/cluster/gateway-address.js';
import {
  clusterTarget,
  manifest,
  MANAGED_BY,
  zonePolicyLabels,
  gatewayServiceTag,
  gatewayAddressPlaceholder,
  clusterLabel,
  gatewayAddressSource,
} from './common.js';

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
    manifest(
      step,
      meshGateway(ctx, mesh),
      zone1,
      `HTTP listener on port ${m.gateway.port} for ${m.gateway.name}, the gateway of ${m.name}`,
    ),
    ...routes.map((r) =>
      manifest(
        step,
        echoRoute(ctx, mesh, r),
        zone1,
        `${r.path} on ${m.gateway.name} -> echo in ${r.echoNamespace} (${ctx.config.clusters[r.echoCluster].zone})`,
      ),
    ),
  ];
}

/**
 * The MeshExternalService through which clients of `clientMesh` (in cluster 2) reach the gateway of
 * `gatewayMesh`. It is applied in cluster 2 because a zone-origin MeshExternalService is only visible
 * in the zone where it was created.
 */
export function externalServiceManifest(ctx: PlanContext, step: string, name: string, clientMesh: MeshKey, gatewayMesh: MeshKey): Manifest {
  const gw = ctx.config.meshes[gatewayMesh].gateway;
  const address = ctx.facts.gatewayAddresses[gatewayMesh];
  const placeholder = gatewayAddressPlaceholder(ctx.config, gatewayMesh);
  const object: KubeObject = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshExternalService',
    metadata: { name, namespace: ctx.facts.systemNamespace, labels: zonePolicyLabels(ctx.config.meshes[clientMesh].name) },
    spec: {
      match: { type: 'HostnameGenerator', port: gw.port, protocol: 'http' },
      endpoints: [{ address: address ?? placeholder, port: gw.port }],
    },
  };
  return manifest(
    step,
    object,
    clusterTarget(ctx.config, 'cluster2'),
    `${name}.extsvc.mesh.local for ${ctx.config.meshes[clientMesh].name}: the way to ${gw.name}, the gateway of ${ctx.config.meshes[gatewayMesh].name}`,
    address ? {} : { needs: { mesh: gatewayMesh, placeholder, source: gatewayAddressSource(ctx.config, gatewayMesh) } },
  );
}

/** Where crossmesh departs from the guide for the external service that leads to `gatewayMesh`'s gateway. */
export function mesAddressFix(config: CrossmeshConfig, gatewayMesh: MeshKey): GuideFix {
  const gw = config.meshes[gatewayMesh];
  const c1 = clusterLabel(config, 'cluster1');
  const c2 = clusterLabel(config, 'cluster2');
  return {
    id: 'mes-address',
    title: `An address ${c2} can reach`,
    guide: `Points the external service at the cluster.local name of ${gw.gateway.name}, a name only ${c1} can resolve, and does not say which cluster to apply it in.`,
    crossmesh: `Uses ${
      gw.gateway.kind === 'kong'
        ? `the address Kong Operator publishes in the status of the Gateway ${gw.gateway.name} in ${gatewayAddressSource(config, gatewayMesh).namespace}`
        : `the address of the LoadBalancer Service of ${gw.gateway.name} in ${gw.cluster1Namespace}`
    } (or one you type, such as a node address with a NodePort, or a DNS name), and applies the external service in ${c2}: a MeshExternalService made on a zone is only visible to clients in that zone.`,
  };
}

/** After the gateway step: says whether the gateway's Service has its LoadBalancer address yet. */
export function gatewayAddressCheck(mesh: MeshKey): NonNullable<Step['afterApply']> {
  return async ({ tools, config }) => {
    const source = gatewayAddressSource(config, mesh);
    const where = describeAddressSource(source);
    const found = await readGatewayAddress(tools, source);
    if (found.address) return [{ status: 'ok', label: `${where} has address ${found.address}` }];
    return [
      {
        status: 'warn',
        label: `${where} ${found.exists ? 'has no external address yet' : 'does not exist yet'}`,
        ...(found.error ? { detail: found.error } : {}),
        hint:
          source.from === 'gateway'
            ? 'Kong Operator publishes the address once the Kong proxy pods are ready and its LoadBalancer Service has an address from the cloud.'
            : 'The zone control plane creates it once the MeshGateway matches the instance; a cloud load balancer then assigns the address.',
      },
    ];
  };
}
