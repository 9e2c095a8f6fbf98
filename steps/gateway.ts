import type { CrossmeshConfig, MeshConfig, MeshKey } from '../src/config/types.js';
import { guidePartsOf, isGuideShape, meshOf, zonesOf } from '../src/config/model.js';
import type { PlanContext } from '../src/model/types.js';
import { gatewayManifests, gatewayAddressCheck, type EchoRoute } from './gateway-objects.js';
import { kongGatewayManifests, kongGatewayText } from './kong-gateway.js';
import { echoRouteName, clusterLabel, zoneEchoRoute, type StepDefinition, type StepText } from './common.js';

/** The meshes that call `mesh` through its gateway, in the order of their links. */
export function callersOf(config: CrossmeshConfig, mesh: MeshKey): MeshConfig[] {
  return config.links.filter((l) => l.to === mesh).map((l) => meshOf(config, l.from));
}

/** The gateway of one mesh that at least one link calls: instance, listener and routes, or a Kong Gateway. */
export function gatewayStep(id: string, meshKey: MeshKey): StepDefinition {
  return {
    id,
    text: (config) => gatewayText(config, meshOf(config, meshKey)),
    afterApply: gatewayAddressCheck(meshKey),
    manifests: (ctx) => gatewayObjects(ctx, id, meshOf(ctx.config, meshKey)),
  };
}

export function gatewayObjects(ctx: PlanContext, step: string, mesh: MeshConfig) {
  if (mesh.gateway.kind === 'kong') return kongGatewayManifests(ctx, step, mesh);
  const routes: EchoRoute[] = [
    { name: echoRouteName(mesh), path: '/echo', echoNamespace: mesh.namespaces[mesh.home]!, echoZone: mesh.home },
  ];
  for (const zone of mesh.echo.filter((z) => z !== mesh.home)) {
    const route = zoneEchoRoute(ctx.config, mesh, zone);
    routes.push({ name: route.name, path: route.path, echoNamespace: mesh.namespaces[zone]!, echoZone: zone });
  }
  return gatewayManifests(ctx, step, mesh, routes);
}

function gatewayText(config: CrossmeshConfig, m: MeshConfig): StepText {
  const callers = callersOf(config, m.key);
  if (m.gateway.kind === 'kong') return { title: `Kong Gateway for ${m.name}`, ...kongGatewayText(config, m, callers) };
  const callerNames = callers.map((c) => c.name).join(', ');
  const otherZones = zonesOf(config, m).filter((z) => z.name !== m.home);
  const guide = isGuideShape(config);
  return {
    title: `Gateway for ${m.name}`,
    explanation: {
      summary: `Run ${m.gateway.name}, the built-in gateway of ${m.name}, in ${clusterLabel(config, m.home)} with an HTTP listener and routes to echo.`,
      concept:
        'A MeshGatewayInstance asks the zone control plane for gateway pods and a Service in front of them. A MeshGateway describes the listeners and picks those pods by their kuma.io/service tag. ' +
        'MeshHTTPRoutes attached to the gateway decide where each path goes.',
      why: `${callerNames} cannot join the mTLS of ${m.name}, so ${callers.length > 1 ? 'their' : 'its'} requests come in as ordinary HTTP through ${m.gateway.name}. The gateway is itself part of ${m.name} and forwards to echo over the mTLS of ${m.name}.`,
    },
    fixes: [
      {
        id: 'pinned-backends',
        title: 'Routes that pick the intended echo',
        guide: `Selects echo with kuma.io/display-name alone and says this prefers local instances and fails over to ${otherZones.map((z) => z.zone).join(' or ') || 'another zone'}.`,
        crossmesh:
          'A label selector resolves to one MeshService, the oldest match, and the display name alone can match echo in any namespace or zone. Each route is pinned with k8s.kuma.io/namespace and kuma.io/zone. Real failover would need a MeshMultiZoneService.',
      },
      ...(guide ? [zone2RouteNameFix(config, m)] : []),
      {
        id: 'meshgateway-scope',
        title: 'MeshGateway has no namespace',
        guide: 'Puts the MeshGateway in the system namespace.',
        crossmesh: 'MeshGateway is a cluster-wide object with a top-level mesh field, so the namespace is dropped.',
      },
    ],
  };
}

/** The guide names the second-zone route of the first mesh's gateway after the other mesh. */
function zone2RouteNameFix(config: CrossmeshConfig, m: MeshConfig) {
  const { m2: other, z2 } = guidePartsOf(config);
  const zone2 = zoneEchoRoute(config, m, z2.name);
  return {
    id: 'zone2-route-name',
    title: 'A route named after its mesh',
    guide: `Calls the ${zone2.path} route of ${m.gateway.name} ${echoRouteName(other, `-${z2.zone}`)}, a name that points to ${other.name}, although the route belongs to ${m.name} and leads to echo in ${m.name}.`,
    crossmesh: `Names it ${zone2.name}.`,
  };
}
