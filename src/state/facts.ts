import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { MESH_KEYS } from '../config/types.js';
import type { PlanFacts } from '../engine/types.js';
import type { JournalData } from './journal.js';

type Addresses = Partial<Record<MeshKey, string>>;

/**
 * The gateway address each mesh's external service points at, by precedence: given on the command
 * line, written in crossmesh.yaml, then learned by an earlier run (journal). apply, status and
 * teardown all take it from here, so they agree on what "as planned" means.
 */
export function knownGatewayAddresses(config: CrossmeshConfig, learned: Addresses | undefined, given: Addresses = {}): Addresses {
  const out: Addresses = {};
  for (const mesh of MESH_KEYS) {
    const address = given[mesh] ?? config.meshes[mesh].gateway.address ?? learned?.[mesh];
    if (address) out[mesh] = address;
  }
  return out;
}

/** What an earlier run learned (system namespace, gateway addresses) as plan facts. */
export function factsFromJournal(config: CrossmeshConfig, data: JournalData, given: Addresses = {}): Partial<PlanFacts> {
  const f = data.facts;
  return {
    ...(f.systemNamespace && !config.systemNamespace ? { systemNamespace: f.systemNamespace } : {}),
    gatewayAddresses: knownGatewayAddresses(config, f.gatewayAddresses, given),
  };
}

/** Zone names found by an earlier run replace the configured ones, as the wizard did when it applied. */
export function configWithJournalFacts(config: CrossmeshConfig, data: JournalData): CrossmeshConfig {
  const zones = data.facts.zones ?? {};
  const copy = structuredClone(config);
  for (const key of ['cluster1', 'cluster2'] as const) if (zones[key]) copy.clusters[key].zone = zones[key]!;
  return copy;
}
