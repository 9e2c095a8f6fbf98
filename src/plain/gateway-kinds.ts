import type { CrossmeshConfig, GatewayKind } from '../config/types.js';
import { gatewayKindComparison } from '../../steps/gateway-kinds.js';
import { choicesOf, gatewayKindAnswers } from '../render/keymap.js';
import type { Prompter } from './prompter.js';

/**
 * First run without crossmesh.yaml: asks which gateway each mesh gets, after showing what each kind
 * needs and gives. Returns the configuration with the choices.
 */
export async function askGatewayKinds(
  prompter: Prompter,
  config: CrossmeshConfig,
  write: (line: string) => void,
): Promise<CrossmeshConfig> {
  write('Each mesh is reached through a gateway of one of two kinds:');
  for (const line of gatewayKindComparison()) write(`  ${line}`);
  const meshes = [];
  for (const mesh of config.meshes) {
    const kind = await prompter.choose<GatewayKind>(`Gateway for ${mesh.name}?`, choicesOf(gatewayKindAnswers()), mesh.gateway.kind);
    meshes.push({ ...mesh, gateway: { ...mesh.gateway, kind } });
  }
  return { ...config, meshes };
}
