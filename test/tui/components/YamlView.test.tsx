import React from 'react';
import { describe, it, expect } from 'vitest';
import { YamlView } from '../../../components/YamlView.js';
import { DUMB, NON_ASCII, linesOf, renderAt, widest } from './harness.js';

const yaml = [
  'apiVersion: v1',
  'kind: Namespace',
  'metadata:',
  '  name: c1m1',
  '  labels:',
  '    kuma.io/sidecar-injection: enabled',
  'spec:',
  '  finalizers:',
  '    - kubernetes',
  '',
].join('\n');

describe('YamlView', () => {
  it('shows the YAML as it is, when it fits', () => {
    expect(linesOf(renderAt(<YamlView yaml={yaml} maxLines={20} />).lastFrame())).toEqual(yaml.trimEnd().split('\n'));
  });

  it('shows maxLines from the offset, saying how many lines are above and below', () => {
    const lines = linesOf(renderAt(<YamlView yaml={yaml} maxLines={3} offset={2} />).lastFrame());
    expect(lines).toEqual(['  ↑ 2 more lines', 'metadata:', '  name: c1m1', '  labels:', '  ↓ 4 more (↑/↓ to scroll)']);
    expect(linesOf(renderAt(<YamlView yaml={yaml} maxLines={3} offset={1} />).lastFrame())[0]).toBe('  ↑ 1 more line');
  });

  it('never scrolls past the end', () => {
    const lines = linesOf(renderAt(<YamlView yaml={yaml} maxLines={3} offset={50} />).lastFrame());
    expect(lines.at(-1)).toBe('    - kubernetes');
    expect(lines[0]).toBe('  ↑ 6 more lines');
  });

  it('cuts long lines at 80 columns', () => {
    const frame = renderAt(<YamlView yaml={`data:\n  key: ${'v'.repeat(200)}\n`} maxLines={5} />).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });
});

describe('YamlView on a dumb terminal', () => {
  it('says in ASCII that there is more above and below', () => {
    const lines = linesOf(renderAt(<YamlView yaml={yaml} maxLines={3} offset={2} />, { env: DUMB }).lastFrame());
    expect(lines[0]).toBe('  ^ 2 more lines');
    expect(lines.at(-1)).toBe('  v 4 more (Up/Down to scroll)');
    expect(lines.join('\n')).not.toMatch(NON_ASCII);
  });
});
