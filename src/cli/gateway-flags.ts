import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { MESH_KEYS } from '../config/types.js';
import { isAddress } from '../config/validate.js';
import { UsageError } from './args.js';

/** Parses repeated --gateway-address MESH=ADDRESS; MESH is mesh1/mesh2 or the configured mesh name. */
export function parseGatewayAddresses(values: string[], config: CrossmeshConfig): Partial<Record<MeshKey, string>> {
  const out: Partial<Record<MeshKey, string>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const mesh = eq > 0 ? value.slice(0, eq) : '';
    const address = eq > 0 ? value.slice(eq + 1) : '';
    const key = MESH_KEYS.find((k) => k === mesh || config.meshes[k].name === mesh);
    if (!key) throw new UsageError(`--gateway-address ${JSON.stringify(value)}: write MESH=ADDRESS where MESH is ${config.meshes.mesh1.name} or ${config.meshes.mesh2.name}`);
    if (!isAddress(address)) throw new UsageError(`--gateway-address ${JSON.stringify(value)}: ${JSON.stringify(address)} is not an IP address or DNS name (leave out any scheme, port or path)`);
    out[key] = address;
  }
  return out;
}
