import React from 'react';
import { describe, it, expect } from 'vitest';
import { Spinner } from '../../../components/Spinner.js';
import { DUMB, NON_ASCII, linesOf, renderAt, tick, widest } from './harness.js';

const label = 'waiting until the global control plane has copied payments, orders and billing to zone-east and zone-west';

describe('Spinner', () => {
  it('turns beside its label', async () => {
    const r = renderAt(<Spinner label="reading what is already on the clusters" />);
    const first = r.lastFrame();
    expect(first).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] reading what is already on the clusters$/);
    await tick(250);
    expect(r.lastFrame()).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] reading/);
    expect(r.lastFrame()).not.toBe(first);
  });

  it('with a width, wraps its label there, the following lines indented under the text', () => {
    const lines = linesOf(renderAt(<Spinner label={label} width={40} />).lastFrame());
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}\S/);
    expect(lines.map((l) => l.slice(2)).join(' ')).toBe(label);
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(40);
  });

  it('without a width, cuts its one line at the edge of an 80-column terminal', () => {
    const frame = renderAt(<Spinner label={label.repeat(2)} />).lastFrame();
    expect(linesOf(frame)).toHaveLength(1);
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });

  it('on a dumb terminal: a still "..." in ASCII, not redrawn', async () => {
    const r = renderAt(<Spinner label={label} width={60} />, { env: DUMB });
    const first = r.lastFrame();
    expect(first).toMatch(/^\.\.\. waiting until/);
    expect(linesOf(first)[1]).toMatch(/^ {4}\S/);
    expect(first).not.toMatch(NON_ASCII);
    const frames = r.frames.length;
    await tick(250);
    expect(r.frames.length).toBe(frames);
  });
});
