import { guidePartsOf } from '../src/config/model.js';
import { gatewayAddressCheck, mesAddressFix } from './gateway-objects.js';
import { kongGatewayText } from './kong-gateway.js';
import { gatewayObjects } from './gateway.js';
import { linkObjects } from './external-service.js';
import { externalServiceHost, clusterLabel, type StepDefinition } from './common.js';

/**
 * The guide's last step, for its own two-mesh shape: the second mesh's gateway and the first mesh's
 * way to it, together. Other shapes get one gateway step per called mesh and one step per link instead.
 */
export const reverseMatrix: StepDefinition = {
  id: 'reverse-matrix',
  text: (config) => {
    const { m1, m2, z1, z2 } = guidePartsOf(config);
    const link = { from: m1.key, to: m2.key };
    if (m2.gateway.kind === 'kong') {
      const kong = kongGatewayText(config, m2, [m1]);
      return {
        title: `${m1.name} -> ${m2.name}`,
        explanation: {
          ...kong.explanation,
          summary: `The other direction: ${m2.gateway.name}, a Kong Gateway for ${m2.name} in ${clusterLabel(config, z1.name)}, and the name ${externalServiceHost(config, link)} for it in ${m1.namespaces[z2.name]}.`,
        },
        fixes: [...kong.fixes, mesAddressFix(config, m2, [z2.name])],
      };
    }
    return {
      title: `${m1.name} -> ${m2.name}`,
      explanation: {
        summary: `The same pattern the other way round: a gateway for ${m2.name} in ${clusterLabel(config, z1.name)} and the name ${externalServiceHost(config, link)} for it in ${m1.namespaces[z2.name]}.`,
        concept: `The three pieces again, for the other direction: gateway pods and a listener for ${m2.name} (${m2.gateway.name}), a route to echo in ${m2.namespaces[z1.name]}, and an external service that the clients of ${m1.name} call.`,
        why: `A gateway belongs to exactly one mesh, so ${m1.gateway.name} cannot let anyone into ${m2.name}: each direction needs its own gateway.`,
      },
      fixes: [mesAddressFix(config, m2, [z2.name])],
    };
  },
  afterApply: ({ tools, config }, live) => gatewayAddressCheck(config.meshes[1]!.key)({ tools, config }, live),
  manifests: (ctx) => {
    const { m1, m2 } = guidePartsOf(ctx.config);
    return [...gatewayObjects(ctx, 'reverse-matrix', m2), ...linkObjects(ctx, 'reverse-matrix', { from: m1.key, to: m2.key })];
  },
};
