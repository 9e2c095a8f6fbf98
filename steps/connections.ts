import type { CrossmeshConfig, LinkConfig } from '../src/config/types.js';
import { guideParts } from '../src/config/model.js';
import type { StepDefinition } from './common.js';
import { gatewayStep } from './gateway.js';
import { linkStep } from './external-service.js';
import { reverseMatrix } from './reverse-matrix.js';

/** The step that connects one link: its id names both meshes by their configured names, before any prefix. */
export function linkStepId(link: LinkConfig): string {
  return `link-${link.from}-to-${link.to}`;
}

export function gatewayStepId(mesh: string): string {
  return `gateway-${mesh}`;
}

/**
 * The steps that connect meshes: for every link, in the configuration's order, the gateway of the
 * called mesh (before its first link) and then the link itself, so a link can be applied, skipped or
 * resumed on its own. The guide's own two-mesh shape keeps the guide's three steps.
 */
export function connectionSteps(config: CrossmeshConfig): StepDefinition[] {
  const guide = guideParts(config);
  if (guide) return [gatewayStep('gateway', guide.toFirst.to), linkStep('external-service', guide.toFirst), reverseMatrix];
  const steps: StepDefinition[] = [];
  const gateways = new Set<string>();
  for (const link of config.links) {
    if (!gateways.has(link.to)) {
      gateways.add(link.to);
      steps.push(gatewayStep(gatewayStepId(link.to), link.to));
    }
    steps.push(linkStep(linkStepId(link), link));
  }
  return steps;
}

/** Which step makes each called mesh's gateway and each link's external services, for pictures and status by link. */
export function connectionStepIds(config: CrossmeshConfig): { gateway: Map<string, string>; link: Map<string, string> } {
  const gateway = new Map<string, string>();
  const link = new Map<string, string>();
  const key = linkKey;
  const guide = guideParts(config);
  if (guide) {
    gateway.set(guide.toFirst.to, 'gateway').set(guide.toSecond.to, 'reverse-matrix');
    link.set(key(guide.toFirst), 'external-service').set(key(guide.toSecond), 'reverse-matrix');
    return { gateway, link };
  }
  for (const l of config.links) {
    if (!gateway.has(l.to)) gateway.set(l.to, gatewayStepId(l.to));
    link.set(key(l), linkStepId(l));
  }
  return { gateway, link };
}

/** The key connectionStepIds uses for a link. */
export function linkKey(link: LinkConfig): string {
  return `${link.from}>${link.to}`;
}
