import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { MESH_KEYS } from '../config/types.js';
import { addressProblem } from '../config/validate.js';
import { quote } from '../config/limits.js';
import { UsageError } from './args.js';

/** Parses repeated --gateway-address MESH=ADDRESS; MESH is mesh1/mesh2 or the configured mesh name. */
export function parseGatewayAddresses(values: string[], config: CrossmeshConfig): Partial<Record<MeshKey, string>> {
  const out: Partial<Record<MeshKey, string>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const mesh = eq > 0 ? value.slice(0, eq) : '';
    const address = eq > 0 ? value.slice(eq + 1) : '';
    const key = MESH_KEYS.find((k) => k === mesh || config.meshes[k].name === mesh);
    if (!key)
      throw new UsageError(
        `--gateway-address ${quote(value)}: write MESH=ADDRESS where MESH is ${config.meshes.mesh1.name} or ${config.meshes.mesh2.name}`,
      );
    const problem = addressProblem(address);
    if (problem) throw new UsageError(`--gateway-address ${quote(value)}: ${problem}`);
    out[key] = address;
  }
  return out;
}
