import { PassThrough } from 'node:stream';
import { describe, it, expect, expectTypeOf } from 'vitest';
import {
  actionFor,
  choicesOf,
  detailsKeys,
  failureAnswers,
  finishedKeys,
  gatewayAnswers,
  keyHintText,
  keyHints,
  keyName,
  linkMatrixKeys,
  pickerKeys,
  pressedKey,
  rebindAnswers,
  resumeAnswers,
  screenKeys,
  stepAnswers,
  stepKeys,
  textKeys,
  waitAnswers,
  type FailureAction,
  type GatewayAction,
  type KeyFlags,
  type RebindAction,
  type StepAction,
  type StepQuestion,
  type WaitAction,
} from '../../src/render/keymap.js';
import type { Answer, FailureDecision, Question, StepDecision } from '../../src/engine/events.js';
import { promptingAsker } from '../../src/plain/askers.js';
import { LinePrompter } from '../../src/plain/prompter.js';

const NONE: KeyFlags = {
  return: false,
  escape: false,
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageUp: false,
  pageDown: false,
  tab: false,
  ctrl: false,
  meta: false,
};
const step = (o: Partial<StepQuestion> = {}): StepQuestion => ({ step: 'namespaces', canGoBack: true, rehearsal: false, ...o });

describe('the keymap', () => {
  it("answers exactly what the engine's questions take", () => {
    expectTypeOf<StepAction>().toEqualTypeOf<StepDecision>();
    expectTypeOf<FailureAction>().toEqualTypeOf<FailureDecision>();
    expectTypeOf<RebindAction>().toEqualTypeOf<Answer<Extract<Question, { kind: 'rebind' }>>>();
    expectTypeOf<WaitAction>().toEqualTypeOf<Answer<Extract<Question, { kind: 'wait' }>>>();
    // 'type' opens the address prompt, whose answer is the address
    expectTypeOf<Exclude<GatewayAction, 'type'> | { address: string }>().toEqualTypeOf<
      Answer<Extract<Question, { kind: 'gateway-address' }>>
    >();
  });

  it('labels "apply" by what it does on the step', () => {
    const label = (o: Partial<StepQuestion>) => stepAnswers(step(o))[0]!.label;
    expect(label({})).toBe('apply');
    expect(label({ rehearsal: true })).toBe('next (nothing is applied)');
    expect(label({ step: 'prerequisites' })).toBe('run the checks');
    expect(label({ step: 'verify' })).toBe('run the check');
    expect(label({ drifted: 2 })).toBe('apply, overwriting 2 changed');
  });

  it('offers back only after the first step and diff only against real clusters', () => {
    const keys = (o: Partial<StepQuestion>) => stepAnswers(step(o)).map((b) => b.key);
    expect(keys({})).toEqual(['a', 's', 'b', 'd', 'q']);
    expect(keys({ canGoBack: false })).toEqual(['a', 's', 'd', 'q']);
    expect(keys({ rehearsal: true })).toEqual(['a', 's', 'b', 'q']);
  });

  it("gives the wizard's step keys the same answers, with the explanation before quit and the view keys hidden", () => {
    const wizard = stepKeys(step(), { expanded: false });
    expect(keyHints(wizard)).toEqual([
      { key: 'a', label: 'apply' },
      { key: 's', label: 'skip' },
      { key: 'b', label: 'back' },
      { key: 'd', label: 'diff with live' },
      { key: 'e', label: 'explain' },
      { key: 'q', label: 'quit' },
    ]);
    for (const b of stepAnswers(step())) expect(actionFor(wizard, b.key)).toBe(b.action);
    expect(actionFor(wizard, 'enter')).toBe('apply');
    expect(actionFor(wizard, 'tab')).toBe('next-manifest');
    expect(actionFor(wizard, 'left')).toBe('previous-manifest');
    expect(keyHints(stepKeys(step(), { expanded: true })).find((h) => h.key === 'e')?.label).toBe('hide explanation');
  });

  it('turns key presses into the names the bindings use', () => {
    expect(pressedKey('a', NONE)).toBe('a');
    expect(pressedKey('\r', { ...NONE, return: true })).toBe('enter');
    expect(pressedKey('', { ...NONE, escape: true, meta: true })).toBe('escape');
    expect(pressedKey('', { ...NONE, upArrow: true, meta: true })).toBe('up');
    expect(pressedKey('', { ...NONE, pageDown: true })).toBe('pagedown');
    expect(pressedKey(' ', NONE)).toBe('space');
    expect(pressedKey('', { ...NONE, tab: true })).toBe('tab');
    // Ctrl-A, Alt-A and pasted text are no key of any binding
    expect(pressedKey('a', { ...NONE, ctrl: true })).toBeUndefined();
    expect(pressedKey('a', { ...NONE, meta: true })).toBeUndefined();
    expect(pressedKey('aaa', NONE)).toBeUndefined();
    expect(actionFor(failureAnswers(), undefined)).toBeUndefined();
  });

  it('names keys for the key line, in words on a dumb terminal', () => {
    expect(keyHintText(detailsKeys())).toBe('↑/↓ PgUp/PgDn scroll  l/Esc back');
    expect(keyHintText(detailsKeys(), true)).toBe('Up/Down PgUp/PgDn scroll  l/Esc back');
    expect(keyHintText(pickerKeys())).toBe('↑/↓ choose  Enter pick  Ctrl-C quit');
    expect(keyHintText(resumeAnswers('continue at mtls'))).toBe('Enter continue at mtls  r start from the first step  q quit');
    expect(keyHintText(textKeys('use this address'))).toBe('Enter use this address  Esc cancel');
    expect(keyName('left')).toBe('←');
    expect(keyName('left', true)).toBe('Left');
    expect(keyName('x', true)).toBe('x');
  });

  it('has the keys of every other screen', () => {
    expect(keyHintText(failureAnswers())).toBe('r retry  s skip step  q quit');
    expect(keyHintText(rebindAnswers())).toBe('y yes, it is the new cluster  n no, stop');
    expect(actionFor(rebindAnswers(), 'q')).toBe('refuse');
    expect(keyHintText(gatewayAnswers({ timedOut: false }))).toBe('t type an address  q quit');
    expect(keyHintText(gatewayAnswers({ timedOut: true }))).toBe('t type an address  s skip step  q quit');
    expect(keyHintText(waitAnswers())).toBe('q stop waiting and quit');
    expect(keyHintText(screenKeys({ map: undefined }))).toBe('l all details');
    expect(keyHintText(screenKeys({ map: true }))).toBe('m hide map  l all details');
    expect(keyHintText(finishedKeys({ quit: false }))).toBe('Enter exit');
    expect(keyHintText(finishedKeys({ quit: true }))).toBe('');
    expect(actionFor(finishedKeys({ quit: true }), 'q')).toBe('exit');
    expect(actionFor(resumeAnswers('x'), 'enter')).toBe('continue');
  });

  it('has the keys of the links matrix: arrows, Space, a and n, Enter, and Esc or q to leave it unchanged', () => {
    const keys = linkMatrixKeys();
    expect(keyHintText(keys)).toBe('↑/↓/←/→ move  Space toggle  a all  n none  Enter done  Esc/q leave unchanged');
    expect(keyHintText(keys, true)).toBe('Up/Down/Left/Right move  Space toggle  a all  n none  Enter done  Esc/q leave unchanged');
    expect(['up', 'down', 'left', 'right', 'space', 'a', 'n', 'enter', 'escape', 'q'].map((k) => actionFor(keys, k))).toEqual([
      'up',
      'down',
      'left',
      'right',
      'toggle',
      'all',
      'none',
      'confirm',
      'leave',
      'leave',
    ]);
  });

  it('uses only keys a plain prompt can take for the answers it offers there (a letter, not h)', () => {
    const plain = [
      ...stepAnswers(step()),
      ...stepAnswers(step({ rehearsal: true })),
      ...failureAnswers(),
      ...rebindAnswers(),
      ...resumeAnswers('continue'),
    ];
    for (const b of plain) expect(b.key).toMatch(/^[a-gi-z0-9]$/);
    expect(choicesOf(failureAnswers())).toEqual([
      { key: 'r', label: 'retry', value: 'retry' },
      { key: 's', label: 'skip step', value: 'skip' },
      { key: 'q', label: 'quit', value: 'quit' },
    ]);
  });
});

