import React from 'react';
import { describe, it, expect, vi } from 'vitest';
import { Wizard } from '../../../components/Wizard.js';
import { WizardStore } from '../../../src/tui/store.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { buildPlan, planContext, manifestYaml } from '../../../src/model/plan.js';
import { stepById } from '../../../steps/index.js';
import type { PreviewItem, Question } from '../../../src/engine/events.js';
import { DUMB, KEY, UNICODE_MARK, linesOf, renderAt, widest } from './harness.js';

const STEPS = [
  { id: 'prerequisites' as const, title: 'Prerequisites' },
  { id: 'namespaces' as const, title: 'Namespaces' },
  { id: 'mtls' as const, title: 'Meshes with mTLS' },
];

function items(stepId: string): PreviewItem[] {
  return buildPlan(planContext(defaultConfig()), [stepById(stepId)!])[0]!.manifests.map((m) => ({
    manifest: m,
    yaml: manifestYaml(m),
    command: `kubectl --context ${m.target.context} apply -f -`,
    target: m.target,
  }));
}

/** The wizard on an 80x24 terminal at the namespaces step (step 2 of 3), after the prerequisites passed. */
async function wizard(o: { rehearsal?: boolean; config?: boolean; env?: NodeJS.ProcessEnv; columns?: number; rows?: number } = {}) {
  const store = new WizardStore(o.rehearsal ?? false);
  const onQuit = vi.fn();
  const r = renderAt(<Wizard store={store} onQuit={onQuit} {...(o.config === false ? {} : { config: defaultConfig() })} />, {
    env: o.env ?? {},
    columns: o.columns ?? 80,
    rows: o.rows ?? 24,
  });
  store.emit({ type: 'run-start', rehearsal: o.rehearsal ?? false, steps: STEPS, firstStep: 'prerequisites' });
  store.emit({ type: 'step-start', step: 'prerequisites', index: 0, total: 3 });
  store.emit({ type: 'step-end', step: 'prerequisites', outcome: 'checked' });
  store.emit({ type: 'step-start', step: 'namespaces', index: 1, total: 3 });
  store.emit({ type: 'preview', step: 'namespaces', items: items('namespaces') });
  await r.press();
  /** asks, and waits for the question to be drawn; `answer` settles once a key answers it */
  const ask = async <Q extends Question>(q: Q) => {
    const answer = store.ask(q);
    await r.press();
    return { answer };
  };
  const stepQuestion = (canGoBack = true) => ask({ kind: 'step', step: 'namespaces', canGoBack, rehearsal: o.rehearsal ?? false });
  /** the key line: the last lines, below the empty line that sets them apart (wrapped lines joined again) */
  const keyLine = () => {
    const lines = linesOf(r.lastFrame());
    while (lines.length && !lines.at(-1)) lines.pop();
    return lines.slice(lines.lastIndexOf('') + 1).join(' ');
  };
  return { ...r, store, onQuit, ask, stepQuestion, keyLine };
}

describe('Wizard at 80x24', () => {
  it('keeps the header on the first line and the keys on the last, within 80 columns and 24 rows', async () => {
    const w = await wizard();
    await w.stepQuestion();
    const lines = linesOf(w.lastFrame());
    expect(lines[0]).toBe('crossmesh  step 2 of 3');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(widest(w.lastFrame())).toBeLessThanOrEqual(80);
    expect(w.keyLine()).toBe('a apply  s skip  b back  d diff with live  e explain  q quit  m map  l all details');
    expect(lines.at(-1)).toBe('details'); // the key line wraps at 80 columns, and stays on screen
  });

  it('in a rehearsal says so, offers "next" and no diff', async () => {
    const w = await wizard({ rehearsal: true });
    await w.stepQuestion(false);
    expect(w.lastFrame()).toContain('REHEARSAL: nothing is applied');
    expect(w.keyLine()).toContain('a next (nothing is applied)');
    expect(w.keyLine()).not.toContain('diff');
    expect(w.keyLine()).not.toContain('b back');
  });
});

