import type { CrossmeshConfig } from '../config/types.js';
import { calledMeshNames, canCall, chosenLinks, connectionStepTitles, linkKey, linkLabels } from '../render/links.js';
import type { CheckChoice, Prompter } from './prompter.js';

/**
 * The links matrix of the plain front end: every ordered pair "A -> B" as a checkbox, the
 * configuration's links ticked. Returns the configuration with the chosen links: those that stay
 * in their order, then new ones in the order of the list.
 */
export async function askLinks(prompter: Prompter, config: CrossmeshConfig, write: (line: string) => void): Promise<CrossmeshConfig> {
  const linked = new Set(config.links.map(linkKey));
  const choices: Array<CheckChoice<string>> = config.meshes.flatMap((from) =>
    config.meshes
      .filter((to) => to.key !== from.key)
      .map((to) => {
        const key = linkKey({ from: from.key, to: to.key });
        return {
          label: `${from.name} -> ${to.name}`,
          value: key,
          checked: linked.has(key),
          ...(canCall(from) ? {} : { disabled: `${from.name} runs no clients` }),
        };
      }),
  );
  write(`A link "A -> B" lets mesh A call mesh B through B's gateway. Each called mesh gets a gateway, and each link a step.`);
  const ticked = await prompter.checkbox('Which mesh may call which?', choices);
  const chosen = { ...config, links: chosenLinks(config.meshes, config.links, new Set(ticked)) };
  const labels = linkLabels(chosen);
  write(
    labels.length ? `${labels.length} link${labels.length === 1 ? '' : 's'}: ${labels.join(', ')}` : 'No links: every mesh stays isolated.',
  );
  if (labels.length)
    write(`Gateways for: ${calledMeshNames(chosen).join(', ')}. Steps to connect them: ${connectionStepTitles(chosen).join(', ')}.`);
  return chosen;
}
