import { describe, it, expect } from 'vitest';
import { ASCII, UNICODE, asciiTerminal, checkMark, markWidth, stepMark, symbolsFor, type Marks } from '../../src/render/symbols.js';
import { makeStyle } from '../../src/render/style.js';
import { stateMark, type PartState } from '../../src/render/topology.js';
import { lineReporter } from '../../src/plain/line-reporter.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { StepStatus } from '../../src/model/types.js';

const MARKS: Array<keyof Marks> = ['ok', 'fail', 'warn', 'pending', 'current', 'skipped', 'rehearsed'];
const flat = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : flat(v)));

describe('the symbol table', () => {
  it('has a Unicode and an ASCII form of every mark, the ASCII ones ASCII', () => {
    expect(Object.keys(ASCII).sort()).toEqual(Object.keys(UNICODE).sort());
    expect(Object.keys(ASCII.box.outer).sort()).toEqual(Object.keys(UNICODE.box.outer).sort());
    for (const s of flat(ASCII)) expect(s).toMatch(/^[\x20-\x7e]+$/);
    // the Unicode forms differ from the ASCII ones, and each mark is one column wide
    for (const m of MARKS) {
      expect(UNICODE[m]).not.toBe(ASCII[m]);
      expect([...UNICODE[m]]).toHaveLength(1);
    }
  });

  it('tells the marks apart in ASCII too, and keeps them short enough for the step list', () => {
    expect(new Set(MARKS.map((m) => ASCII[m])).size).toBe(MARKS.length);
    expect(markWidth(ASCII, MARKS)).toBe(4);
    expect(markWidth(UNICODE, MARKS)).toBe(1);
  });

  it('is ASCII on a dumb terminal only', () => {
    expect(asciiTerminal({ TERM: 'dumb' })).toBe(true);
    expect(asciiTerminal({ TERM: 'xterm-256color' })).toBe(false);
    expect(asciiTerminal({})).toBe(false);
    expect(symbolsFor(true)).toBe(ASCII);
    expect(symbolsFor(false)).toBe(UNICODE);
  });

  it('gives every step status and check result a mark', () => {
    const statuses: StepStatus[] = ['pending', 'current', 'applied', 'in-sync', 'skipped', 'rehearsed', 'failed', 'checked'];
    expect(statuses.map((s) => UNICODE[stepMark(s)]).join('')).toBe('○▶✔✔↷◇✖✔');
    expect((['ok', 'warn', 'fail'] as const).map((s) => ASCII[checkMark(s)])).toEqual(['[ok]', '[!]', '[x]']);
  });

  it('is where the topology picture takes its marks from', () => {
    const states: PartState[] = ['applied', 'planned', 'failed', 'rehearsed', 'skipped'];
    for (const ascii of [false, true])
      expect(states.map((s) => stateMark(s, ascii))).toEqual(
        ['ok', 'pending', 'fail', 'rehearsed', 'skipped'].map((m) => symbolsFor(ascii)[m as keyof Marks]),
      );
  });

  it('is where the plain front end takes its marks from', () => {
    for (const [env, table] of [
      [{}, UNICODE],
      [{ TERM: 'dumb' }, ASCII],
    ] as const) {
      const style = makeStyle({ color: false, env });
      for (const m of MARKS) expect(style[m]).toBe(table[m]);
    }
  });
});

describe('plain line output', () => {
  const events: EngineEvent[] = [
    { type: 'step-start', step: 'namespaces', index: 1, total: 9 },
    { type: 'activity', step: 'namespaces', label: 'apply 4 objects', status: 'ok' },
    {
      type: 'checks',
      step: 'namespaces',
      results: [
        { status: 'warn', label: 'pods not ready yet', hint: 'they start once scheduled' },
        { status: 'fail', label: 'Namespace c2m1 on c2', detail: 'not found' },
      ],
    },
    { type: 'step-end', step: 'namespaces', outcome: 'skipped' },
    { type: 'step-end', step: 'mtls', outcome: 'applied' },
  ];
  const run = (color: boolean, env: NodeJS.ProcessEnv) => {
    const out: string[] = [];
    const report = lineReporter((l) => out.push(l), makeStyle({ color, env }));
    for (const e of events) report(e);
    return out;
  };

  it('marks each line with the Unicode marks of the table', () => {
    expect(run(false, {})).toEqual([
      '== step 2/9: namespaces',
      '✔ apply 4 objects',
      '⚠ pods not ready yet',
      '   hint: they start once scheduled',
      '✖ Namespace c2m1 on c2: not found',
      '↷ namespaces: skipped',
      '✔ mtls: applied',
    ]);
  });

  it('on a dumb terminal: the ASCII marks of the table, no colour even when asked for, no escape sequence', () => {
    const out = run(true, { TERM: 'dumb' });
    expect(out).toEqual([
      '== step 2/9: namespaces',
      '[ok] apply 4 objects',
      '[!] pods not ready yet',
      '   hint: they start once scheduled',
      '[x] Namespace c2m1 on c2: not found',
      '[-] namespaces: skipped',
      '[ok] mtls: applied',
    ]);
    expect(out.join('\n')).toMatch(/^[\x20-\x7e\n]+$/);
  });

  it('colours the marks when colour is on', () => {
    expect(run(true, {})[1]).toBe('\u001b[32m✔\u001b[0m apply 4 objects');
  });
});
