import type { ClusterKey, CrossmeshConfig, MeshKey } from '../config/types.js';
import type { Target } from '../adapter/target.js';
import type { Tools } from '../adapter/tools.js';

export type { Target, ToolName, Role } from '../adapter/target.js';

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

/**
 * Where a mesh's gateway publishes its reachable address: 'service' is the LoadBalancer Service the
 * zone control plane makes for a built-in gateway; 'gateway' is a Gateway API Gateway, whose
 * status.addresses Kong Operator fills once its proxy is ready.
 */
export interface GatewayAddressSource {
  from: 'service' | 'gateway';
  context: string;
  namespace: string;
  name: string;
}

/** A value only known at apply time, such as a gateway's LoadBalancer address. */
export interface GatewayAddressNeed {
  mesh: MeshKey;
  /** placeholder text that stands in the manifest until the address is known */
  placeholder: string;
  /** where the address that replaces the placeholder comes from */
  source: GatewayAddressSource;
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

/**
 * A step's stable name: the fixed steps' own (prerequisites, namespaces, ...), and for the steps that
 * connect meshes either the guide's (gateway, external-service, reverse-matrix) or one per called
 * mesh and per link (gateway-<mesh>, link-<from>-to-<to>).
 */
export type StepId = string;

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
  /** the major version of Kuma on the gateways' zone, when known (3 changes how a delegated gateway is marked) */
  kumaMajor?: number;
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

export type StepOutcome = 'applied' | 'in-sync' | 'skipped' | 'rehearsed' | 'failed' | 'checked';
/** How a front end shows a step in its list. */
export type StepStatus = 'pending' | 'current' | StepOutcome;

export interface FieldDifference {
  path: string;
  planned: unknown;
  live: unknown;
}

/** 'terminating': the object is being deleted (deletionTimestamp set); nothing can be made in a namespace in that state. */
export type LiveState = 'in-sync' | 'drifted' | 'missing' | 'unknown' | 'terminating';

/** A planned object as the cluster has it. */
export interface LiveObject {
  manifest: Manifest;
  state: LiveState;
  differences: FieldDifference[];
  live?: Record<string, unknown>;
  error?: string;
}

/** What a step's own checks work with: the tools and the configuration as learned so far. */
export interface StepRuntime {
  tools: Tools;
  config: CrossmeshConfig;
}

/** What a check learned about the clusters, for the later steps and for the journal. */
export interface LearnedFacts {
  systemNamespace?: string;
  /** zone names found on each cluster */
  zones?: Record<ClusterKey, string>;
  /** which cluster each context points at (the UID of its kube-system namespace) */
  fingerprints?: Array<{ context: string; fingerprint: string }>;
  /** the major version of Kuma on the zone that runs the gateways */
  kumaMajor?: number;
}

export interface CheckReport {
  ok: boolean;
  checks: CheckResult[];
  learned?: LearnedFacts;
}

/** A step that sends nothing and checks the clusters instead. */
export interface StepProbe {
  /** shown while the check runs */
  activity: string;
  /** what the step does instead of applying, completing "this step ...", e.g. "sends real requests across the meshes" */
  instead: string;
  /** the phase a failure is reported in */
  phase: string;
  /**
   * 'blocking': later steps depend on it, so a failure asks to retry, skip or quit the run;
   * 'final': a result to report, so any answer but retry records the step as failed and goes on.
   */
  kind: 'blocking' | 'final';
  run(rt: StepRuntime): Promise<CheckReport>;
}

export interface Step {
  id: StepId;
  title: string;
  explanation: Explanation;
  fixes: GuideFix[];
  manifests(ctx: PlanContext): Manifest[];
  /** set on steps that check instead of applying (prerequisites, connectivity) */
  probe?: StepProbe;
  /** checks beyond reading the objects back, run after the step's objects were applied */
  afterApply?(rt: StepRuntime, live: LiveObject[]): Promise<CheckResult[]>;
  /** commands a learner runs to see the step's result, for steps whose result is not their objects */
  checkCommands?(rt: StepRuntime): string[];
}
