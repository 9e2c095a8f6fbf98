import type { CrossmeshConfig } from './types.js';
import { quote } from './limits.js';

/** Room left for the names crossmesh derives from a mesh name (e.g. "gw-to-<mesh>-echo-zone2"). */
export const MAX_PREFIX_CHARS = 20;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `prefix` cannot start names, or undefined when it can. */
export function prefixProblem(prefix: string): string | undefined {
  if (!DNS_LABEL.test(prefix))
    return `${quote(prefix)} cannot start a Kubernetes name: use lower-case letters, digits and '-', starting and ending with a letter or digit`;
  if (prefix.length > MAX_PREFIX_CHARS)
    return `${quote(prefix)} is ${prefix.length} characters long; a prefix has at most ${MAX_PREFIX_CHARS}, so the names made from it stay within Kubernetes' 63`;
  return undefined;
}

/**
 * The configuration with `prefix-` in front of every name crossmesh creates: meshes, namespaces and
 * gateways, and through them every object named after them. Thirty learners with thirty prefixes on
 * one pair of clusters never share an object.
 */
export function withPrefix(config: CrossmeshConfig, prefix: string): CrossmeshConfig {
  const p = (name: string) => `${prefix}-${name}`;
  const out = structuredClone(config);
  out.prefix = prefix;
  for (const m of out.meshes) {
    m.name = p(m.name);
    for (const zone of Object.keys(m.namespaces)) m.namespaces[zone] = p(m.namespaces[zone]!);
    m.gateway.name = p(m.gateway.name);
    if (m.gateway.namespace) m.gateway.namespace = p(m.gateway.namespace);
  }
  return out;
}
