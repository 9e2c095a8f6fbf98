import type { KubeObject, PlanContext, Manifest } from '../src/model/types.js';
import type { MeshConfig, ZoneKey } from '../src/config/types.js';
import { clusterTarget, clusterLabel, manifest, zonePolicyLabels, type StepDefinition } from './common.js';

export function permissionName(mesh: MeshConfig): string {
  return `allow-all-${mesh.name}`;
}

function permission(ctx: PlanContext, mesh: MeshConfig, zone: ZoneKey): Manifest {
  const object: KubeObject = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTrafficPermission',
    metadata: {
      name: permissionName(mesh),
      namespace: ctx.facts.systemNamespace,
      labels: zonePolicyLabels(mesh.name),
    },
    spec: {
      targetRef: { kind: 'Mesh' },
      from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }],
    },
  };
  return manifest(
    'permissions',
    object,
    clusterTarget(ctx.config, zone),
    `lets proxies of ${mesh.name} in ${clusterLabel(ctx.config, zone)} accept traffic from the same mesh`,
  );
}

export const permissions: StepDefinition = {
  id: 'permissions',
  text: (config) => {
    const inside = config.meshes.map((m) => `inside ${m.name}`);
    const names = config.meshes.map((m) => permissionName(m));
    const and = (list: string[]) => (list.length === 2 ? `${list[0]} and ${list[1]}` : list.join(', '));
    return {
      title: 'Traffic permissions',
      explanation: {
        summary: `Allow traffic ${and(inside)}, on the zones where echo receives it.`,
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
          crossmesh: `Names them ${and(names)}, so ${names.length === 2 ? 'both meshes' : 'every mesh'} keep${names.length === 2 ? '' : 's'} ${names.length === 2 ? 'their' : 'its'} permission.`,
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
  // wherever echo runs, its proxy needs the permission to accept its own mesh's gateway
  manifests: (ctx) =>
    ctx.config.zones.flatMap((zone) =>
      ctx.config.meshes.filter((m) => m.echo.includes(zone.name)).map((m) => permission(ctx, m, zone.name)),
    ),
};
