import { gatewayManifests, externalServiceManifest, mesAddressFix, gatewayAddressCheck } from './gateway-objects.js';
import { kongGatewayManifests, kongGatewayText } from './kong-gateway.js';
import { echoRouteName, externalServiceName, externalServiceHost, clusterLabel, type StepDefinition } from './common.js';

export const reverseMatrix: StepDefinition = {
  id: 'reverse-matrix',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    if (m2.gateway.kind === 'kong') {
      const kong = kongGatewayText(config, 'mesh2', 'mesh1');
      return {
        title: `${m1.name} -> ${m2.name}`,
        explanation: {
          ...kong.explanation,
          summary: `The other direction: ${m2.gateway.name}, a Kong Gateway for ${m2.name} in ${clusterLabel(config, 'cluster1')}, and the name ${externalServiceHost(config, 'mesh2')} for it in ${m1.cluster2Namespace}.`,
        },
        fixes: [...kong.fixes, mesAddressFix(config, 'mesh2')],
      };
    }
    return {
      title: `${m1.name} -> ${m2.name}`,
      explanation: {
        summary: `The same pattern the other way round: a gateway for ${m2.name} in ${clusterLabel(config, 'cluster1')} and the name ${externalServiceHost(config, 'mesh2')} for it in ${m1.cluster2Namespace}.`,
        concept: `The three pieces again, for the other direction: gateway pods and a listener for ${m2.name} (${m2.gateway.name}), a route to echo in ${m2.cluster1Namespace}, and an external service that the clients of ${m1.name} call.`,
        why: `A gateway belongs to exactly one mesh, so ${m1.gateway.name} cannot let anyone into ${m2.name}: each direction needs its own gateway.`,
      },
      fixes: [mesAddressFix(config, 'mesh2')],
    };
  },
  afterApply: gatewayAddressCheck('mesh2'),
  manifests: (ctx) => [
    ...(ctx.config.meshes.mesh2.gateway.kind === 'kong'
      ? kongGatewayManifests(ctx, 'reverse-matrix', 'mesh2')
      : gatewayManifests(ctx, 'reverse-matrix', 'mesh2', [
          {
            name: echoRouteName(ctx.config, 'mesh2'),
            path: '/echo',
            echoNamespace: ctx.config.meshes.mesh2.cluster1Namespace,
            echoCluster: 'cluster1',
          },
        ])),
    externalServiceManifest(ctx, 'reverse-matrix', externalServiceName(ctx.config, 'mesh2'), 'mesh1', 'mesh2'),
  ],
};