describe('Wizard keys on a step', () => {
  it.each([
    ['a', 'apply'],
    [KEY.enter, 'apply'],
    ['s', 'skip'],
    ['b', 'back'],
    ['d', 'diff'],
    ['q', 'quit'],
  ])('%j answers %s', async (key, answer) => {
    const w = await wizard();
    const { answer: asked } = await w.stepQuestion();
    await w.press(key);
    expect(await asked).toBe(answer);
  });

  it('b does nothing on the first step, d nothing in a rehearsal, and other keys nothing at all', async () => {
    const w = await wizard({ rehearsal: true });
    const { answer: asked } = await w.stepQuestion(false);
    let answered = false;
    void asked.then(() => (answered = true));
    await w.press('b', 'd', 'x', 'A', KEY.ctrlA, KEY.esc);
    expect(answered).toBe(false);
    await w.press('s');
    expect(await asked).toBe('skip');
  });

  it('←/→ (and Tab) go through the manifests, ↑/↓ scroll the YAML', async () => {
    const w = await wizard();
    await w.stepQuestion();
    expect(w.lastFrame()).toContain('Manifest 1/4: Namespace c1m1');
    await w.press(KEY.right);
    expect(w.lastFrame()).toContain('Manifest 2/4: Namespace c2m1');
    await w.press(KEY.tab);
    expect(w.lastFrame()).toContain('Manifest 3/4');
    await w.press(KEY.left, KEY.left, KEY.left);
    expect(w.lastFrame()).toContain('Manifest 1/4');
    await w.press(KEY.down, KEY.down);
    expect(w.lastFrame()).toContain('↑ 2 more lines');
    await w.press(KEY.up);
    expect(w.lastFrame()).toContain('↑ 1 more line');
  });

  it('e opens and closes the explanation, and the key line says which', async () => {
    const w = await wizard();
    await w.stepQuestion();
    await w.press('e');
    expect(w.lastFrame()).toContain('The idea');
    expect(w.keyLine()).toContain('e hide explanation');
    await w.press('e');
    expect(w.lastFrame()).not.toContain('The idea');
    expect(w.keyLine()).toContain('e explain');
  });

  it('m shows the map and hides it again; without a configuration there is no map key', async () => {
    const w = await wizard();
    await w.stepQuestion();
    await w.press('m');
    expect(w.lastFrame()).toContain('Cluster 1');
    expect(w.keyLine()).toContain('m hide map');
    expect(widest(w.lastFrame())).toBeLessThanOrEqual(80);
    await w.press('m');
    expect(w.lastFrame()).toContain('Manifest 1/4');
    w.unmount();
    const bare = await wizard({ config: false });
    await bare.stepQuestion();
    expect(bare.keyLine()).not.toContain('map');
  });

  it('l opens the details page, which has its own keys: ↓ and PgDn scroll, Esc or l closes, q still quits', async () => {
    const w = await wizard();
    const { answer: asked } = await w.stepQuestion();
    await w.press('l');
    expect(w.lastFrame()).toMatch(/Details: lines 1-/);
    expect(w.keyLine()).toBe('↑/↓ PgUp/PgDn scroll  l/Esc back');
    await w.press(KEY.down);
    expect(w.lastFrame()).toMatch(/Details: lines 2-/);
    await w.press(KEY.up, 'a', 's');
    expect(w.lastFrame()).toMatch(/Details: lines 1-/);
    await w.press(KEY.esc);
    expect(w.lastFrame()).toContain('Manifest 1/4');
    await w.press('l', 'l');
    expect(w.lastFrame()).toContain('Manifest 1/4');
    await w.press('l', 'q');
    expect(await asked).toBe('quit');
  });
});

