import React from 'react';
import { describe, it, expect } from 'vitest';
import { Details } from '../../../components/Details.js';
import { linesOf, renderAt, widest } from './harness.js';

const lines = Array.from({ length: 30 }, (_, i) => (i === 3 ? '' : `line ${i + 1}`));

describe('Details', () => {
  it('shows a page of lines and where it is in the whole', () => {
    const frame = renderAt(<Details lines={lines} offset={0} height={5} />).lastFrame();
    expect(linesOf(frame)).toEqual(['Details: lines 1-5 of 30', 'line 1', 'line 2', 'line 3', '', 'line 5']);
  });

  it('pages on from the offset, and never past the last page', () => {
    expect(renderAt(<Details lines={lines} offset={10} height={5} />).lastFrame()).toContain('Details: lines 11-15 of 30');
    const last = renderAt(<Details lines={lines} offset={99} height={5} />).lastFrame();
    expect(last).toContain('Details: lines 26-30 of 30');
    expect(last).toContain('line 30');
  });

  it('says so when there is nothing, and cuts long lines at 80 columns', () => {
    expect(renderAt(<Details lines={[]} offset={0} height={5} />).lastFrame()).toContain('Details: lines 0-0 of 0');
    expect(widest(renderAt(<Details lines={['z'.repeat(300)]} offset={0} height={5} />).lastFrame())).toBeLessThanOrEqual(80);
  });
});
