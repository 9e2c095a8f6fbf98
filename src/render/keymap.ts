/**
 * Every key crossmesh answers to, defined once: the wizard's key line and its key handling, and the
 * choices the plain front end offers at its prompts, are all built from these bindings. A binding is
 * a key, a label and an action; the front end decides what the action does. Pure: no React, no Ink.
 */
import type { StepId } from '../model/types.js';
import type { GatewayKind } from '../config/types.js';
import { GATEWAY_KINDS_EXPLAINED } from '../../steps/gateway-kinds.js';

/** Keys that are not a printable character. Any other key is the character itself ("a"). */
export type NamedKey = 'enter' | 'escape' | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'tab' | 'space' | 'ctrl-c';

export interface Binding<A extends string = string> {
  /** a character (what the plain front end's prompts take as the answer) or a NamedKey */
  key: string;
  /** what the key does: in the wizard's key line and in the plain prompt's choices */
  label: string;
  action: A;
  /** other keys that do the same in the wizard; never shown */
  also?: readonly string[];
  /** the keys the key line names for this binding when not just its own: [['up', 'down'], ['pageup', 'pagedown']] is "↑/↓ PgUp/PgDn" */
  shown?: ReadonlyArray<readonly string[]>;
  /** works, but is not listed in the key line */
  hidden?: boolean;
}

const KEY_NAMES: Readonly<Record<NamedKey, string>> = {
  enter: 'Enter',
  escape: 'Esc',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  tab: 'Tab',
  space: 'Space',
  'ctrl-c': 'Ctrl-C',
};

/** On a TERM=dumb terminal the arrow keys are named in words. */
const ASCII_KEY_NAMES: Readonly<Record<NamedKey, string>> = { ...KEY_NAMES, up: 'Up', down: 'Down', left: 'Left', right: 'Right' };

function isNamedKey(key: string): key is NamedKey {
  return Object.hasOwn(KEY_NAMES, key);
}

/** How a person reads the key: "Enter", "↑" ("Up" in ASCII), "a". */
export function keyName(key: string, ascii = false): string {
  return isNamedKey(key) ? (ascii ? ASCII_KEY_NAMES : KEY_NAMES)[key] : key;
}

function bind<A extends string>(key: string, label: string, action: A, more: Partial<Binding<A>> = {}): Binding<A> {
  return { key, label, action, ...more };
}

/** What Ink reports about a key press, as far as the keymap needs it (Ink's Key has these fields). */
export interface KeyFlags {
  return: boolean;
  escape: boolean;
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  tab: boolean;
  ctrl: boolean;
  meta: boolean;
}

/** The key of a key press, as the bindings name it; undefined for a key no binding can have (Ctrl-x, Alt-x, pasted text). */
export function pressedKey(input: string, k: KeyFlags): string | undefined {
  if (k.return) return 'enter';
  if (k.escape) return 'escape';
  if (k.upArrow) return 'up';
  if (k.downArrow) return 'down';
  if (k.leftArrow) return 'left';
  if (k.rightArrow) return 'right';
  if (k.pageUp) return 'pageup';
  if (k.pageDown) return 'pagedown';
  if (k.tab) return 'tab';
  if (k.ctrl || k.meta) return undefined;
  if (input === ' ') return 'space';
  return input.length === 1 ? input : undefined;
}

/** The action bound to a key, if any. */
export function actionFor<A extends string>(bindings: ReadonlyArray<Binding<A>>, key: string | undefined): A | undefined {
  if (key === undefined) return undefined;
  return bindings.find((b) => b.key === key || b.also?.includes(key))?.action;
}

/** The key line: each binding that is shown, as the key the way a person reads it and its label. */
export function keyHints(bindings: ReadonlyArray<Binding>, ascii = false): Array<{ key: string; label: string }> {
  const name = (b: Binding) => (b.shown ?? [[b.key]]).map((group) => group.map((k) => keyName(k, ascii)).join('/')).join(' ');
  return bindings.filter((b) => !b.hidden).map((b) => ({ key: name(b), label: b.label }));
}

