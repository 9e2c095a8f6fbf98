import type { KubeObject, PlanContext, Manifest } from '../src/model/types.js';
import type { MeshKey, ClusterKey, CrossmeshConfig } from '../src/config/types.js';
import { clusterTarget, clusterLabel, manifest, zonePolicyLabels, type StepDefinition } from './common.js';

export function permissionName(config: CrossmeshConfig, mesh: MeshKey): string {
  return `allow-all-${config.meshes[mesh].name}`;
}

function permission(ctx: PlanContext, mesh: MeshKey, cluster: ClusterKey): Manifest {
  const object: KubeObject = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTrafficPermission',
    metadata: {
      name: permissionName(ctx.config, mesh),
      namespace: ctx.facts.systemNamespace,
      labels: zonePolicyLabels(ctx.config.meshes[mesh].name),
    },
    spec: {
      targetRef: { kind: 'Mesh' },
      from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }],
    },
  };
  return manifest(
    'permissions',
    object,
    clusterTarget(ctx.config, cluster),
    `lets proxies of ${ctx.config.meshes[mesh].name} in ${clusterLabel(ctx.config, cluster)} accept traffic from the same mesh`,
  );
}

export const permissions: StepDefinition = {
  id: 'permissions',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1.name, config.meshes.mesh2.name];
    const [p1, p2] = [permissionName(config, 'mesh1'), permissionName(config, 'mesh2')];
    return {
      title: 'Traffic permissions',
      explanation: {
        summary: `Allow traffic inside ${m1} and inside ${m2}, on the zones where echo receives it.`,
        concept:
          'A MeshTrafficPermission is enforced by the proxy that receives a request: it decides which callers of the same mesh may come in. ' +
          'With mTLS on and no permission at all, every request between proxies is refused.',
        why: "The gateway of each mesh forwards to echo inside that mesh, so echo's proxy must accept the gateway. The policies are created on the zone where echo runs, in the system namespace, labelled with their mesh.",
      },
      fixes: [
        {
          id: 'permission-names',
          title: 'One name per mesh',
          guide: 'Names both permissions allow-all in the same namespace, so applying the second one overwrites the first.',
          crossmesh: `Names them ${p1} and ${p2}, so both meshes keep their permission.`,
        },
        {
          id: 'permission-scope',
          title: 'What the permission is for',
          guide: 'Says a client needs a permission to call the MeshExternalService.',
          crossmesh:
            'Permissions govern incoming traffic only; calls to a MeshExternalService are allowed unless the control plane forbids them. They are needed so that echo accepts requests from its own gateway.',
        },
        {
          id: 'from-deprecation',
          title: 'An expected warning',
          guide: 'Does not mention it.',
          crossmesh:
            'Kuma 2.14 warns that "from" is deprecated in favour of rules with MeshIdentity. The warning is shown as expected; the policy still works on 2.x.',
        },
      ],
    };
  },
  manifests: (ctx) => {
    const list = [permission(ctx, 'mesh1', 'cluster1'), permission(ctx, 'mesh2', 'cluster1')];
    // the zone-2 route of mesh1's gateway reaches echo in cluster 2, whose proxy needs its own permission
    if (ctx.config.echo.inZone2) list.push(permission(ctx, 'mesh1', 'cluster2'));
    return list;
  },
};
