import type { CrossmeshConfig, MeshKey, ClusterKey } from '../config/types.js';

export type ToolName = 'kubectl' | 'kumactl';
export type Role = ClusterKey | 'global';

/** Where a manifest goes: the tool, the kube context (or kumactl control plane) and the namespace. */
export interface Target {
  tool: ToolName;
  role: Role;
  /** kube context for kubectl, control-plane name for kumactl */
  context: string;
  namespace?: string;
}

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};
/** Kuma's universal format: type, name and the spec fields at the top level. */
export type UniversalObject = { type: string; name: string; [k: string]: unknown };
export type ManifestObject = KubeObject | UniversalObject;

export function isKubeObject(o: ManifestObject): o is KubeObject {
  return 'apiVersion' in o && 'kind' in o;
}

export function kindOf(o: ManifestObject): string {
  return isKubeObject(o) ? o.kind : o.type;
}
export function nameOf(o: ManifestObject): string {
  return isKubeObject(o) ? o.metadata.name : o.name;
}

/** A value only known at apply time, such as a gateway's LoadBalancer address. */
export interface GatewayAddressNeed {
  mesh: MeshKey;
  /** placeholder text that stands in the manifest until the address is known */
  placeholder: string;
}

export interface Manifest {
  /** stable id, e.g. "gateway/mesh1/MeshGateway/cross-mesh-gateway" */
  id: string;
  object: ManifestObject;
  target: Target;
  /** one line: what this object is for */
  purpose: string;
  needs?: GatewayAddressNeed;
}

/** One place where crossmesh departs from the guide, and why. */
export interface GuideFix {
  id: string;
  title: string;
  guide: string;
  crossmesh: string;
}

export type StepId =
  | 'prerequisites'
  | 'namespaces'
  | 'mtls'
  | 'permissions'
  | 'workloads'
  | 'gateway'
  | 'external-service'
  | 'reverse-matrix'
  | 'verify';

export interface CheckResult {
  status: 'ok' | 'warn' | 'fail';
  label: string;
  detail?: string;
  hint?: string;
}

/** What the plan knows beyond the configuration: detected or supplied facts. */
export interface PlanFacts {
  systemNamespace: string;
  gatewayAddresses: Partial<Record<MeshKey, string>>;
}

export interface PlanContext {
  config: CrossmeshConfig;
  facts: PlanFacts;
}

export interface Explanation {
  /** what the step does, one line */
  summary: string;
  /** the concept, in a few sentences */
  concept: string;
  /** why the step exists */
  why: string;
}

export interface Step {
  id: StepId;
  title: string;
  explanation: Explanation;
  fixes: GuideFix[];
  manifests(ctx: PlanContext): Manifest[];
}
