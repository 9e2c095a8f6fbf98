import type { StepDefinition } from './common.js';

/** No manifests: the engine runs the detection checks in src/detect for this step. */
export const prerequisites: StepDefinition = {
  id: 'prerequisites',
  text: (config) => ({
    title: 'Prerequisites',
    explanation: {
      summary: `Check the tools, the two zone clusters (contexts ${config.clusters.cluster1.context} and ${config.clusters.cluster2.context}) and the global control plane before changing anything.`,
      concept:
        'crossmesh drives kubectl for the zone clusters and kumactl (or kubectl) for the global control plane. ' +
        'It looks for the Kuma or Kong Mesh control plane on each zone to learn the product, its version, the zone name and the system namespace.',
      why:
        'Every later step depends on these answers: policies go to the system namespace, routes pin the zone name, ' +
        'and the built-in gateway exists only up to the 2.x releases (Kuma 3.0 removes it).',
    },
    fixes: [
      {
        id: 'kuma-3-gateway',
        title: 'The built-in gateway needs Kuma 2.x',
        guide: 'Assumes the MeshGateway resources are always available.',
        crossmesh:
          'Checks that the gateway CRDs exist on the zone; on Kuma 3.0 and later it stops here and points you to a delegated gateway such as Kong Gateway instead of failing halfway.',
      },
    ],
  }),
  manifests: () => [],
};
