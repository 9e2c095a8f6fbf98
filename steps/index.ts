import type { PlanFacts, Step, StepId } from '../src/model/types.js';
import { buildPlan, planContext, type PlannedStep } from '../src/model/plan.js';
import type { CrossmeshConfig } from '../src/config/types.js';
import { defaultConfig } from '../src/config/defaults.js';
import { stepFor, type StepDefinition } from './common.js';
import { prerequisites } from './prerequisites.js';
import { namespaces } from './namespaces.js';
import { mtls } from './mtls.js';
import { permissions } from './permissions.js';
import { workloads } from './workloads.js';
import { connectionSteps } from './connections.js';
import { verify } from './verify.js';

/** Every step for `config`, in the guide's order: the fixed ones, then one gateway per called mesh and one step per link, then the check. */
export function stepDefinitions(config: CrossmeshConfig): StepDefinition[] {
  return [prerequisites, namespaces, mtls, permissions, workloads, ...connectionSteps(config), verify];
}

/** Every step with its titles, explanations and fixes written with the names of `config`. */
export function stepsFor(config: CrossmeshConfig): Step[] {
  return stepDefinitions(config).map((d) => stepFor(d, config));
}

/**
 * Every step with the texts of the default configuration (the guide's names). Anything that shows a
 * step to a user should take stepsFor(config) instead, so that the names are the configured ones.
 */
export const STEPS: readonly Step[] = stepsFor(defaultConfig());

/** The step ids of the guide's own setup. */
export const STEP_IDS: readonly StepId[] = STEPS.map((s) => s.id);

/** The step `id` with its texts written for `config` (the default configuration when left out). */
export function stepById(id: string, config?: CrossmeshConfig): Step | undefined {
  const c = config ?? defaultConfig();
  const def = stepDefinitions(c).find((s) => s.id === id);
  return def ? stepFor(def, c) : undefined;
}

/** The whole plan for `config`: every step with its manifests. */
export function planFor(config: CrossmeshConfig, facts: Partial<PlanFacts> = {}): PlannedStep[] {
  return buildPlan(planContext(config, facts), stepsFor(config));
}
