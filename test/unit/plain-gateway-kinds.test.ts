import { describe, it, expect } from 'vitest';
import { askGatewayKinds } from '../../src/plain/gateway-kinds.js';
import { askFirstRunChoices } from '../../src/plain/first-run.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { parseConfigText } from '../../src/config/file.js';
import { typing } from './plain-fake-prompter.js';

const kinds = (c: ReturnType<typeof defaultConfig>) => c.meshes.map((m) => m.gateway.kind);

describe('plain front end, first run: the gateway of each mesh', () => {
  it('shows the comparison and asks for every mesh of the configuration, in its order', async () => {
    const lines: string[] = [];
    const prompter = typing(['k', 'b']);
    const config = await askGatewayKinds(prompter, defaultConfig(), (l) => lines.push(l));
    expect(prompter.asked).toEqual(['Gateway for mesh1?', 'Gateway for mesh2?']);
    expect(lines.join('\n')).toMatch(
      /builtin: Kuma's built-in gateway[\s\S]*Kuma 3\.0: removed[\s\S]*kong: Kong Gateway run by Kong Operator[\s\S]*Kuma 3\.0: kept/,
    );
    expect(kinds(config)).toEqual(['kong', 'builtin']);
  });

  it('asks as many times as there are meshes', async () => {
    const base = defaultConfig();
    const third = { ...base.meshes[1]!, key: 'mesh3', name: 'mesh3', namespaces: { zone1: 'c1m3', zone2: 'c2m3' } };
    const prompter = typing(['b', 'b', 'k']);
    const config = await askGatewayKinds(prompter, { ...base, meshes: [...base.meshes, third] }, () => {});
    expect(prompter.asked).toEqual(['Gateway for mesh1?', 'Gateway for mesh2?', 'Gateway for mesh3?']);
    expect(kinds(config)).toEqual(['builtin', 'builtin', 'kong']);
  });

  it("Enter everywhere keeps the built-in gateways and the guide's links, and nothing needs writing down", async () => {
    const { config, keep } = await askFirstRunChoices(typing(), defaultConfig(), () => {}, { file: 'crossmesh.yaml' });
    expect(kinds(config)).toEqual(['builtin', 'builtin']);
    expect(config.links).toEqual(defaultConfig().links);
    expect(keep).toEqual([]);
  });

  it('a Kong choice is kept by the whole version 2 file, which reads back as the choices', async () => {
    const { config, keep } = await askFirstRunChoices(typing(['k']), defaultConfig(), () => {}, { file: 'crossmesh.yaml' });
    expect(keep[0]).toBe("To keep these choices, save this as crossmesh.yaml, with your zones' contexts:");
    const file = keep.slice(1).join('\n');
    expect(file).toMatch(/^version: 2$/m);
    expect(parseConfigText(file)).toEqual(config);
  });
});
