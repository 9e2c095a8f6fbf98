import React from 'react';
import { describe, it, expect } from 'vitest';
import { ErrorPanel } from '../../../components/ErrorPanel.js';
import type { Failure } from '../../../src/tui/state.js';
import { DUMB, NON_ASCII, linesOf, renderAt, widest } from './harness.js';

const failure: Failure = {
  phase: 'apply',
  command: 'kubectl --context c1 apply -f -',
  message: Array.from({ length: 12 }, (_, i) => `line ${i + 1} of the message`).join('\n'),
  hint: 'The API server refused the object: a webhook said no. Read the message above; it names the field that is wrong and what it expects.',
};

describe('ErrorPanel', () => {
  it('shows what failed, the command, the message cut to maxLines, and the hint, in a box', () => {
    const frame = renderAt(<ErrorPanel failure={failure} width={76} maxLines={4} />).lastFrame();
    expect(frame).toContain('✖ apply failed');
    expect(frame).toContain('$ kubectl --context c1 apply -f -');
    expect(frame).toContain('line 4 of the message');
    expect(frame).not.toContain('line 5 of the message');
    expect(frame).toContain('… 8 more lines');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain('hint: The API server refused the object: a webhook said no.');
    expect(frame).toMatch(/^╭/m);
  });

  it('wraps the hint inside 80 columns', () => {
    const frame = renderAt(<ErrorPanel failure={failure} width={80} />).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(linesOf(frame).filter((l) => l.includes('hint:'))).toHaveLength(1);
  });

  it('on a dumb terminal: no box, ASCII marks only', () => {
    const frame = renderAt(<ErrorPanel failure={failure} width={80} maxLines={2} />, { env: DUMB }).lastFrame();
    expect(frame).toContain('[x] apply failed');
    expect(frame).toContain('... 10 more lines');
    expect(frame).not.toMatch(NON_ASCII);
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });
});
