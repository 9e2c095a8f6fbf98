import type { Step, KubeObject } from '../src/engine/types.js';
import { MESH_KEYS } from '../src/config/types.js';
import { clusterTarget, manifest, MANAGED_BY } from './common.js';

export const namespaces: Step = {
  id: 'namespaces',
  title: 'Namespaces',
  explanation: {
    summary: 'Create one namespace per mesh in each cluster, labelled for sidecar injection and mesh membership.',
    concept:
      'A namespace joins a mesh through the kuma.io/mesh label, and kuma.io/sidecar-injection=enabled asks the zone control plane to add a proxy to every pod started in it.',
    why: 'Both meshes live in both clusters, so four namespaces are needed: the echo services and gateways in cluster 1, the clients in cluster 2.',
  },
  fixes: [
    {
      id: 'declarative-namespaces',
      title: 'Declarative namespaces',
      guide: 'Creates and labels the namespaces with imperative kubectl create and kubectl label commands.',
      crossmesh: 'Applies one Namespace manifest per namespace, so running the step again changes nothing instead of failing with "already exists".',
    },
  ],
  manifests: ({ config }) =>
    MESH_KEYS.flatMap((mesh) =>
      (['cluster1', 'cluster2'] as const).map((cluster) => {
        const name = cluster === 'cluster1' ? config.meshes[mesh].cluster1Namespace : config.meshes[mesh].cluster2Namespace;
        const object: KubeObject = {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            labels: { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': config.meshes[mesh].name, ...MANAGED_BY },
          },
        };
        return manifest('namespaces', object, clusterTarget(config, cluster), `namespace of ${config.meshes[mesh].name} in ${cluster}`);
      }),
    ),
};