/** The key line as one string, as the wizard lays it out: "a apply  s skip  q quit". */
export function keyHintText(bindings: ReadonlyArray<Binding>, ascii = false): string {
  return keyHints(bindings, ascii)
    .map((h) => `${h.key} ${h.label}`)
    .join('  ');
}

/** The choices of a plain prompt: typed by key (or label, or action). */
export function choicesOf<A extends string>(bindings: ReadonlyArray<Binding<A>>): Array<{ key: string; label: string; value: A }> {
  return bindings.map((b) => ({ key: b.key, label: b.label, value: b.action }));
}

// The engine's questions and their answers. The answers match src/engine/events.ts (StepDecision,
// FailureDecision, ...); the drawing layer may not import the engine, so they are spelt out here and
// test/tui/keymap.test.ts checks that they agree.

export type StepAction = 'apply' | 'skip' | 'back' | 'diff' | 'quit';
export type FailureAction = 'retry' | 'skip' | 'quit';
export type RebindAction = 'rebind' | 'refuse';
export type GatewayAction = 'type' | 'skip' | 'quit';
export type WaitAction = 'quit';
export type ResumeAction = 'continue' | 'restart' | 'quit';

export interface StepQuestion {
  step: StepId;
  canGoBack: boolean;
  rehearsal: boolean;
  /** how many of the step's objects differ from the plan (applying overwrites them) */
  drifted?: number;
}

function applyLabel(q: StepQuestion): string {
  if (q.rehearsal) return 'next (nothing is applied)';
  if (q.step === 'prerequisites') return 'run the checks';
  if (q.step === 'verify') return 'run the check';
  if (q.drifted) return `apply, overwriting ${q.drifted} changed`;
  return 'apply';
}

/** The answers to a step: apply (or next, in a rehearsal), skip, back, diff, quit. */
export function stepAnswers(q: StepQuestion): Array<Binding<StepAction>> {
  return [
    bind('a', applyLabel(q), 'apply', { also: ['enter'] }),
    bind('s', 'skip', 'skip'),
    ...(q.canGoBack ? [bind('b', 'back', 'back')] : []),
    ...(q.rehearsal ? [] : [bind('d', 'diff with live', 'diff')]),
    bind('q', 'quit', 'quit'),
  ];
}

/** The answers after a failed validate or apply. */
export function failureAnswers(): Array<Binding<FailureAction>> {
  return [bind('r', 'retry', 'retry'), bind('s', 'skip step', 'skip'), bind('q', 'quit', 'quit')];
}

/** The answers when a context now points to another cluster. */
export function rebindAnswers(): Array<Binding<RebindAction>> {
  return [bind('y', 'yes, it is the new cluster', 'rebind'), bind('n', 'no, stop', 'refuse', { also: ['q'] })];
}

/** While the wizard waits for a gateway's address: type one, or (once the wait is over) skip, or quit. */
export function gatewayAnswers(q: { timedOut: boolean }): Array<Binding<GatewayAction>> {
  return [bind('t', 'type an address', 'type'), ...(q.timedOut ? [bind('s', 'skip step', 'skip')] : []), bind('q', 'quit', 'quit')];
}

/** The first run's question for each mesh: which kind of gateway it gets (Enter keeps the built-in one). */
export function gatewayKindAnswers(): Array<Binding<GatewayKind>> {
  return GATEWAY_KINDS_EXPLAINED.map((k) => bind(k.kind === 'builtin' ? 'b' : 'k', `${k.kind}: ${k.title}`, k.kind));
}

/** While the wizard waits on the clusters. */
export function waitAnswers(): Array<Binding<WaitAction>> {
  return [bind('q', 'stop waiting and quit', 'quit')];
}

/**
 * With an earlier setup found: continue where it is not in sync, start again, or quit. The wizard
 * shows Enter for continue; c, which a plain prompt takes, does the same.
 */
export function resumeAnswers(continueLabel: string): Array<Binding<ResumeAction>> {
  return [
    bind('c', continueLabel, 'continue', { also: ['enter'], shown: [['enter']] }),
    bind('r', 'start from the first step', 'restart'),
    bind('q', 'quit', 'quit'),
  ];
}

