import { buildPlan, manifestYaml, planContext, describeTarget, applyArgs } from '../model/plan.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import type { Tools } from '../adapter/tools.js';
import { meshOf } from '../config/model.js';
import { stepsFor } from '../../steps/index.js';

export interface PlanEntry {
  step: string;
  stepTitle: string;
  tool: string;
  context: string;
  namespace: string | null;
  command: string;
  purpose: string;
  /** set when the manifest holds a placeholder that is only known at apply time */
  resolvedAtApply: string | null;
  object: unknown;
}

export function planEntries(config: CrossmeshConfig, tools: Tools, gatewayAddresses: Partial<Record<MeshKey, string>> = {}): PlanEntry[] {
  return buildPlan(planContext(config, { gatewayAddresses }), stepsFor(config)).flatMap(({ step, manifests }) =>
    manifests.map((m) => ({
      step: step.id,
      stepTitle: step.title,
      tool: m.target.tool,
      context: m.target.context,
      namespace: m.target.namespace ?? null,
      command: tools.commandForTarget(m.target, applyArgs()),
      purpose: m.purpose,
      resolvedAtApply: m.needs
        ? `${m.needs.placeholder} stands for the ${m.needs.source.from === 'gateway' ? 'address Kong Operator publishes for' : 'LoadBalancer address of'} ${meshOf(config, m.needs.mesh).name}'s gateway ${meshOf(config, m.needs.mesh).gateway.name}, read when this is applied`
        : null,
      object: m.object,
    })),
  );
}

export function renderPlan(
  config: CrossmeshConfig,
  tools: Tools,
  format: 'yaml' | 'json',
  gatewayAddresses: Partial<Record<MeshKey, string>> = {},
): string {
  const entries = planEntries(config, tools, gatewayAddresses);
  if (format === 'json') return `${JSON.stringify(entries, null, 2)}\n`;
  const plan = buildPlan(planContext(config, { gatewayAddresses }), stepsFor(config));
  const out: string[] = [];
  let n = 0;
  plan.forEach(({ step, manifests }, stepIndex) => {
    for (const m of manifests) {
      n++;
      out.push(
        [
          '---',
          `# ${n}. step ${stepIndex + 1}/${plan.length} ${step.id}: ${step.title}`,
          `# ${describeTarget(m.target)}`,
          `# ${entries[n - 1]!.command}`,
          `# ${m.purpose}`,
          ...(m.needs ? [`# ${entries[n - 1]!.resolvedAtApply}`] : []),
          manifestYaml(m).trimEnd(),
        ].join('\n'),
      );
    }
  });
  return `${out.join('\n')}\n`;
}
