// Zone webhook `owner-reference.kuma-admission.kuma.io` (mutating).
//
// kuma-notes.md, "Mesh sync is not instant": until the Mesh is in the zone, the zone's webhook
// `owner-reference.kuma-admission.kuma.io` "refuses every object of that mesh, dry runs included:
// ... denied the request: Mesh.kuma.io "mesh1" not found" (owner_reference_mutator.go).
// kuma-notes.md, "Webhooks add": "labels kuma.io/zone, kuma.io/env, k8s.kuma.io/namespace,
// kuma.io/origin, kuma.io/mesh, kuma.io/policy-role: system, the annotation kuma.io/display-name,
// and an ownerReference to the Mesh".
import { allow, deny, type AdmissionHandler, type JsonPatchOp } from './admission.js';
import { stableStringify, type KubeObject, type OwnerReference } from './json.js';
import { paths, type KubeClient } from './kube-client.js';
import { POLICY_KINDS, isMeshScoped, meshOf } from './kuma-kinds.js';

export interface ZoneAdmissionContext {
  client: KubeClient;
  zone: string;
  systemNamespace: string;
}

export function ownerReferenceMutator(z: ZoneAdmissionContext): AdmissionHandler {
  return async (req) => {
    const obj = req.object;
    const kind = req.kind.kind;
    if (!obj || req.kind.group !== 'kuma.io' || !isMeshScoped(kind)) return allow();
    const mesh = meshOf(obj);
    const owner = await z.client.getOrNull(paths.kuma('meshes', mesh));
    // "Mesh.kuma.io "mesh1" not found" (kuma-notes "Mesh sync is not instant"): dry runs get the same answer.
    if (!owner) return deny(`Mesh.kuma.io "${mesh}" not found`, 400);
    return allow({
      patch: kumaMetadataPatch(obj, {
        kind,
        mesh,
        owner,
        namespace: req.namespace ?? '',
        zone: z.zone,
        systemNamespace: z.systemNamespace,
      }),
    });
  };
}

interface PatchInput {
  kind: string;
  mesh: string;
  owner: KubeObject;
  /** '' for cluster-scoped objects */
  namespace: string;
  zone: string;
  systemNamespace: string;
}

/** The labels, annotation and ownerReference Kuma's zone webhooks add ("Webhooks add" in kuma-notes); existing labels are kept. */
export function kumaMetadataPatch(obj: KubeObject, p: PatchInput): JsonPatchOp[] {
  const before = obj.metadata ?? {};
  const labels: Record<string, string> = { ...(before.labels ?? {}) };
  const addLabel = (k: string, v: string) => {
    if (labels[k] === undefined) labels[k] = v;
  };
  addLabel('kuma.io/mesh', p.mesh);
  addLabel('kuma.io/zone', p.zone);
  addLabel('kuma.io/env', 'kubernetes');
  if (p.namespace) addLabel('k8s.kuma.io/namespace', p.namespace);
  // outside the system namespace an object made on a zone is zone-origin; in it, the label must be given (validator)
  if (p.namespace !== p.systemNamespace) addLabel('kuma.io/origin', 'zone');
  if (POLICY_KINDS.has(p.kind) && p.namespace === p.systemNamespace) addLabel('kuma.io/policy-role', 'system');

  const annotations: Record<string, string> = { ...(before.annotations ?? {}) };
  if (annotations['kuma.io/display-name'] === undefined) annotations['kuma.io/display-name'] = before.name ?? '';

  const meshRef: OwnerReference = { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', name: p.mesh, uid: p.owner.metadata?.uid ?? '' };
  const ownerReferences = [
    ...(before.ownerReferences ?? []).filter((r) => !(r.kind === 'Mesh' && r.apiVersion.startsWith('kuma.io/'))),
    meshRef,
  ];

  const ops: JsonPatchOp[] = [];
  // "add" on an existing member replaces it (RFC 6902), so one op per map covers both cases
  const set = (field: string, now: unknown, was: unknown) => {
    if (stableStringify(now) !== stableStringify(was)) ops.push({ op: 'add', path: `/metadata/${field}`, value: now });
  };
  set('labels', labels, before.labels);
  set('annotations', annotations, before.annotations);
  set('ownerReferences', ownerReferences, before.ownerReferences);
  return ops;
}
