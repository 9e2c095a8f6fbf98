import type { KubeObject, PlanContext, Manifest, GuideFix, Step } from '../src/model/types.js';
import type { CrossmeshConfig, LinkConfig, MeshConfig, ZoneKey } from '../src/config/types.js';
import { homeNamespace, meshOf, zoneOf } from '../src/config/model.js';
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
  externalServiceName,
} from './common.js';

/** A route from a gateway to echo, pinned to one namespace and zone so it resolves to exactly one MeshService. */
export interface EchoRoute {
  name: string;
  path: string;
  echoNamespace: string;
  echoZone: ZoneKey;
}

export function gatewayInstance(m: MeshConfig): KubeObject {
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshGatewayInstance',
    metadata: { name: m.gateway.name, namespace: homeNamespace(m), labels: { 'kuma.io/mesh': m.name, ...MANAGED_BY } },
    spec: { replicas: 1, serviceType: 'LoadBalancer' },
  };
}

export function meshGateway(m: MeshConfig): KubeObject {
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshGateway',
    mesh: m.name,
    // cluster-scoped: no namespace
    metadata: { name: m.gateway.name, labels: { ...MANAGED_BY } },
    spec: {
      selectors: [{ match: { 'kuma.io/service': gatewayServiceTag(m.gateway.name, homeNamespace(m)) } }],
      conf: { listeners: [{ port: m.gateway.port, protocol: 'HTTP' }] },
    },
  };
}

export function echoRoute(ctx: PlanContext, m: MeshConfig, route: EchoRoute): KubeObject {
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
                      'kuma.io/zone': zoneOf(ctx.config, route.echoZone).zone,
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

/** The gateway of `m` in its home zone: instance, listener and routes. */
export function gatewayManifests(ctx: PlanContext, step: string, m: MeshConfig, routes: EchoRoute[]): Manifest[] {
  const zone1 = clusterTarget(ctx.config, m.home);
  return [
    manifest(step, gatewayInstance(m), zone1, `gateway pods and their LoadBalancer Service for ${m.name}`),
    manifest(step, meshGateway(m), zone1, `HTTP listener on port ${m.gateway.port} for ${m.gateway.name}, the gateway of ${m.name}`),
    ...routes.map((r) =>
      manifest(
        step,
        echoRoute(ctx, m, r),
        zone1,
        `${r.path} on ${m.gateway.name} -> echo in ${r.echoNamespace} (${zoneOf(ctx.config, r.echoZone).zone})`,
      ),
    ),
  ];
}

/**
 * The MeshExternalService through which clients of `link.from` in `zone` reach the gateway of
 * `link.to`. It is applied in the caller's zone because a zone-origin MeshExternalService is only
 * visible in the zone where it was created.
 */
export function externalServiceManifest(ctx: PlanContext, step: string, link: LinkConfig, zone: ZoneKey): Manifest {
  const { config } = ctx;
  const name = externalServiceName(config, link);
  const caller = meshOf(config, link.from);
  const target = meshOf(config, link.to);
  const gw = target.gateway;
  const address = ctx.facts.gatewayAddresses[target.key];
  const placeholder = gatewayAddressPlaceholder(target);
  const object: KubeObject = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshExternalService',
    metadata: { name, namespace: ctx.facts.systemNamespace, labels: zonePolicyLabels(caller.name) },
    spec: {
      match: { type: 'HostnameGenerator', port: gw.port, protocol: 'http' },
      endpoints: [{ address: address ?? placeholder, port: gw.port }],
    },
  };
  return manifest(
    step,
    object,
    clusterTarget(config, zone),
    `${name}.extsvc.mesh.local for ${caller.name}: the way to ${gw.name}, the gateway of ${target.name}`,
    address ? {} : { needs: { mesh: target.key, placeholder, source: gatewayAddressSource(config, target) } },
  );
}

/** Where crossmesh departs from the guide for the external service that leads to `target`'s gateway, used from `callerZones`. */
export function mesAddressFix(config: CrossmeshConfig, target: MeshConfig, callerZones: ZoneKey[]): GuideFix {
  const c1 = clusterLabel(config, target.home);
  const callers = callerZones.map((z) => clusterLabel(config, z)).join(' and ');
  return {
    id: 'mes-address',
    title: `An address ${callers} can reach`,
    guide: `Points the external service at the cluster.local name of ${target.gateway.name}, a name only ${c1} can resolve, and does not say which cluster to apply it in.`,
    crossmesh: `Uses ${
      target.gateway.kind === 'kong'
        ? `the address Kong Operator publishes in the status of the Gateway ${target.gateway.name} in ${gatewayAddressSource(config, target).namespace}`
        : `the address of the LoadBalancer Service of ${target.gateway.name} in ${homeNamespace(target)}`
    } (or one you type, such as a node address with a NodePort, or a DNS name), and applies the external service in ${callers}: a MeshExternalService made on a zone is only visible to clients in that zone.`,
  };
}

/** After the gateway step: says whether the gateway's Service has its LoadBalancer address yet. */
export function gatewayAddressCheck(meshKey: string): NonNullable<Step['afterApply']> {
  return async ({ tools, config }) => {
    const source = gatewayAddressSource(config, meshOf(config, meshKey));
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
