import type { CrossmeshConfig, GatewayKind, GlobalTarget, LinkConfig } from '../config/types.js';
import { linksYaml, whereToKeepLinks } from '../render/links.js';

/** What the first run's screens picked: the two zone contexts and the global, each mesh's gateway kind, the links. */
export interface FirstRunChoices {
  contexts?: { cluster1: string; cluster2: string; global: GlobalTarget };
  /** in the order of the configuration's meshes */
  kinds?: readonly GatewayKind[];
  links?: readonly LinkConfig[];
}

/** `config` with the first run's choices: the picked contexts go to the first two zones. */
export function withFirstRunChoices(config: CrossmeshConfig, choices: FirstRunChoices): CrossmeshConfig {
  const { contexts, kinds, links } = choices;
  const zoneContexts = contexts ? [contexts.cluster1, contexts.cluster2] : [];
  return {
    ...config,
    ...(contexts ? { global: contexts.global } : {}),
    zones: config.zones.map((z, i) => ({ ...z, context: zoneContexts[i] ?? z.context })),
    meshes: config.meshes.map((m, i) => ({ ...m, gateway: { ...m.gateway, kind: kinds?.[i] ?? m.gateway.kind } })),
    links: links ? [...links] : config.links,
  };
}

/** how many links the wizard's notice spells out; the whole block is printed when the wizard ends */
const NOTICE_LINKS = 4;

/**
 * The wizard's notice when the links were chosen for this run only (crossmesh.yaml exists, or there
 * was nothing to write it from): the `links:` block that keeps them, cut to a few links.
 */
export function linksNotice(config: CrossmeshConfig, links: readonly LinkConfig[], file: string, exists: boolean): string {
  const block = linksYaml(config, links);
  const shown =
    block.length > NOTICE_LINKS + 1 ? [...block.slice(0, NOTICE_LINKS + 1), `  # and ${block.length - 1 - NOTICE_LINKS} more`] : block;
  const keep = `${exists ? `crossmesh never rewrites ${file}; ` : ''}to keep them, ${whereToKeepLinks(file, exists)}`;
  const whole = shown.length === block.length ? '' : '; the whole block is printed when the wizard ends';
  return [`These links are for this run only: ${keep}${whole}.`, ...shown].join('\n');
}
