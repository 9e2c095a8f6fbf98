import { externalServiceHost, clusterLabel, type StepDefinition } from './common.js';

/** No manifests: the connectivity check lives in src/verify.ts. */
export const verify: StepDefinition = {
  id: 'verify',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    return {
      title: 'Connectivity check',
      explanation: {
        summary: `From each client in ${clusterLabel(config, 'cluster2')}, call echo in the other mesh by its external service name.`,
        concept:
          `The client of ${m2.name} in ${m2.cluster2Namespace} calls ${externalServiceHost(config, 'mesh1')}: the request crosses from ${config.clusters.cluster2.zone} to ${m1.gateway.name} in ${config.clusters.cluster1.zone} and is answered by echo in ${m1.name}. ` +
          `The client of ${m1.name} in ${m1.cluster2Namespace} does the same the other way, through ${externalServiceHost(config, 'mesh2')} and ${m2.gateway.name}.`,
        why: 'API servers that accept the objects do not show that requests get through. Only a real request across both meshes does.',
      },
      fixes: [],
    };
  },
  manifests: () => [],
};
