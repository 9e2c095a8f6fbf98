import type { ClusterKey } from '../config/types.js';

export type ToolName = 'kubectl' | 'kumactl';
/** A zone's role (a ClusterKey: cluster1, cluster2, ...) or 'global' for the global control plane. */
export type Role = ClusterKey;

/** Where a manifest goes: the tool, the kube context (or kumactl control plane) and the namespace. */
export interface Target {
  tool: ToolName;
  role: Role;
  /** kube context for kubectl, control-plane name for kumactl */
  context: string;
  namespace?: string;
}
