import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import { probeContext } from '../detect/prerequisites.js';
import type { Journal } from './journal.js';

export interface BindingMismatch {
  context: string;
  recorded: string;
  current: string;
}

export function describeMismatch(m: BindingMismatch): string {
  return `context "${m.context}" now points to a different cluster (kube-system UID ${m.current}, recorded ${m.recorded})`;
}

/** Compares each zone context's cluster fingerprint with the one recorded when it was first used. */
export async function checkBindings(tools: Tools, config: CrossmeshConfig, journal: Journal): Promise<{ mismatches: BindingMismatch[]; fingerprints: Record<string, string> }> {
  const contexts = [config.clusters.cluster1.context, config.clusters.cluster2.context];
  const probes = await Promise.all(contexts.map((c) => probeContext(tools, c)));
  const fingerprints: Record<string, string> = {};
  const mismatches: BindingMismatch[] = [];
  probes.forEach((p, i) => {
    const context = contexts[i]!;
    if (!p.fingerprint) return;
    fingerprints[context] = p.fingerprint;
    const recorded = journal.data.bindings[context]?.fingerprint;
    if (recorded && recorded !== p.fingerprint) mismatches.push({ context, recorded, current: p.fingerprint });
  });
  return { mismatches, fingerprints };
}
