import type { Step } from '../src/engine/types.js';
import { gatewayManifests, type EchoRoute } from './gateway-objects.js';
import { echoRouteName } from './common.js';

export const gateway: Step = {
  id: 'gateway',
  title: 'Gateway for mesh1',
  explanation: {
    summary: "Run mesh1's built-in gateway in cluster 1 with an HTTP listener and routes to echo.",
    concept:
      'A MeshGatewayInstance asks the zone control plane for gateway pods and a Service in front of them. A MeshGateway describes the listeners and picks those pods by their kuma.io/service tag. ' +
      'MeshHTTPRoutes attached to the gateway decide where each path goes.',
    why:
      "The other mesh cannot join mesh1's mTLS, so it comes in as ordinary HTTP through this gateway. The gateway is itself part of mesh1 and forwards to echo over mesh1's mTLS.",
  },
  fixes: [
    {
      id: 'pinned-backends',
      title: 'Routes that pick the intended echo',
      guide: 'Selects echo with kuma.io/display-name alone and says this prefers local instances and fails over to zone 2.',
      crossmesh:
        'A label selector resolves to one MeshService, the oldest match, and the display name alone can match echo in any namespace or zone. Each route is pinned with k8s.kuma.io/namespace and kuma.io/zone. Real failover would need a MeshMultiZoneService.',
    },
    {
      id: 'zone2-route-name',
      title: 'A route named after its mesh',
      guide: 'Calls the zone-2 route of mesh1\'s gateway gw-to-mesh2-echo-zone2, although it belongs to mesh1 and leads to mesh1\'s echo.',
      crossmesh: 'Names it gw-to-mesh1-echo-zone2.',
    },
    {
      id: 'meshgateway-scope',
      title: 'MeshGateway has no namespace',
      guide: 'Puts the MeshGateway in the system namespace.',
      crossmesh: 'MeshGateway is a cluster-wide object with a top-level mesh field, so the namespace is dropped.',
    },
  ],
  manifests: (ctx) => {
    const { meshes, echo } = ctx.config;
    const routes: EchoRoute[] = [{ name: echoRouteName(ctx.config, 'mesh1'), path: '/echo', echoNamespace: meshes.mesh1.cluster1Namespace, echoCluster: 'cluster1' }];
    if (echo.inZone2) routes.push({ name: echoRouteName(ctx.config, 'mesh1', '-zone2'), path: '/zone2echo', echoNamespace: meshes.mesh1.cluster2Namespace, echoCluster: 'cluster2' });
    return gatewayManifests(ctx, 'gateway', 'mesh1', routes);
  },
};