// Keys that only change what the wizard shows.

export type StepViewAction = 'explain' | 'previous-manifest' | 'next-manifest' | 'scroll-up' | 'scroll-down';
export type ScreenAction = 'map' | 'details';
export type DetailsAction = 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'close';
export type TextAction = 'submit' | 'cancel';
export type PickerAction = 'previous' | 'next' | 'pick' | 'quit';

/** The wizard's keys on a step: the answers, the explanation between them and quit, and the keys that move through the manifests. */
export function stepKeys(q: StepQuestion, view: { expanded: boolean }): Array<Binding<StepAction | StepViewAction>> {
  const answers = stepAnswers(q);
  return [
    ...answers.filter((b) => b.action !== 'quit'),
    bind('e', view.expanded ? 'hide explanation' : 'explain', 'explain'),
    ...answers.filter((b) => b.action === 'quit'),
    bind('left', 'other manifests', 'previous-manifest', { hidden: true }),
    bind('right', 'other manifests', 'next-manifest', { also: ['tab'], hidden: true }),
    bind('up', 'scroll', 'scroll-up', { hidden: true }),
    bind('down', 'scroll', 'scroll-down', { hidden: true }),
  ];
}

/** Keys the wizard offers on every screen: the map (when it has a configuration to draw) and the details page. */
export function screenKeys(view: { map: boolean | undefined }): Array<Binding<ScreenAction>> {
  return [...(view.map === undefined ? [] : [bind('m', view.map ? 'hide map' : 'map', 'map')]), bind('l', 'all details', 'details')];
}

/** The details page, which has the keys until it is closed. */
export function detailsKeys(): Array<Binding<DetailsAction>> {
  return [
    bind('up', 'scroll', 'line-up', {
      shown: [
        ['up', 'down'],
        ['pageup', 'pagedown'],
      ],
    }),
    bind('down', 'scroll', 'line-down', { hidden: true }),
    bind('pageup', 'scroll', 'page-up', { hidden: true }),
    bind('pagedown', 'scroll', 'page-down', { also: ['space'], hidden: true }),
    bind('l', 'back', 'close', { also: ['escape'], shown: [['l', 'escape']] }),
  ];
}

/** Once the run is over. After a quit there is nothing to say, but the keys still close the screen. */
export function finishedKeys(view: { quit: boolean }): Array<Binding<'exit'>> {
  return [bind('enter', 'exit', 'exit', { also: ['q', 'escape'], hidden: view.quit })];
}

/** A line of text being typed. */
export function textKeys(submitLabel: string): Array<Binding<TextAction>> {
  return [bind('enter', submitLabel, 'submit'), bind('escape', 'cancel', 'cancel')];
}

/** A list to pick from. Ctrl-C is Ink's own: it ends the screen. */
export function pickerKeys(): Array<Binding<PickerAction>> {
  return [
    bind('up', 'choose', 'previous', { shown: [['up', 'down']] }),
    bind('down', 'choose', 'next', { hidden: true }),
    bind('enter', 'pick', 'pick'),
    bind('ctrl-c', 'quit', 'quit'),
  ];
}

export type LinkMatrixAction = 'up' | 'down' | 'left' | 'right' | 'toggle' | 'all' | 'none' | 'confirm' | 'leave';

/** The links matrix: move between cells, link or unlink one, all or none; Enter takes the links, Esc or q keeps those there were. */
export function linkMatrixKeys(): Array<Binding<LinkMatrixAction>> {
  return [
    bind('up', 'move', 'up', { shown: [['up', 'down', 'left', 'right']] }),
    bind('down', 'move', 'down', { hidden: true }),
    bind('left', 'move', 'left', { hidden: true }),
    bind('right', 'move', 'right', { hidden: true }),
    bind('space', 'toggle', 'toggle'),
    bind('a', 'all', 'all'),
    bind('n', 'none', 'none'),
    bind('enter', 'done', 'confirm'),
    bind('escape', 'leave unchanged', 'leave', { also: ['q'], shown: [['escape', 'q']] }),
  ];
}
