// AdmissionReview v1 types and the verdicts the stand-in's webhooks give.
import type { KubeObject } from './json.js';

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  object?: KubeObject | null;
  oldObject?: KubeObject | null;
  dryRun?: boolean;
}

export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export interface Verdict {
  allowed: boolean;
  /** HTTP-style code of a refusal (the API server turns it into the error kubectl shows) */
  code?: number;
  message?: string;
  patch?: JsonPatchOp[];
  warnings?: string[];
}

export type AdmissionHandler = (req: AdmissionRequest) => Promise<Verdict>;

export const allow = (extra: Pick<Verdict, 'patch' | 'warnings'> = {}): Verdict => ({ allowed: true, ...extra });

/** A refusal; the API server prints it as `admission webhook "<name>" denied the request: <message>`. */
export const deny = (message: string, code = 403): Verdict => ({ allowed: false, code, message });

/** The AdmissionReview the API server expects back for `uid`. */
export function reviewResponse(uid: string, v: Verdict): unknown {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: {
      uid,
      allowed: v.allowed,
      ...(v.allowed ? {} : { status: { code: v.code ?? 403, message: v.message ?? 'denied' } }),
      ...(v.patch?.length ? { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(v.patch)).toString('base64') } : {}),
      ...(v.warnings?.length ? { warnings: v.warnings } : {}),
    },
  };
}
