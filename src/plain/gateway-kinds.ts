import type { CrossmeshConfig, GatewayKind } from '../config/types.js';
import { MESH_KEYS } from '../config/types.js';
import { gatewayKindComparison } from '../../steps/gateway-kinds.js';
import { choicesOf, gatewayKindAnswers } from '../render/keymap.js';
import type { Prompter } from './prompter.js';

/**
 * First run without crossmesh.yaml: asks which gateway each mesh gets, after showing what each kind
 * needs and gives. Returns the configuration with the choices, and the lines that keep them.
 */
export async function askGatewayKinds(
  prompter: Prompter,
  config: CrossmeshConfig,
  write: (line: string) => void,
): Promise<{ config: CrossmeshConfig; keep: string[] }> {
  write('Each mesh is reached through a gateway of one of two kinds:');
  for (const line of gatewayKindComparison()) write(`  ${line}`);
  const chosen = structuredClone(config);
  for (const mesh of MESH_KEYS) {
    const m = chosen.meshes[mesh];
    m.gateway.kind = await prompter.choose<GatewayKind>(`Gateway for ${m.name}?`, choicesOf(gatewayKindAnswers()), m.gateway.kind);
  }
  const kong = MESH_KEYS.filter((mesh) => chosen.meshes[mesh].gateway.kind === 'kong');
  const keep = kong.length
    ? [
        'To keep this choice, write it in crossmesh.yaml:',
        'meshes:',
        ...kong.flatMap((mesh) => [`  ${mesh}:`, '    gateway:', '      kind: kong']),
      ]
    : [];
  return { config: chosen, keep };
}
