import React from 'react';
import { describe, it, expect } from 'vitest';
import { Paragraph } from '../../../components/Paragraph.js';
import { linesOf, renderAt, widest } from './harness.js';

const text =
  'The MeshExternalService points at the gateway reachable address, not at a cluster.local name that only resolves in cluster 1.';

describe('Paragraph', () => {
  it('wraps at spaces to the width, no line starting with a space', () => {
    const lines = linesOf(renderAt(<Paragraph text={text} width={30} />).lastFrame());
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(30);
      expect(l).not.toMatch(/^ /);
    }
    expect(lines.join(' ')).toBe(text);
  });

  it('keeps its line breaks and empty lines', () => {
    expect(linesOf(renderAt(<Paragraph text={'one\n\ntwo'} width={40} />).lastFrame())).toEqual(['one', '', 'two']);
  });

  it('fits 80 columns, and never wraps narrower than 10', () => {
    expect(widest(renderAt(<Paragraph text={text.repeat(3)} width={80} />).lastFrame())).toBeLessThanOrEqual(80);
    expect(linesOf(renderAt(<Paragraph text="abcdefghij klm" width={3} />).lastFrame())[0]).toBe('abcdefghij');
  });
});
