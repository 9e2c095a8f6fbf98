import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { addressProblem } from '../config/validate.js';
import { quote } from '../config/limits.js';
import { UsageError } from './args.js';

/**
 * Parses repeated --gateway-address MESH=ADDRESS; MESH is a mesh's configured name (with or without the
 * prefix), or meshN for the N-th mesh, as version 1 files called them.
 */
export function parseGatewayAddresses(values: string[], config: CrossmeshConfig): Partial<Record<MeshKey, string>> {
  const out: Partial<Record<MeshKey, string>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const mesh = eq > 0 ? value.slice(0, eq) : '';
    const address = eq > 0 ? value.slice(eq + 1) : '';
    const key = (config.meshes.find((m) => m.key === mesh || m.name === mesh) ?? config.meshes.find((_, i) => mesh === `mesh${i + 1}`))
      ?.key;
    if (!key)
      throw new UsageError(
        `--gateway-address ${quote(value)}: write MESH=ADDRESS where MESH is ${config.meshes.map((m) => m.name).join(' or ')}`,
      );
    const problem = addressProblem(address);
    if (problem) throw new UsageError(`--gateway-address ${quote(value)}: ${problem}`);
    out[key] = address;
  }
  return out;
}
