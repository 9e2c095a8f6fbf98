import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import type { PlanFacts, StepId } from '../engine/types.js';
import { buildPlan, planContext } from '../engine/plan.js';
import { readLiveWithFingerprints, type LiveObject } from './read.js';

export type StepLiveState = 'in-sync' | 'missing' | 'partial' | 'drifted' | 'unknown' | 'no-objects';

export interface StepStatusRow {
  step: StepId;
  title: string;
  state: StepLiveState;
  objects: LiveObject[];
}

export function stepState(objects: LiveObject[]): StepLiveState {
  if (!objects.length) return 'no-objects';
  if (objects.some((o) => o.state === 'unknown')) return 'unknown';
  if (objects.some((o) => o.state === 'drifted')) return 'drifted';
  if (objects.every((o) => o.state === 'in-sync')) return 'in-sync';
  if (objects.every((o) => o.state === 'missing')) return 'missing';
  return 'partial';
}

/**
 * Reads every planned object with one call per kube context and one per global control plane,
 * and says for each step whether the clusters match the plan.
 */
export async function scanStatus(tools: Tools, config: CrossmeshConfig, facts: Partial<PlanFacts> = {}): Promise<StepStatusRow[]> {
  return (await scanStatusWithFingerprints(tools, config, facts)).rows;
}

/** The scan, plus the kube-system UID of each zone context read in the same calls. */
export async function scanStatusWithFingerprints(tools: Tools, config: CrossmeshConfig, facts: Partial<PlanFacts> = {}): Promise<{ rows: StepStatusRow[]; fingerprints: Record<string, string> }> {
  const plan = buildPlan(planContext(config, facts));
  const zoneContexts = [config.clusters.cluster1.context, config.clusters.cluster2.context];
  const { objects: live, fingerprints } = await readLiveWithFingerprints(tools, plan.flatMap((p) => p.manifests), zoneContexts);
  const byId = new Map(live.map((l) => [l.manifest.id, l]));
  const rows = plan.map(({ step, manifests }) => {
    const objects = manifests.map((m) => byId.get(m.id)!);
    return { step: step.id, title: step.title, state: stepState(objects), objects };
  });
  return { rows, fingerprints };
}

/** The first step whose objects are not all as planned: where a resumed run continues. */
export function resumePoint(rows: StepStatusRow[]): StepId | undefined {
  return rows.find((r) => r.state !== 'in-sync' && r.state !== 'no-objects')?.step;
}
