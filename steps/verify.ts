import type { Step } from '../src/engine/types.js';

/** No manifests: the connectivity check lives in src/verify.ts. */
export const verify: Step = {
  id: 'verify',
  title: 'Connectivity check',
  explanation: {
    summary: "From each cluster-2 client, call the other mesh's echo through its external service name.",
    concept: 'A request from the mesh2 client to echo-mesh-1-http.extsvc.mesh.local crosses the east-west hop to mesh1\'s gateway and comes back from echo in mesh1; the same holds in the other direction.',
    why: 'Objects accepted by the API servers do not prove that traffic flows. Only a real request through both meshes does.',
  },
  fixes: [],
  manifests: () => [],
};
