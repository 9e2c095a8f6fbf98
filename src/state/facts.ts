import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { knownGatewayAddresses } from '../model/plan.js';
import { zoneByRole } from '../config/model.js';
import type { PlanFacts } from '../model/types.js';
import type { JournalData } from './journal.js';

type Addresses = Partial<Record<MeshKey, string>>;

/** What an earlier run learned (system namespace, gateway addresses) as plan facts. */
export function factsFromJournal(config: CrossmeshConfig, data: JournalData, given: Addresses = {}): Partial<PlanFacts> {
  const f = data.facts;
  return {
    ...(f.systemNamespace && !config.systemNamespace ? { systemNamespace: f.systemNamespace } : {}),
    gatewayAddresses: knownGatewayAddresses(config, f.gatewayAddresses, given),
    ...(typeof f.kumaMajor === 'number' ? { kumaMajor: f.kumaMajor } : {}),
  };
}

/** Zone names found by an earlier run replace the configured ones, as the wizard did when it applied. */
export function configWithJournalFacts(config: CrossmeshConfig, data: JournalData): CrossmeshConfig {
  const zones = data.facts.zones ?? {};
  const copy = structuredClone(config);
  for (const [role, zone] of Object.entries(zones)) {
    const configured = zoneByRole(copy, role);
    if (zone && configured) configured.zone = zone;
  }
  return copy;
}
