// Renders a component as ink-testing-library does, but on a terminal of a chosen size (ink-testing-library's is
// always 100 columns), with a theme, and unmounts everything after each test so no spinner keeps running.
import React from 'react';
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { afterEach } from 'vitest';
import { render as inkRender, type Instance } from 'ink';
import { ThemeProvider, makeTheme } from '../../../components/theme.js';
import { UNICODE } from '../../../src/render/symbols.js';

export const KEY = {
  enter: '\r',
  esc: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  backspace: '\u007f',
  tab: '\t',
  pageDown: '\u001b[6~',
  pageUp: '\u001b[5~',
  ctrlA: '\u0001',
} as const;

/** Long enough for React 19 to commit what a key press changed, and for Ink to draw it. */
export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

class FakeStdout extends EventEmitter {
  frames: string[] = [];
  writes: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
    public isTTY: boolean,
  ) {
    super();
  }
  write = (frame: string) => {
    this.writes.push(frame);
    this.frames.push(frame);
    return true;
  };
  /** the last frame as a person reads it (styles, if chalk drew any, taken out) */
  lastFrame = () => stripVTControlCharacters(this.frames.at(-1) ?? '');
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const mounted: Instance[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) {
    m.unmount();
    m.cleanup();
  }
});

export interface RenderOptions {
  columns?: number;
  rows?: number;
  /** the environment the theme reads: { TERM: 'dumb' } for ASCII */
  env?: NodeJS.ProcessEnv;
  color?: boolean;
  /** the stdout is a terminal (useTerminalSize clears the screen on a resize only then) */
  tty?: boolean;
  /** leave out the ThemeProvider */
  bare?: boolean;
}

/** Renders `node` on an 80x24 terminal (by default) without colour, under the theme made from `env`. */
export function renderAt(node: React.ReactElement, o: RenderOptions = {}) {
  const stdout = new FakeStdout(o.columns ?? 80, o.rows ?? 24, o.tty ?? false);
  const stderr = new FakeStdout(o.columns ?? 80, o.rows ?? 24, false);
  const stdin = new FakeStdin();
  const tree = o.bare ? node : <ThemeProvider theme={makeTheme(o.color ?? false, o.env ?? {})}>{node}</ThemeProvider>;
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  mounted.push(instance);
  /** waits a tick, then until no frame has been drawn for a while (a loaded machine renders slowly), at most a second */
  const settle = async () => {
    await tick();
    for (let quiet = 0, waited = 0; quiet < 2 && waited < 1000; waited += 15) {
      const before = stdout.frames.length;
      await tick(15);
      quiet = stdout.frames.length === before ? quiet + 1 : 0;
    }
  };
  const themed = (next: React.ReactElement) =>
    o.bare ? next : <ThemeProvider theme={makeTheme(o.color ?? false, o.env ?? {})}>{next}</ThemeProvider>;
  return {
    stdin,
    stdout,
    lastFrame: stdout.lastFrame,
    frames: stdout.frames,
    rerender: (next: React.ReactElement) => instance.rerender(themed(next)),
    unmount: () => instance.unmount(),
    /** types keys one at a time, as a person does, waiting for each to be drawn */
    async press(...keys: string[]) {
      for (const k of keys) {
        await settle();
        stdin.write(k);
      }
      await settle();
    },
    resize(columns: number, rows: number) {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
  };
}

/** The frame's lines, trailing spaces dropped. */
export const linesOf = (frame: string) => frame.split('\n').map((l) => l.trimEnd());

/** The widest line of a frame, in columns (every character drawn here is one column wide). */
export const widest = (frame: string) => Math.max(0, ...linesOf(frame).map((l) => [...l].length));

/**
 * Any of the Unicode marks of the symbol table, an arrow key, or box drawing: none may show on a TERM=dumb terminal. (The
 * ellipsis is not among them: Ink draws its own "…" where wrap="truncate-end" cuts a line, whatever the terminal.)
 */
export const UNICODE_MARK = new RegExp(
  `[${[
    UNICODE.ok,
    UNICODE.fail,
    UNICODE.warn,
    UNICODE.pending,
    UNICODE.current,
    UNICODE.skipped,
    UNICODE.rehearsed,
    UNICODE.bullet,
    UNICODE.arrow,
    UNICODE.above,
    UNICODE.below,
    '←',
  ]
    .join('')
    .replace(/[\]\\^-]/g, '\\$&')}\u2500-\u257f]`,
  'u',
);
export const NON_ASCII = /[^\x20-\x7e\n]/;
/** The frame without the "…" Ink puts where it cut a line. */
export const uncut = (frame: string) => frame.replace(/…$/gm, '');

export const DUMB = { TERM: 'dumb' } as const;
