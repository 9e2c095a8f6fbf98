import type { Step } from '../src/engine/types.js';
import { gatewayManifests, externalServiceManifest, MES_ADDRESS_FIX } from './gateway-objects.js';
import { echoRouteName, externalServiceName } from './common.js';

export const reverseMatrix: Step = {
  id: 'reverse-matrix',
  title: 'mesh1 -> mesh2',
  explanation: {
    summary: "Mirror the pattern: a gateway for mesh2 in cluster 1 and a name for it in mesh1's cluster-2 namespace.",
    concept: 'The same three pieces in the other direction: gateway pods and listener for mesh2, a route to mesh2\'s echo, and an external service in mesh1.',
    why: 'Each direction needs its own gateway, because a gateway belongs to exactly one mesh.',
  },
  fixes: [MES_ADDRESS_FIX],
  manifests: (ctx) => [
    ...gatewayManifests(ctx, 'reverse-matrix', 'mesh2', [
      { name: echoRouteName(ctx.config, 'mesh2'), path: '/echo', echoNamespace: ctx.config.meshes.mesh2.cluster1Namespace, echoCluster: 'cluster1' },
    ]),
    externalServiceManifest(ctx, 'reverse-matrix', externalServiceName(ctx.config, 'mesh2'), 'mesh1', 'mesh2'),
  ],
};
