import type { KubeObject, Manifest } from '../src/model/types.js';
import type { CrossmeshConfig } from '../src/config/types.js';
import { gatewayMeshes, guidePartsOf, homeNamespace, isGuideShape, zonesOf } from '../src/config/model.js';
import { clusterTarget, clusterLabel, manifest, MANAGED_BY, gatewayNamespace, type StepDefinition } from './common.js';
import { kongNamespaceManifest } from './kong-gateway.js';

export const namespaces: StepDefinition = {
  id: 'namespaces',
  text: (config) => {
    return {
      title: 'Namespaces',
      explanation: {
        summary: `Create one namespace per mesh in each ${isGuideShape(config) ? 'cluster' : 'zone it spans'}, labelled for sidecar injection and mesh membership.`,
        concept:
          'A namespace joins a mesh through the kuma.io/mesh label, and kuma.io/sidecar-injection=enabled asks the zone control plane to add a proxy to every pod started in it.',
        why: (isGuideShape(config) ? guideWhy(config) : modelWhy(config)) + kongNamespacesText(config),
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
    ...gatewayMeshes(ctx.config).flatMap((mesh) => {
      const kong = kongNamespaceManifest(ctx, mesh);
      return kong ? [kong] : [];
    }),
  ],
};

/** The guide's two meshes over two clusters, in the guide's terms. */
function guideWhy(config: CrossmeshConfig): string {
  const { m1, m2, z1, z2 } = guidePartsOf(config);
  return (
    `Both meshes live in both clusters, so four namespaces are needed: ${m1.namespaces[z1.name]} and ${m2.namespaces[z1.name]} in ${clusterLabel(config, z1.name)} hold echo and the gateways of ${m1.name} and ${m2.name}; ` +
    `${m1.namespaces[z2.name]} and ${m2.namespaces[z2.name]} in ${clusterLabel(config, z2.name)} hold their clients.`
  );
}

function modelWhy(config: CrossmeshConfig): string {
  const count = config.meshes.reduce((n, m) => n + Object.keys(m.namespaces).length, 0);
  const perMesh = config.meshes.map(
    (m) =>
      `${m.name} in ${zonesOf(config, m)
        .map((z) => `${z.name} (${m.namespaces[z.name]})`)
        .join(', ')}`,
  );
  return `${count} namespace${count === 1 ? '' : 's'} in all: ${perMesh.join('; ')}. The namespace in a mesh's home zone holds its echo and its gateway; the others hold echo or clients as the configuration places them.`;
}

function meshNamespaces(config: CrossmeshConfig): Manifest[] {
  return config.meshes.flatMap((mesh) =>
    zonesOf(config, mesh).map((zone) => {
      const object: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: mesh.namespaces[zone.name]!,
          labels: { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': mesh.name, ...MANAGED_BY },
        },
      };
      return manifest(
        'namespaces',
        object,
        clusterTarget(config, zone.name),
        `namespace of ${mesh.name} in ${clusterLabel(config, zone.name)}`,
      );
    }),
  );
}

/** The Kong Gateways' own namespaces, when a mesh uses Kong Gateway. */
function kongNamespacesText(config: CrossmeshConfig): string {
  const kong = gatewayMeshes(config).filter((m) => m.gateway.kind === 'kong' && gatewayNamespace(m) !== homeNamespace(m));
  if (!kong.length) return '';
  return (
    ' ' +
    kong.map((m) => `${gatewayNamespace(m)} holds ${m.gateway.name}, the Kong Gateway of ${m.name}, and joins that mesh too.`).join(' ')
  );
}
