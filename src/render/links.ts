/**
 * The links between meshes as both front ends offer them: every pair that can be a link, the links
 * after a choice, what a choice means for the step list, and the `links:` block that keeps it.
 * Pure: no React, no Ink.
 */
import { Document, isMap } from 'yaml';
import type { CrossmeshConfig, LinkConfig, MeshConfig } from '../config/types.js';
import { connectionStepIds, linkKey } from '../../steps/connections.js';
import { stepsFor } from '../../steps/index.js';
import { linkLabel } from '../config/model.js';

export { linkKey };

/** A mesh calls others from its clients: a link from a mesh that runs none is refused by crossmesh.yaml. */
export function canCall(mesh: MeshConfig): boolean {
  return mesh.clients.length > 0;
}

/** Every link there can be, row by row as the matrix shows them: each mesh that can call, to each other mesh. */
export function possibleLinks(meshes: readonly MeshConfig[]): LinkConfig[] {
  return meshes.filter(canCall).flatMap((from) => meshes.filter((to) => to.key !== from.key).map((to) => ({ from: from.key, to: to.key })));
}

/**
 * The links after a choice (`chosen` holds linkKey of each): the earlier links that stay, in their
 * order, then the new ones row by row. A choice that changes nothing so gives back the very same
 * list, and the guide's shape, whose order names its steps, stays the guide's.
 */
export function chosenLinks(meshes: readonly MeshConfig[], before: readonly LinkConfig[], chosen: ReadonlySet<string>): LinkConfig[] {
  const kept = before.filter((l) => chosen.has(linkKey(l)));
  const keptKeys = new Set(kept.map(linkKey));
  const added = possibleLinks(meshes).filter((l) => chosen.has(linkKey(l)) && !keptKeys.has(linkKey(l)));
  return [...kept, ...added];
}

export function sameLinks(a: readonly LinkConfig[], b: readonly LinkConfig[]): boolean {
  return a.length === b.length && a.every((l, i) => l.from === b[i]?.from && l.to === b[i]?.to);
}

function namer(config: CrossmeshConfig): (key: string) => string {
  const names = new Map(config.meshes.map((m) => [m.key, m.name]));
  return (key) => names.get(key) ?? key;
}

/** "mesh2 -> mesh1" for each link, with the meshes' names. */
export function linkLabels(config: CrossmeshConfig, links: readonly LinkConfig[] = config.links): string[] {
  return links.map((l) => linkLabel(config, l));
}

/** The meshes that get a gateway (each one a link calls), by name, in the order the step list makes them. */
export function calledMeshNames(config: CrossmeshConfig, links: readonly LinkConfig[] = config.links): string[] {
  const name = namer(config);
  return [...new Set(links.map((l) => l.to))].map(name);
}

/**
 * The titles of the steps that connect the meshes with `config`'s links, in the step list's order,
 * taken from the steps themselves: the guide's shape shows its three steps (its last one makes the
 * second gateway and the second link together), other shapes a gateway before each called mesh's
 * first link, then the link.
 */
export function connectionStepTitles(config: CrossmeshConfig): string[] {
  const ids = connectionStepIds(config);
  const connecting = new Set([...ids.gateway.values(), ...ids.link.values()]);
  return stepsFor(config)
    .filter((s) => connecting.has(s.id))
    .map((s) => s.title);
}

/** Where the `links:` block goes to keep links chosen for one run (crossmesh never rewrites an existing file). */
export function whereToKeepLinks(file: string, exists: boolean): string {
  return exists
    ? `put this in ${file} in place of its links (a version 1 file needs "crossmesh config migrate --write" first)`
    : `put this in a version 2 ${file}`;
}

/** The `links:` block of crossmesh.yaml (version 2) for `links`, with the meshes' names as the file has them. */
export function linksYaml(config: CrossmeshConfig, links: readonly LinkConfig[] = config.links): string[] {
  const name = namer(config);
  const doc = new Document({ links: links.map((l) => ({ from: name(l.from), to: name(l.to) })) });
  links.forEach((_, i) => {
    const node = doc.getIn(['links', i], true);
    if (isMap(node)) node.flow = true;
  });
  return doc.toString({ lineWidth: 0 }).trimEnd().split('\n');
}

/**
 * `head` and then as many of `items` as fit in `width` columns, joined by ", ", and how many more
 * there are: "3 links: a -> b, b -> c, +1 more".
 */
export function fitList(head: string, items: readonly string[], width: number): string {
  let text = head;
  for (const [i, item] of items.entries()) {
    const left = items.length - i - 1;
    const next = `${text}${i ? ', ' : ''}${item}`;
    const tail = left ? `, +${left} more` : '';
    if (next.length + tail.length > width && i > 0) return `${text}, +${items.length - i} more`;
    text = next;
  }
  return text;
}
