import type { ManifestObject, PlanContext } from '../src/model/types.js';
import type { MeshConfig } from '../src/config/types.js';
import { globalTarget, manifest, MANAGED_BY, type StepDefinition } from './common.js';

/** The Mesh spec fields, shared by the universal and the Kubernetes format. */
export function meshSpec(ctx: PlanContext, mesh: MeshConfig): Record<string, unknown> {
  const { ca } = ctx.config;
  return {
    meshServices: { mode: 'Exclusive' },
    // the guide's mesh2 turns off passthrough: its workloads reach outside the mesh only through declared external services
    ...(!mesh.passthrough ? { networking: { outbound: { passthrough: false } } } : {}),
    skipCreatingInitialPolicies: ['*'],
    mtls: {
      enabledBackend: ca.backend,
      backends: [
        {
          name: ca.backend,
          type: 'builtin',
          dpCert: { rotation: { expiration: ca.certExpiration } },
          conf: { caCert: { RSAbits: ca.rsaBits, expiration: ca.caExpiration } },
        },
      ],
    },
  };
}

export function meshObject(ctx: PlanContext, mesh: MeshConfig): ManifestObject {
  const name = mesh.name;
  if (ctx.config.global.tool === 'kumactl') {
    return { type: 'Mesh', name, labels: { ...MANAGED_BY }, ...meshSpec(ctx, mesh) };
  }
  return { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name, labels: { ...MANAGED_BY } }, spec: meshSpec(ctx, mesh) };
}

export const mtls: StepDefinition = {
  id: 'mtls',
  text: (config) => {
    const names = config.meshes.map((m) => m.name);
    const both = names.length === 2 ? `${names[0]} and ${names[1]}` : names.join(', ');
    return {
      title: 'Meshes with mTLS',
      explanation: {
        summary: `Create ${both} on the global control plane, each with its own built-in certificate authority.`,
        concept:
          'A Mesh is a separate trust domain. With a builtin mTLS backend the control plane creates a root CA for the mesh and hands every proxy a short-lived certificate, ' +
          `so traffic inside the mesh is encrypted and each caller is identified. ${both} get ${names.length === 2 ? 'two' : names.length} unrelated roots: a proxy of one does not trust the other${names.length > 2 ? 's' : ''}.`,
        why: 'Meshes are created on the global control plane, which copies them to every zone. Once mTLS is on, a mesh denies traffic that no MeshTrafficPermission allows, which is why the next step adds permissions.',
      },
      fixes: [
        {
          id: 'mesh-format',
          title: 'The right format for the global control plane',
          guide: 'Shows only the universal format for kumactl.',
          crossmesh:
            'Uses the universal format with kumactl for a global on Universal or Konnect, and the Kubernetes format (kind: Mesh) with kubectl for a global on Kubernetes, where kumactl apply is refused with HTTP 405.',
        },
        {
          id: 'exclusive-mode',
          title: 'What Exclusive mode really does',
          guide: 'Says meshServices mode Exclusive makes explicit permissions necessary.',
          crossmesh:
            'Exclusive only stops generating the old kuma.io/service outbounds, leaving MeshService-based ones. The deny-by-default comes from mTLS without any MeshTrafficPermission; skipCreatingInitialPolicies only skips the default timeout, retry and circuit-breaker policies.',
        },
      ],
    };
  },
  manifests: (ctx) =>
    ctx.config.meshes.map((mesh) =>
      manifest('mtls', meshObject(ctx, mesh), globalTarget(ctx.config), `the ${mesh.name} mesh with a builtin CA`),
    ),
};
