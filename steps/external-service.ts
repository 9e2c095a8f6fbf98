import type { Step } from '../src/engine/types.js';
import { externalServiceManifest, MES_ADDRESS_FIX } from './gateway-objects.js';
import { externalServiceName } from './common.js';

export const externalService: Step = {
  id: 'external-service',
  title: 'mesh2 -> mesh1',
  explanation: {
    summary: "Give mesh2's workloads a name for mesh1's gateway: echo-mesh-1-http.extsvc.mesh.local.",
    concept:
      'A MeshExternalService declares a destination outside the mesh. With a HostnameGenerator match, Kuma gives it a DNS name under extsvc.mesh.local that the proxies resolve and route to the listed endpoints.',
    why:
      "For mesh2, mesh1 is just an outside HTTP service: the client in cluster 2 calls the generated name, its proxy sends the request to mesh1's gateway, and the gateway forwards it to echo inside mesh1.",
  },
  fixes: [MES_ADDRESS_FIX],
  manifests: (ctx) => [externalServiceManifest(ctx, 'external-service', externalServiceName(ctx.config, 'mesh1'), 'mesh2', 'mesh1')],
};
