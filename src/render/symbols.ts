/**
 * Every mark crossmesh draws, in one table with a Unicode and an ASCII form each. The plain front end
 * (render/style.ts), the full-screen wizard (components/theme.tsx) and the topology picture
 * (render/topology.ts) all take their marks from here, so a TERM=dumb terminal sees the same ASCII
 * everywhere. Pure: no colour, no React.
 */
import type { CheckResult, StepStatus } from '../model/types.js';

/** The marks that stand for a state: a check, a step, a part of the picture. */
export interface Marks {
  /** done, in sync, passed */
  ok: string;
  fail: string;
  warn: string;
  /** not done yet */
  pending: string;
  /** the step being shown */
  current: string;
  skipped: string;
  /** walked through in a rehearsal: nothing was applied */
  rehearsed: string;
}

/** The characters of a box: corners, horizontal and vertical lines. */
export interface BoxChars {
  tl: string;
  tr: string;
  bl: string;
  br: string;
  h: string;
  v: string;
}

export interface Symbols extends Marks {
  bullet: string;
  /** text was cut here, or something is still going on */
  ellipsis: string;
  /** leads to: "gateway -> echo" */
  arrow: string;
  /** an east-west hop between the clusters */
  hop: string;
  /** more lines above, more lines below (what ↑/↓ scroll to) */
  above: string;
  below: string;
  /** more columns to the left, more to the right (what ←/→ scroll to) */
  left: string;
  right: string;
  /** a cell of the links matrix: linked, not linked, and a mesh against itself (never a link) */
  linked: string;
  unlinked: string;
  self: string;
  /** the outer box (a cluster) and the inner box (a mesh's namespace) of the topology picture */
  box: { outer: BoxChars; inner: BoxChars };
}

export const UNICODE: Symbols = {
  ok: '✔',
  fail: '✖',
  warn: '⚠',
  pending: '○',
  current: '▶',
  skipped: '↷',
  rehearsed: '◇',
  bullet: '•',
  ellipsis: '…',
  arrow: '→',
  hop: '══▶',
  above: '↑',
  below: '↓',
  left: '←',
  right: '→',
  linked: '●',
  unlinked: '·',
  self: '╲',
  box: {
    outer: { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║' },
    inner: { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│' },
  },
};

/** Short forms: the step list and the topology boxes have little room for a mark. */
export const ASCII: Symbols = {
  ok: '[ok]',
  fail: '[x]',
  warn: '[!]',
  pending: '[ ]',
  current: '>',
  skipped: '[-]',
  rehearsed: '[r]',
  bullet: '*',
  ellipsis: '...',
  arrow: '->',
  hop: '==>',
  above: '^',
  below: 'v',
  left: '<',
  right: '>',
  linked: 'x',
  unlinked: '.',
  self: '\\',
  box: {
    outer: { tl: '+', tr: '+', bl: '+', br: '+', h: '-', v: '|' },
    inner: { tl: '+', tr: '+', bl: '+', br: '+', h: '-', v: '|' },
  },
};

/** A terminal that can show only ASCII (and no colour): TERM=dumb. */
export function asciiTerminal(env: NodeJS.ProcessEnv): boolean {
  return env.TERM === 'dumb';
}

export function symbolsFor(ascii: boolean): Symbols {
  return ascii ? ASCII : UNICODE;
}

/** The widest of the given marks, so a column of marks can be padded to line up what follows. */
export function markWidth(symbols: Symbols, marks: ReadonlyArray<keyof Marks>): number {
  return Math.max(...marks.map((m) => symbols[m].length));
}

/** The mark of a step in a list of steps. */
export function stepMark(status: StepStatus): keyof Marks {
  switch (status) {
    case 'current':
      return 'current';
    case 'pending':
      return 'pending';
    case 'failed':
      return 'fail';
    case 'skipped':
      return 'skipped';
    case 'rehearsed':
      return 'rehearsed';
    case 'applied':
    case 'in-sync':
    case 'checked':
      return 'ok';
  }
}

/** The mark of a check result. */
export function checkMark(status: CheckResult['status']): keyof Marks {
  return status;
}
