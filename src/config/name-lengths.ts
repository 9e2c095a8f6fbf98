import type { CrossmeshConfig } from './types.js';
import type { ConfigProblem } from './reader.js';
import { withPrefix } from './prefix.js';
import { quote } from './limits.js';
import { meshSettingPath } from './model.js';

/** Kubernetes' limit for a namespace, a Service and a label value. */
const MAX_NAME = 63;

function namespacePath(config: CrossmeshConfig, index: number, zone: string): string {
  const base = meshSettingPath(config, index);
  if (base.startsWith('meshes.')) return `${base}.cluster${config.zones.findIndex((z) => z.name === zone) + 1}Namespace`;
  return `${base}.namespaces.${zone}`;
}

/**
 * Names that would be too long for Kubernetes once the prefix is in front: the mesh (a label
 * value), its namespaces, its gateway (a Service) and a Kong Gateway's namespace. Checked before
 * anything is planned, so a learner with a long prefix hears which name to shorten instead of
 * getting a refusal from the API server halfway through.
 */
export function nameLengthProblems(config: CrossmeshConfig, prefix = config.prefix): ConfigProblem[] {
  const named = prefix ? withPrefix(config, prefix) : config;
  const because = prefix ? ` with the prefix ${quote(`${prefix}-`)}` : '';
  const fix = prefix ? 'use a shorter prefix or name' : 'use a shorter name';
  const out: ConfigProblem[] = [];
  const check = (path: string, what: string, value: string) => {
    if (value.length > MAX_NAME)
      out.push({ path, message: `${what} ${quote(value)}${because} is ${value.length} characters; Kubernetes allows ${MAX_NAME}: ${fix}` });
  };
  named.meshes.forEach((mesh, i) => {
    const path = meshSettingPath(config, i);
    check(`${path}.name`, 'the mesh name', mesh.name);
    for (const [zone, ns] of Object.entries(mesh.namespaces)) check(namespacePath(config, i, zone), 'the namespace', ns);
    check(`${path}.gateway.name`, 'the gateway name', mesh.gateway.name);
    if (mesh.gateway.kind === 'kong')
      check(
        `${path}.gateway.namespace`,
        "the Kong Gateway's namespace",
        mesh.gateway.namespace ?? `${mesh.namespaces[mesh.home] ?? ''}-gateway`,
      );
  });
  return out;
}
