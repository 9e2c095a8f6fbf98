import type { CrossmeshConfig, LinkConfig } from '../config/types.js';
import { linkLabel } from '../config/model.js';
import { quote } from '../config/limits.js';
import { isKubeObject, kindOf, nameOf, type Manifest } from '../model/types.js';
import { planFor } from '../../steps/index.js';
import { connectionStepIds, linkKey } from '../../steps/connections.js';
import { stepState, type StepLiveState, type StepStatusRow } from './scan.js';

/** Where an object lives and what it is, whatever step made it: the same object in two plans has the same identity. */
export function objectIdentity(m: Manifest): string {
  const ns = isKubeObject(m.object) ? (m.object.metadata.namespace ?? '') : '';
  return [m.target.tool, m.target.context, kindOf(m.object), ns, nameOf(m.object)].join('|');
}

/**
 * The objects only `link` needs: those the plan has with the link and not without it. That is the
 * link's external services and, when no other link calls the same mesh, that mesh's gateway.
 */
export function linkOnlyIdentities(config: CrossmeshConfig, link: LinkConfig): Set<string> {
  const without = { ...config, links: config.links.filter((l) => !(l.from === link.from && l.to === link.to)) };
  const kept = new Set(
    planFor(without)
      .flatMap((p) => p.manifests)
      .map(objectIdentity),
  );
  return new Set(
    planFor(config)
      .flatMap((p) => p.manifests)
      .map(objectIdentity)
      .filter((id) => !kept.has(id)),
  );
}

/** Reads "FROM:TO" or "FROM->TO" (mesh names as configured, with or without the prefix) as one of the configured links. */
export function parseLink(config: CrossmeshConfig, text: string): LinkConfig | string {
  const parts = text.split(/->|:/).map((s) => s.trim());
  const find = (name: string | undefined) => config.meshes.find((m) => m.key === name || m.name === name);
  const [from, to] = [find(parts[0]), find(parts[1])];
  const links = config.links.map((l) => linkLabel(config, l)).join(', ') || 'none';
  if (parts.length !== 2 || !from || !to)
    return `${quote(text)} does not name a link: write FROM:TO with two of the meshes ${config.meshes.map((m) => m.name).join(', ')}; the links are ${links}`;
  const link = config.links.find((l) => l.from === from.key && l.to === to.key);
  if (!link) return `${from.name} -> ${to.name} is not one of the configured links (${links})`;
  return link;
}

export interface LinkStatus {
  link: LinkConfig;
  label: string;
  state: StepLiveState;
}

/** Each link's state: its own external services with the called mesh's gateway, which the link cannot work without. */
export function linkStatuses(config: CrossmeshConfig, rows: StepStatusRow[]): LinkStatus[] {
  const ids = connectionStepIds(config);
  return config.links.map((link) => {
    const steps = new Set([ids.gateway.get(link.to), ids.link.get(linkKey(link))]);
    // the link's step holds only its own external services; the gateway step only the gateway
    const objects = rows.filter((r) => steps.has(r.step)).flatMap((r) => r.objects);
    return { link, label: linkLabel(config, link), state: stepState(objects) };
  });
}
