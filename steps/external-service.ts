import { externalServiceManifest, mesAddressFix } from './gateway-objects.js';
import { externalServiceName, externalServiceHost, clusterLabel, type StepDefinition } from './common.js';

export const externalService: StepDefinition = {
  id: 'external-service',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    return {
      title: `${m2.name} -> ${m1.name}`,
      explanation: {
        summary: `Give the workloads of ${m2.name} a name for ${m1.gateway.name}, the gateway of ${m1.name}: ${externalServiceHost(config, 'mesh1')}.`,
        concept:
          'A MeshExternalService declares a destination outside the mesh. With a HostnameGenerator match, Kuma gives it a DNS name under extsvc.mesh.local that the proxies resolve and route to the listed endpoints.',
        why: `For ${m2.name}, ${m1.name} is just an outside HTTP service: the client in ${m2.cluster2Namespace}, in ${clusterLabel(config, 'cluster2')}, calls the generated name, its proxy sends the request to ${m1.gateway.name}, and the gateway forwards it to echo inside ${m1.name}.`,
      },
      fixes: [mesAddressFix(config, 'mesh1')],
    };
  },
  manifests: (ctx) => [externalServiceManifest(ctx, 'external-service', externalServiceName(ctx.config, 'mesh1'), 'mesh2', 'mesh1')],
};
