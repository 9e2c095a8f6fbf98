import type { ClusterKey } from './types.js';

/** A cluster as a reader knows it: its role and its kube context, e.g. "cluster 1 (context c1)". */
export function clusterName(cluster: ClusterKey, context: string): string {
  return `cluster ${cluster.replace(/^cluster/, '')} (context ${context})`;
}
