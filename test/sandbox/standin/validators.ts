// Webhooks `validator.kuma-admission.kuma.io` of the zones and of the global (validating).
import { allow, deny, type AdmissionHandler, type AdmissionRequest, type Verdict } from './admission.js';
import { labelsOf, type KubeObject } from './json.js';
import { paths, type KubeClient } from './kube-client.js';
import { enabledBackend, isPolicyLike } from './kuma-kinds.js';
import { errText, logThrottled } from './log.js';

// Exact texts: the product's hints match on them.
export const MESSAGES = {
  origin: "Applying policies on Zone CP on a system namespace requires 'kuma.io/origin' label to be set to 'zone'",
  caChange: 'mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA',
  dataplanesAttached: 'mesh: unable to delete mesh, there are still some dataplanes attached',
  fromDeprecated: "'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead",
} as const;

// Paraphrased (Kuma's own wording was not recorded in kuma-notes.md; the rules are from
// "Where each resource may be applied" and pkg/plugins/runtime/k8s/webhooks/resourceadmissionchecker.go).
export const PARAPHRASED = {
  foreignZone: (label: string, local: string) =>
    `label 'kuma.io/zone' is "${label}" but this Zone CP is "${local}": an object applied on a zone may only name its own zone`,
  zoneOriginOnGlobal:
    "an object labelled 'kuma.io/origin: zone' belongs on a Zone CP, not on the Global CP: apply it on a zone, or drop the label",
  gatewayInstanceOnGlobal: 'MeshGatewayInstance cannot be applied on the Global CP: apply it on the zone that runs the gateway pods',
} as const;

/**
 * kuma-notes "Changing a Mesh's CA while mTLS is enabled is refused": "mtls.enabledBackend=Changing CA
 * when mTLS is enabled is forbidden" (mesh_validator.go). Both old and new have mTLS on, backends differ.
 */
function caChange(req: AdmissionRequest): Verdict | undefined {
  if (req.kind.kind !== 'Mesh' || req.operation !== 'UPDATE') return undefined;
  const was = enabledBackend(req.oldObject ?? undefined);
  const now = enabledBackend(req.object ?? undefined);
  return was && now && was !== now ? deny(MESSAGES.caChange) : undefined;
}

/**
 * kuma-notes "Webhooks add": "MeshTrafficPermission with `from` is accepted with the warning
 * `'from' field is deprecated and will be removed in 3.0, ...`".
 */
function fromWarning(req: AdmissionRequest): string[] {
  const spec = req.object?.spec;
  return req.kind.kind === 'MeshTrafficPermission' && spec && spec['from'] !== undefined ? [MESSAGES.fromDeprecated] : [];
}

export function zoneValidator(z: { zone: string; systemNamespace: string }): AdmissionHandler {
  return async (req) => {
    const obj = req.object;
    if (!obj || req.kind.group !== 'kuma.io' || (req.operation !== 'CREATE' && req.operation !== 'UPDATE')) return allow();
    const labels = labelsOf(obj);
    // kuma-notes "Where each resource may be applied": "A `kuma.io/zone` label, if present, must equal the local zone".
    const zoneLabel = labels['kuma.io/zone'];
    if (zoneLabel !== undefined && zoneLabel !== z.zone) return deny(PARAPHRASED.foreignZone(zoneLabel, z.zone));
    // kuma-notes "Where each resource may be applied": "Policies and MeshExternalService in the system namespace
    // carrying `kuma.io/origin: zone` must be applied to a zone cluster" — without the label a zone refuses them.
    if (isPolicyLike(req.kind.kind) && req.namespace === z.systemNamespace && labels['kuma.io/origin'] !== 'zone')
      return deny(MESSAGES.origin);
    return caChange(req) ?? allow({ warnings: fromWarning(req) });
  };
}

export interface GlobalValidatorContext {
  /** zone API servers, searched for Dataplanes of a Mesh being deleted */
  zones: KubeClient[];
}

export function globalValidator(g: GlobalValidatorContext): AdmissionHandler {
  return async (req) => {
    if (req.kind.group !== 'kuma.io') return allow();
    if (req.operation === 'DELETE')
      return req.kind.kind === 'Mesh' ? meshDelete(g, req.name ?? req.oldObject?.metadata?.name ?? '') : allow();
    const obj = req.object;
    if (!obj || (req.operation !== 'CREATE' && req.operation !== 'UPDATE')) return allow();
    // kuma-notes "Where each resource may be applied": "`MeshGatewayInstance` is refused on global".
    if (req.kind.kind === 'MeshGatewayInstance') return deny(PARAPHRASED.gatewayInstanceOnGlobal);
    // kuma-notes "Where each resource may be applied": "on a global CP that label [kuma.io/origin: zone] is refused".
    if (isPolicyLike(req.kind.kind) && labelsOf(obj)['kuma.io/origin'] === 'zone') return deny(PARAPHRASED.zoneOriginOnGlobal);
    return caChange(req) ?? allow({ warnings: fromWarning(req) });
  };
}

/**
 * kuma-notes "A Mesh with data plane proxies still attached cannot be deleted": "mesh: unable to
 * delete mesh, there are still some dataplanes attached". A zone that cannot be asked is skipped.
 */
async function meshDelete(g: GlobalValidatorContext, mesh: string): Promise<Verdict> {
  for (const zone of g.zones) {
    let dataplanes: KubeObject[];
    try {
      dataplanes = await zone.list(paths.kuma('dataplanes'));
    } catch (e) {
      logThrottled(
        `dp-list-${zone.context}`,
        `global validator: cannot list Dataplanes in ${zone.context}, not counting them: ${errText(e)}`,
      );
      continue;
    }
    if (dataplanes.some((dp) => dp['mesh'] === mesh)) return deny(MESSAGES.dataplanesAttached);
  }
  return allow();
}
