import { describe, it, expect } from 'vitest';
import { askLinks } from '../../src/plain/links.js';
import { askFirstRunChoices, askLinksForThisRun } from '../../src/plain/first-run.js';
import { LinePrompter } from '../../src/plain/prompter.js';
import { PassThrough } from 'node:stream';
import { defaultConfig } from '../../src/config/defaults.js';
import { parseConfigText } from '../../src/config/file.js';
import { stepsFor } from '../../steps/index.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import { typing } from './plain-fake-prompter.js';

/** The guide's two meshes and their two links, and a third mesh at home in zone 1 with clients in zone 2. */
function threeMeshes(): CrossmeshConfig {
  const base = defaultConfig();
  const third = {
    ...base.meshes[1]!,
    key: 'mesh3',
    name: 'mesh3',
    gateway: { ...base.meshes[1]!.gateway, name: 'mesh3-gateway' },
    namespaces: { zone1: 'c1m3', zone2: 'c2m3' },
  };
  return { ...base, meshes: [...base.meshes, third] };
}

describe('plain front end: the links as a list', () => {
  it("offers every ordered pair, the configuration's links ticked", async () => {
    const prompter = typing();
    const lines: string[] = [];
    const config = await askLinks(prompter, threeMeshes(), (l) => lines.push(l));
    expect(prompter.asked).toEqual(['Which mesh may call which?']);
    expect(prompter.offered[0]!.map((c) => `${c.checked ? 'x' : ' '} ${c.label}`)).toEqual([
      'x mesh1 -> mesh2',
      '  mesh1 -> mesh3',
      'x mesh2 -> mesh1',
      '  mesh2 -> mesh3',
      '  mesh3 -> mesh1',
      '  mesh3 -> mesh2',
    ]);
    // nothing changed: the links, and their order, are the configuration's
    expect(config.links).toEqual(threeMeshes().links);
    expect(lines.join('\n')).toContain("lets mesh A call mesh B through B's gateway");
  });

  it('keeps the links that stay in their order and appends new ones in the order of the list', async () => {
    const config = await askLinks(typing([], [['mesh3 -> mesh2', 'mesh1 -> mesh3', 'mesh1 -> mesh2']]), defaultConfig(), () => {});
    expect(config.links).toEqual([{ from: 'mesh1', to: 'mesh2' }]);
    const three = await askLinks(typing([], [['mesh3 -> mesh2', 'mesh1 -> mesh3', 'mesh2 -> mesh1']]), threeMeshes(), () => {});
    expect(three.links).toEqual([
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh3' },
      { from: 'mesh3', to: 'mesh2' },
    ]);
  });

  it('a mesh that runs no clients is offered as a caller, but cannot be ticked', async () => {
    const base = threeMeshes();
    const prompter = typing();
    await askLinks(prompter, { ...base, meshes: base.meshes.map((m) => (m.key === 'mesh3' ? { ...m, clients: [] } : m)) }, () => {});
    expect(prompter.offered[0]!.filter((c) => c.disabled).map((c) => c.label)).toEqual(['mesh3 -> mesh1', 'mesh3 -> mesh2']);
  });

  it('says what the choice means: the links, the gateways and the steps that connect them', async () => {
    const lines: string[] = [];
    await askLinks(typing([], [['mesh1 -> mesh2']]), defaultConfig(), (l) => lines.push(l));
    expect(lines.slice(-2)).toEqual([
      '1 link: mesh1 -> mesh2',
      'Gateways for: mesh2. Steps to connect them: Gateway for mesh2, mesh1 -> mesh2.',
    ]);
    const none: string[] = [];
    await askLinks(typing([], [[]]), defaultConfig(), (l) => none.push(l));
    expect(none.at(-1)).toBe('No links: every mesh stays isolated.');
  });

  it('on the first run, after the gateway question: unticking mesh1 -> mesh2 drops the reverse step from the plan', async () => {
    const prompter = typing([], [['mesh2 -> mesh1']]);
    const { config, keep } = await askFirstRunChoices(prompter, defaultConfig(), () => {}, { file: 'crossmesh.yaml' });
    expect(prompter.asked).toEqual(['Gateway for mesh1?', 'Gateway for mesh2?', 'Which mesh may call which?']);
    const ids = stepsFor(config).map((s) => s.id);
    expect(ids).not.toContain('reverse-matrix');
    expect(ids).toEqual(expect.arrayContaining(['gateway-mesh1', 'link-mesh2-to-mesh1']));
    expect(parseConfigText(keep.slice(1).join('\n')).links).toEqual([{ from: 'mesh2', to: 'mesh1' }]);
  });

  it('--edit-links with a crossmesh.yaml: the links block to paste, nothing when unchanged', async () => {
    const same = await askLinksForThisRun(typing(), defaultConfig(), () => {}, { file: 'crossmesh.yaml', exists: true });
    expect(same.keep).toEqual([]);
    const { config, keep } = await askLinksForThisRun(typing([], [['mesh1 -> mesh2']]), defaultConfig(), () => {}, {
      file: 'crossmesh.yaml',
      exists: true,
    });
    expect(config.links).toEqual([{ from: 'mesh1', to: 'mesh2' }]);
    expect(keep).toEqual([
      'These links are for this run only; to keep them, put this in crossmesh.yaml in place of its links (a version 1 file needs "crossmesh config migrate --write" first):',
      'links:',
      '  - { from: mesh1, to: mesh2 }',
    ]);
  });
});

describe('LinePrompter checkbox (answers piped in)', () => {
  const ask = async (answers: string) => {
    const input = new PassThrough();
    let out = '';
    const prompter = new LinePrompter(input, (t) => (out += t));
    input.end(answers);
    const choices = [
      { label: 'a -> b', value: 'ab', checked: true },
      { label: 'b -> a', value: 'ba', checked: false },
      { label: 'c -> a', value: 'ca', checked: false, disabled: 'c runs no clients' },
    ];
    try {
      return { value: await prompter.checkbox('Which mesh may call which?', choices), out };
    } finally {
      prompter.close();
    }
  };

  it('lists the choices numbered, with their ticks, and takes the numbers to tick', async () => {
    const r = await ask('2\n');
    expect(r.value).toEqual(['ba']);
    expect(r.out).toContain('  1. [x] a -> b\n  2. [ ] b -> a\n  3. [ ] c -> a (c runs no clients)\n');
    expect(r.out).toContain('? Which mesh may call which? (numbers to tick, "none" for none; default 1): 2');
  });

  it('Enter keeps the ticks, "none" clears them, and a number that cannot be ticked is asked again', async () => {
    expect((await ask('\n')).value).toEqual(['ab']);
    expect((await ask('none\n')).value).toEqual([]);
    const r = await ask('3 x\n1, 2\n');
    expect(r.out).toContain('cannot tick 3, x: give numbers from the list above');
    expect(r.value).toEqual(['ab', 'ba']);
  });
});