describe('the plain front end asks with the keymap', () => {
  function plain(answers: string) {
    const input = new PassThrough();
    let out = '';
    const prompter = new LinePrompter(input, (t) => (out += t));
    input.end(answers);
    return { ask: promptingAsker(prompter, { rebind: false }), out: () => out, close: () => prompter.close() };
  }

  it('offers the step answers of the keymap and takes one by its key', async () => {
    const p = plain('d\n');
    expect(await p.ask({ kind: 'step', step: 'namespaces', canGoBack: true, rehearsal: false })).toBe('diff');
    expect(p.out()).toContain('? Step namespaces: apply it? [a=apply, s=skip, b=back, d=diff with live, q=quit] (default a): d');
    p.close();
  });

  it('takes Enter as the default, and a label or action typed out', async () => {
    const p = plain('\nskip\n');
    expect(await p.ask({ kind: 'step', step: 'mtls', canGoBack: false, rehearsal: true })).toBe('apply');
    expect(p.out()).toContain('? Step mtls (rehearsal: nothing is applied) [a=next (nothing is applied), s=skip, q=quit] (default a)');
    expect(await p.ask({ kind: 'step', step: 'mtls', canGoBack: false, rehearsal: true })).toBe('skip');
    p.close();
  });

  it('after a failure and for a moved context, offers the same keys as the wizard', async () => {
    const p = plain('s\ny\n');
    expect(await p.ask({ kind: 'failure', step: 'mtls', phase: 'apply', message: 'x' })).toBe('skip');
    expect(p.out()).toContain('[r=retry, s=skip step, q=quit] (default q)');
    expect(await p.ask({ kind: 'rebind', step: 'prerequisites', context: 'c2', message: 'context "c2" moved' })).toBe('rebind');
    expect(p.out()).toContain(
      '? context "c2" moved. Bind it to the new cluster? [y=yes, it is the new cluster, n=no, stop] (default n): y',
    );
    p.close();
  });
});
