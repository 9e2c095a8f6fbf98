// The first run of the wizard as run-tui.tsx chains it, screen by screen: the links chosen on the
// matrix go into the configuration the session is pointed at, and the wizard's step list follows.
import React from 'react';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { LinkMatrix } from '../../components/LinkMatrix.js';
import { Wizard } from '../../components/Wizard.js';
import { WizardStore } from '../../src/tui/store.js';
import { withFirstRunChoices } from '../../src/tui/choices.js';
import { Session } from '../../src/app/session.js';
import { Tools } from '../../src/adapter/tools.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { LinkConfig } from '../../src/config/types.js';
import { KEY, renderAt } from './components/harness.js';

/** The picker's and the gateway screen's answers, then the matrix with `keys`: the links it hands over. */
async function matrix(keys: string[]) {
  const config = withFirstRunChoices(defaultConfig(), {
    contexts: { cluster1: 'east', cluster2: 'west', global: { tool: 'kubectl', context: 'global' } },
    kinds: ['builtin', 'builtin'],
  });
  let links: LinkConfig[] | undefined;
  const m = renderAt(<LinkMatrix config={config} onDone={(l) => (links = l)} />);
  await m.press(...keys, KEY.enter);
  m.unmount();
  return withFirstRunChoices(config, { links: links! });
}

/** The wizard, in a rehearsal, for the picked configuration: its step list as drawn. */
async function wizardSteps(picked: ReturnType<typeof withFirstRunChoices>) {
  const session = await Session.open({
    config: defaultConfig(),
    configFile: join(mkdtempSync(join(tmpdir(), 'crossmesh-first-run-')), 'crossmesh.yaml'),
    configExists: false,
    tools: new Tools(),
    rehearse: true,
    rehearseWhenUnreachable: true,
    verify: true,
    gatewayAddresses: {},
  });
  await session.retarget(picked);
  const store = new WizardStore(session.rehearsal);
  const w = renderAt(<Wizard store={store} config={session.config} onQuit={() => {}} />, { columns: 100, rows: 30 });
  const run = session.engine({ ask: store.ask, emit: store.emit, previewLive: false }).run();
  await w.press();
  const frame = w.lastFrame();
  await w.press('q');
  await run;
  return { frame, ids: session.steps().map((s) => s.id) };
}

describe('first run: the links matrix decides the step list', () => {
  it("Enter on the guide's two links: the guide's nine steps, the reverse one last before the check", async () => {
    const picked = await matrix([]);
    expect(picked.zones.map((z) => z.context)).toEqual(['east', 'west']);
    const { frame, ids } = await wizardSteps(picked);
    expect(frame).toContain('step 1 of 9');
    expect(ids.slice(5)).toEqual(['gateway', 'external-service', 'reverse-matrix', 'verify']);
    expect(frame).toMatch(/7\. mesh2 -> mesh1[\s\S]*8\. mesh1 -> mesh2/);
  });

  it('toggling mesh1 -> mesh2 off drops the reverse step: one gateway and one link step remain', async () => {
    const picked = await matrix([' ']);
    expect(picked.links).toEqual([{ from: 'mesh2', to: 'mesh1' }]);
    const { frame, ids } = await wizardSteps(picked);
    expect(frame).toContain('step 1 of 8');
    expect(ids).not.toContain('reverse-matrix');
    expect(ids.slice(5)).toEqual(['gateway-mesh1', 'link-mesh2-to-mesh1', 'verify']);
    expect(frame).toMatch(/6\. Gateway for mesh1[\s\S]*7\. mesh2 -> mesh1[\s\S]*8\. Connectivity check/);
    expect(frame).not.toContain('mesh1 -> mesh2');
  });

  it('toggling mesh2 -> mesh1 off instead: the gateway of mesh2 and its link', async () => {
    const picked = await matrix([KEY.down, ' ']);
    const { frame, ids } = await wizardSteps(picked);
    expect(ids.slice(5)).toEqual(['gateway-mesh2', 'link-mesh1-to-mesh2', 'verify']);
    expect(frame).toMatch(/6\. Gateway for mesh2[\s\S]*7\. mesh1 -> mesh2/);
  });
});
