import { describe, it, expect } from 'vitest';
import { askGatewayKinds } from '../../src/plain/gateway-kinds.js';
import type { Choice, Prompter } from '../../src/plain/prompter.js';
import { defaultConfig } from '../../src/config/defaults.js';

/** Answers each question with the next key, as a person typing at the prompt would. */
function typing(keys: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    choose: async <T extends string>(message: string, choices: Array<Choice<T>>, fallback: T) => {
      asked.push(message);
      const key = keys.shift();
      return choices.find((c) => c.key === key)?.value ?? fallback;
    },
    text: async () => '',
    close: () => {},
  };
}

describe('plain front end, first run: the gateway of each mesh', () => {
  it('shows the comparison, asks per mesh, and says how to keep a Kong choice', async () => {
    const lines: string[] = [];
    const prompter = typing(['k', 'b']);
    const { config, keep } = await askGatewayKinds(prompter, defaultConfig(), (l) => lines.push(l));
    expect(prompter.asked).toEqual(['Gateway for mesh1?', 'Gateway for mesh2?']);
    expect(lines.join('\n')).toMatch(
      /builtin: Kuma's built-in gateway[\s\S]*Kuma 3\.0: removed[\s\S]*kong: Kong Gateway run by Kong Operator[\s\S]*Kuma 3\.0: kept/,
    );
    expect([config.meshes.mesh1.gateway.kind, config.meshes.mesh2.gateway.kind]).toEqual(['kong', 'builtin']);
    expect(keep).toEqual(['To keep this choice, write it in crossmesh.yaml:', 'meshes:', '  mesh1:', '    gateway:', '      kind: kong']);
  });

  it('Enter keeps the built-in gateway, and nothing needs writing down', async () => {
    const { config, keep } = await askGatewayKinds(typing([]), defaultConfig(), () => {});
    expect([config.meshes.mesh1.gateway.kind, config.meshes.mesh2.gateway.kind]).toEqual(['builtin', 'builtin']);
    expect(keep).toEqual([]);
  });
});
