import { stringify } from 'yaml';
import { stepsFor } from '../../steps/index.js';
import type { CrossmeshConfig } from '../config/types.js';
import { DEFAULT_SYSTEM_NAMESPACE } from '../config/defaults.js';
import type { Manifest, PlanContext, PlanFacts, Step, Target } from './types.js';

export interface PlannedStep {
  step: Step;
  manifests: Manifest[];
}

export function planContext(config: CrossmeshConfig, facts: Partial<PlanFacts> = {}): PlanContext {
  const gatewayAddresses: PlanFacts['gatewayAddresses'] = {};
  for (const mesh of ['mesh1', 'mesh2'] as const) {
    const address = facts.gatewayAddresses?.[mesh] ?? config.meshes[mesh].gateway.address;
    if (address) gatewayAddresses[mesh] = address;
  }
  return {
    config,
    facts: { systemNamespace: facts.systemNamespace ?? config.systemNamespace ?? DEFAULT_SYSTEM_NAMESPACE, gatewayAddresses },
  };
}

export function buildPlan(ctx: PlanContext, steps: readonly Step[] = stepsFor(ctx.config)): PlannedStep[] {
  return steps.map((step) => ({ step, manifests: step.manifests(ctx) }));
}

export function manifestYaml(m: Manifest): string {
  return stringify(m.object, { lineWidth: 0 });
}

/** The verb and arguments that apply a manifest fed on standard input. */
export function applyArgs(): string[] {
  return ['apply', '-f', '-'];
}

export function describeTarget(target: Target): string {
  const where = target.tool === 'kubectl' ? `context ${target.context}` : `control plane ${target.context}`;
  return `${target.tool} -> ${where}${target.namespace ? `, namespace ${target.namespace}` : ''}`;
}

