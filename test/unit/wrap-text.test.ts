import { describe, it, expect } from 'vitest';
import { wrapText } from '../../src/tui/details.js';
import { stepsFor } from '../../steps/index.js';
import { defaultConfig } from '../../src/config/defaults.js';

describe('wrapText', () => {
  it('breaks at spaces, never starts a line with the space it broke at, and keeps every word', () => {
    for (const step of stepsFor(defaultConfig())) {
      for (const text of [step.explanation.summary, step.explanation.concept, step.explanation.why]) {
        for (const width of [30, 54, 80]) {
          const lines = wrapText(text, width);
          for (const line of lines) {
            expect(line.startsWith(' '), `${width}: ${JSON.stringify(line)}`).toBe(false);
            expect(line.length).toBeLessThanOrEqual(width);
          }
          // nothing is lost (a word longer than the line is cut, so compare without spaces)
          expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        }
      }
    }
  });

  it('cuts a word longer than the line, and indents when asked', () => {
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrapText('one two three', 9, '  ')).toEqual(['  one two', '  three']);
  });
});
