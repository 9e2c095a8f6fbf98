import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import { probeContext } from '../cluster/prerequisites.js';

export function rehearsalReason(forced: boolean, config: CrossmeshConfig): string {
  return forced ? 'asked for with --rehearse' : `no cluster answered on ${config.zones.map((z) => z.context).join(' or ')}`;
}

/** Rehearsal is the default when neither zone cluster answers (or kubectl is missing). */
export async function detectRehearsal(tools: Tools, config: CrossmeshConfig): Promise<boolean> {
  const probes = await Promise.all(config.zones.map((z) => z.context).map((c) => probeContext(tools, c)));
  return probes.every((p) => !p.reachable);
}
