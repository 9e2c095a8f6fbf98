import { stringify } from 'yaml';
import type { CrossmeshConfig } from '../config/types.js';
import { DEFAULT_SYSTEM_NAMESPACE } from '../config/defaults.js';
import type { Manifest, PlanContext, PlanFacts, Step, Target } from './types.js';
import { isKubeObject } from './types.js';

export interface PlannedStep {
  step: Step;
  manifests: Manifest[];
}

type Addresses = PlanFacts['gatewayAddresses'];

/**
 * The gateway address each mesh's external service points at, by precedence: given on the command
 * line, written in crossmesh.yaml, then learned by an earlier run (journal). apply, status and
 * teardown all take it from here, so they agree on what "as planned" means.
 */
export function knownGatewayAddresses(config: CrossmeshConfig, learned: Addresses | undefined, given: Addresses = {}): Addresses {
  const out: Addresses = {};
  // a journal from a version 1 file keys the two meshes by slot (mesh1, mesh2), whatever they are called
  const slotKeys = config.meshes.length === 2 && !config.meshes.some((m) => /^mesh[12]$/.test(m.key));
  config.meshes.forEach((mesh, i) => {
    const address = given[mesh.key] ?? mesh.gateway.address ?? learned?.[mesh.key] ?? (slotKeys ? learned?.[`mesh${i + 1}`] : undefined);
    if (address) out[mesh.key] = address;
  });
  return out;
}

/** The plan's inputs: the configuration, and the facts given or learned (addresses given win over the file). */
export function planContext(config: CrossmeshConfig, facts: Partial<PlanFacts> = {}): PlanContext {
  return {
    config,
    facts: {
      systemNamespace: facts.systemNamespace ?? config.systemNamespace ?? DEFAULT_SYSTEM_NAMESPACE,
      gatewayAddresses: knownGatewayAddresses(config, undefined, facts.gatewayAddresses),
      ...(facts.kumaMajor !== undefined ? { kumaMajor: facts.kumaMajor } : {}),
    },
  };
}

/** Names the prefix on every object of a prefixed setup, so an instructor can list every learner's setup. */
export const PREFIX_LABEL = 'crossmesh.io/prefix';

function withPrefixLabel(m: Manifest, prefix: string): Manifest {
  const o = m.object;
  if (isKubeObject(o))
    return { ...m, object: { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [PREFIX_LABEL]: prefix } } } };
  const labels = isStringMap(o.labels) ? o.labels : {};
  return { ...m, object: { ...o, labels: { ...labels, [PREFIX_LABEL]: prefix } } };
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function buildPlan(ctx: PlanContext, steps: readonly Step[]): PlannedStep[] {
  const prefix = ctx.config.prefix;
  return steps.map((step) => {
    const manifests = step.manifests(ctx);
    return { step, manifests: prefix ? manifests.map((m) => withPrefixLabel(m, prefix)) : manifests };
  });
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