describe('Wizard keys on other questions', () => {
  it('after a failure: r retries, s skips the step, q quits', async () => {
    for (const [key, answer] of [
      ['r', 'retry'],
      ['s', 'skip'],
      ['q', 'quit'],
    ] as const) {
      const w = await wizard();
      w.store.emit({ type: 'failure', step: 'namespaces', phase: 'apply', command: 'kubectl apply', message: 'refused', hint: 'a hint' });
      const { answer: asked } = await w.ask({ kind: 'failure', step: 'namespaces', phase: 'apply', message: 'refused' });
      expect(w.keyLine()).toContain('r retry  s skip step  q quit');
      await w.press(key);
      expect(await asked).toBe(answer);
      w.unmount();
    }
  });

  it('a moved context: y rebinds, n and q refuse', async () => {
    for (const [key, answer] of [
      ['y', 'rebind'],
      ['n', 'refuse'],
      ['q', 'refuse'],
    ] as const) {
      const w = await wizard();
      const { answer: asked } = await w.ask({ kind: 'rebind', step: 'prerequisites', context: 'c2', message: 'moved' });
      expect(w.keyLine()).toContain('y yes, it is the new cluster  n no, stop');
      await w.press(key);
      expect(await asked).toBe(answer);
      w.unmount();
    }
  });

  it('while waiting on the clusters, only q answers', async () => {
    const w = await wizard();
    const { answer: asked } = await w.ask({ kind: 'wait', step: 'mtls', label: 'waiting' });
    expect(w.keyLine()).toContain('q stop waiting and quit');
    let answered = false;
    void asked.then(() => (answered = true));
    await w.press('a', 's', KEY.enter);
    expect(answered).toBe(false);
    await w.press('q');
    expect(await asked).toBe('quit');
  });

  it('a gateway address: t opens a prompt whose keys the key line shows, Esc closes it, Enter answers with the address', async () => {
    const w = await wizard();
    const { answer: asked } = await w.ask({
      kind: 'gateway-address',
      step: 'namespaces',
      mesh: 'mesh1',
      meshName: 'mesh1',
      timedOut: false,
    });
    expect(w.keyLine()).toContain('t type an address  q quit');
    expect(w.keyLine()).not.toContain('s skip step');
    await w.press('t');
    expect(w.lastFrame()).toContain("Address of mesh1's gateway:");
    expect(w.keyLine()).toBe('Enter use this address  Esc cancel');
    // typing q or l types them: the prompt has the keys
    await w.press('q', 'l', KEY.esc);
    await w.press();
    expect(w.lastFrame()).not.toContain("Address of mesh1's gateway:");
    expect(w.keyLine()).toContain('t type an address');
    await w.press('t', '198.51.100.7', KEY.enter);
    expect(await asked).toEqual({ address: '198.51.100.7' });
  });

  it('a gateway address after the wait ran out: s skips the step', async () => {
    const w = await wizard();
    const { answer: asked } = await w.ask({
      kind: 'gateway-address',
      step: 'namespaces',
      mesh: 'mesh1',
      meshName: 'mesh1',
      timedOut: true,
    });
    expect(w.keyLine()).toContain('t type an address  s skip step  q quit');
    await w.press('s');
    expect(await asked).toBe('skip');
  });

  it('once finished, Enter (or q, or Esc) closes the screen; after a quit no "Enter exit" is offered', async () => {
    const w = await wizard();
    w.store.emit({ type: 'run-end', ok: true, message: 'Every step is done.' });
    await w.press();
    expect(w.keyLine()).toContain('Enter exit');
    await w.press(KEY.enter);
    expect(w.onQuit).toHaveBeenCalledTimes(1);
    w.unmount();
    const q = await wizard();
    q.store.emit({ type: 'run-end', ok: false, quit: true, message: 'Stopped.' });
    await q.press();
    expect(q.keyLine()).not.toContain('Enter exit');
    await q.press('q');
    expect(q.onQuit).toHaveBeenCalledTimes(1);
  });
});

describe('Wizard on a dumb terminal', () => {
  it('draws the step list, log and checks with ASCII marks', async () => {
    const w = await wizard({ env: DUMB });
    w.store.emit({ type: 'activity', step: 'namespaces', label: 'apply 4 objects', status: 'ok' });
    w.store.emit({ type: 'checks', step: 'namespaces', results: [{ status: 'warn', label: 'pods not ready yet' }] });
    await w.press();
    const frame = w.lastFrame();
    expect(frame).toMatch(/\[ok\] 1\. Prerequisites/);
    expect(frame).toMatch(/> {4}2\. Namespaces/);
    expect(frame).toContain('[ok] apply 4 objects');
    expect(frame).toContain('[!] pods not ready yet');
    expect(frame).toContain('(Left/Right');
    expect(frame).not.toMatch(UNICODE_MARK);
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });

  it('names the arrow keys in words on the details page', async () => {
    const w = await wizard({ env: DUMB });
    await w.stepQuestion();
    await w.press('l');
    expect(w.keyLine()).toBe('Up/Down PgUp/PgDn scroll  l/Esc back');
  });
});
