import type { CrossmeshConfig } from '../config/types.js';
import { renderConfig } from '../config/file.js';
import { linksYaml, sameLinks, whereToKeepLinks } from '../render/links.js';
import { askGatewayKinds } from './gateway-kinds.js';
import { askLinks } from './links.js';
import type { Prompter } from './prompter.js';

/** What was asked, and the lines that tell how to keep it (empty when nothing differs from the configuration). */
export interface Asked {
  config: CrossmeshConfig;
  keep: string[];
}

/**
 * First run at a terminal without crossmesh.yaml: each mesh's gateway, then the links. The plain
 * front end writes no crossmesh.yaml, so when a choice differs from the defaults, `keep` is the whole
 * file that holds it.
 */
export async function askFirstRunChoices(
  prompter: Prompter,
  config: CrossmeshConfig,
  write: (line: string) => void,
  o: { file: string; prefix?: string },
): Promise<Asked> {
  const chosen = await askLinks(prompter, await askGatewayKinds(prompter, config, write), write);
  const changed = !sameLinks(chosen.links, config.links) || chosen.meshes.some((m, i) => m.gateway.kind !== config.meshes[i]?.gateway.kind);
  if (!changed) return { config: chosen, keep: [] };
  const file = renderConfig(o.prefix ? { ...chosen, prefix: o.prefix } : chosen);
  return {
    config: chosen,
    keep: [`To keep these choices, save this as ${o.file}, with your zones' contexts:`, ...file.trimEnd().split('\n')],
  };
}

/** --edit-links: the links of this run; crossmesh never rewrites crossmesh.yaml, so `keep` is the block to put in it. */
export async function askLinksForThisRun(
  prompter: Prompter,
  config: CrossmeshConfig,
  write: (line: string) => void,
  o: { file: string; exists: boolean },
): Promise<Asked> {
  const chosen = await askLinks(prompter, config, write);
  if (sameLinks(chosen.links, config.links)) return { config: chosen, keep: [] };
  return {
    config: chosen,
    keep: [`These links are for this run only; to keep them, ${whereToKeepLinks(o.file, o.exists)}:`, ...linksYaml(config, chosen.links)],
  };
}
