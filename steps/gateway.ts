import { gatewayManifests, gatewayAddressCheck, type EchoRoute } from './gateway-objects.js';
import { kongGatewayManifests, kongGatewayText } from './kong-gateway.js';
import { echoRouteName, clusterLabel, zone2EchoRoute, type StepDefinition } from './common.js';

export const gateway: StepDefinition = {
  id: 'gateway',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    if (m1.gateway.kind === 'kong') return { title: `Kong Gateway for ${m1.name}`, ...kongGatewayText(config, 'mesh1', 'mesh2') };
    const zone2 = zone2EchoRoute(config);
    return {
      title: `Gateway for ${m1.name}`,
      explanation: {
        summary: `Run ${m1.gateway.name}, the built-in gateway of ${m1.name}, in ${clusterLabel(config, 'cluster1')} with an HTTP listener and routes to echo.`,
        concept:
          'A MeshGatewayInstance asks the zone control plane for gateway pods and a Service in front of them. A MeshGateway describes the listeners and picks those pods by their kuma.io/service tag. ' +
          'MeshHTTPRoutes attached to the gateway decide where each path goes.',
        why: `${m2.name} cannot join the mTLS of ${m1.name}, so its requests come in as ordinary HTTP through ${m1.gateway.name}. The gateway is itself part of ${m1.name} and forwards to echo over the mTLS of ${m1.name}.`,
      },
      fixes: [
        {
          id: 'pinned-backends',
          title: 'Routes that pick the intended echo',
          guide: `Selects echo with kuma.io/display-name alone and says this prefers local instances and fails over to ${config.clusters.cluster2.zone}.`,
          crossmesh:
            'A label selector resolves to one MeshService, the oldest match, and the display name alone can match echo in any namespace or zone. Each route is pinned with k8s.kuma.io/namespace and kuma.io/zone. Real failover would need a MeshMultiZoneService.',
        },
        {
          id: 'zone2-route-name',
          title: 'A route named after its mesh',
          guide: `Calls the ${zone2.path} route of ${m1.gateway.name} ${echoRouteName(config, 'mesh2', `-${config.clusters.cluster2.zone}`)}, a name that points to ${m2.name}, although the route belongs to ${m1.name} and leads to echo in ${m1.name}.`,
          crossmesh: `Names it ${zone2.name}.`,
        },
        {
          id: 'meshgateway-scope',
          title: 'MeshGateway has no namespace',
          guide: 'Puts the MeshGateway in the system namespace.',
          crossmesh: 'MeshGateway is a cluster-wide object with a top-level mesh field, so the namespace is dropped.',
        },
      ],
    };
  },
  afterApply: gatewayAddressCheck('mesh1'),
  manifests: (ctx) => {
    const { meshes, echo } = ctx.config;
    if (meshes.mesh1.gateway.kind === 'kong') return kongGatewayManifests(ctx, 'gateway', 'mesh1');
    const routes: EchoRoute[] = [
      { name: echoRouteName(ctx.config, 'mesh1'), path: '/echo', echoNamespace: meshes.mesh1.cluster1Namespace, echoCluster: 'cluster1' },
    ];
    if (echo.inZone2) {
      const zone2 = zone2EchoRoute(ctx.config);
      routes.push({ name: zone2.name, path: zone2.path, echoNamespace: meshes.mesh1.cluster2Namespace, echoCluster: 'cluster2' });
    }
    return gatewayManifests(ctx, 'gateway', 'mesh1', routes);
  },
};
