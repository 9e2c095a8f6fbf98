import { isKubeObject, kindOf, nameOf } from '../model/types.js';
import type { LiveObject } from '../model/types.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The mTLS backend a Mesh has enabled, in either format (Kubernetes: under spec; universal: top level). */
function enabledBackend(mesh: unknown, kube: boolean): string | undefined {
  const holder = kube && isObj(mesh) ? mesh['spec'] : mesh;
  const mtls = isObj(holder) ? holder['mtls'] : undefined;
  const backend = isObj(mtls) ? mtls['enabledBackend'] : undefined;
  return typeof backend === 'string' && backend ? backend : undefined;
}

export interface CaChangeRefusal {
  mesh: string;
  liveBackend: string;
  plannedBackend: string;
  message: string;
}

/**
 * Meshes whose apply Kuma would refuse: mTLS is on with one backend and the plan enables another
 * (Kuma's mesh validator forbids changing the CA while mTLS is enabled).
 */
export function caChangeRefusals(objects: LiveObject[]): CaChangeRefusal[] {
  return objects.flatMap((o) => {
    if (kindOf(o.manifest.object) !== 'Mesh' || !o.live) return [];
    const kube = isKubeObject(o.manifest.object);
    const liveBackend = enabledBackend(o.live, kube);
    const plannedBackend = enabledBackend(o.manifest.object, kube);
    if (!liveBackend || !plannedBackend || liveBackend === plannedBackend) return [];
    const mesh = nameOf(o.manifest.object);
    return [
      {
        mesh,
        liveBackend,
        plannedBackend,
        message: `Mesh ${mesh} has mTLS on with the CA backend "${liveBackend}"; the plan enables "${plannedBackend}". Kuma refuses to change the CA of a mesh while mTLS is on, so nothing was sent.`,
      },
    ];
  });
}
