import type { KubeObject, Manifest } from '../src/model/types.js';
import type { CrossmeshConfig } from '../src/config/types.js';
import { MESH_KEYS } from '../src/config/types.js';
import { clusterTarget, clusterLabel, manifest, MANAGED_BY, gatewayNamespace, type StepDefinition } from './common.js';
import { kongNamespaceManifest } from './kong-gateway.js';

export const namespaces: StepDefinition = {
  id: 'namespaces',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    return {
      title: 'Namespaces',
      explanation: {
        summary: 'Create one namespace per mesh in each cluster, labelled for sidecar injection and mesh membership.',
        concept:
          'A namespace joins a mesh through the kuma.io/mesh label, and kuma.io/sidecar-injection=enabled asks the zone control plane to add a proxy to every pod started in it.',
        why:
          `Both meshes live in both clusters, so four namespaces are needed: ${m1.cluster1Namespace} and ${m2.cluster1Namespace} in ${clusterLabel(config, 'cluster1')} hold echo and the gateways of ${m1.name} and ${m2.name}; ` +
          `${m1.cluster2Namespace} and ${m2.cluster2Namespace} in ${clusterLabel(config, 'cluster2')} hold their clients.` +
          kongNamespacesText(config),
      },
      fixes: [
        {
          id: 'declarative-namespaces',
          title: 'Declarative namespaces',
          guide: 'Creates and labels the namespaces with imperative kubectl create and kubectl label commands.',
          crossmesh:
            'Applies one Namespace manifest per namespace, so running the step again changes nothing instead of failing with "already exists".',
        },
      ],
    };
  },
  manifests: (ctx) => [
    ...meshNamespaces(ctx.config),
    ...MESH_KEYS.flatMap((mesh) => {
      const kong = kongNamespaceManifest(ctx, mesh);
      return kong ? [kong] : [];
    }),
  ],
};

function meshNamespaces(config: CrossmeshConfig): Manifest[] {
  return MESH_KEYS.flatMap((mesh) =>
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
      return manifest(
        'namespaces',
        object,
        clusterTarget(config, cluster),
        `namespace of ${config.meshes[mesh].name} in ${clusterLabel(config, cluster)}`,
      );
    }),
  );
}

/** The Kong Gateways' own namespaces, when a mesh uses Kong Gateway. */
function kongNamespacesText(config: CrossmeshConfig): string {
  const kong = MESH_KEYS.filter(
    (m) => config.meshes[m].gateway.kind === 'kong' && gatewayNamespace(config, m) !== config.meshes[m].cluster1Namespace,
  );
  if (!kong.length) return '';
  return (
    ' ' +
    kong
      .map(
        (m) =>
          `${gatewayNamespace(config, m)} holds ${config.meshes[m].gateway.name}, the Kong Gateway of ${config.meshes[m].name}, and joins that mesh too.`,
      )
      .join(' ')
  );
}
