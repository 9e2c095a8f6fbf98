import React from 'react';
import { describe, it, expect } from 'vitest';
import { KeyHints } from '../../../components/KeyHints.js';
import { detailsKeys, screenKeys, stepKeys, type Binding } from '../../../src/render/keymap.js';
import { linesOf, renderAt, widest } from './harness.js';

describe('KeyHints', () => {
  it('shows each key and what it does, two spaces apart, leaving out the hidden ones', () => {
    const keys = [
      ...stepKeys({ step: 'namespaces', canGoBack: true, rehearsal: false }, { expanded: false }),
      ...screenKeys({ map: false }),
    ];
    expect(renderAt(<KeyHints bindings={keys} />, { columns: 100 }).lastFrame()).toBe(
      'a apply  s skip  b back  d diff with live  e explain  q quit  m map  l all details',
    );
  });

  it('writes several keys as one when the keymap says so', () => {
    expect(renderAt(<KeyHints bindings={detailsKeys()} />).lastFrame()).toBe('↑/↓ PgUp/PgDn scroll  l/Esc back');
  });

  it('wraps within 80 columns, losing no key', () => {
    const many: Binding[] = Array.from({ length: 12 }, (_, i) => ({
      key: String.fromCharCode(97 + i),
      label: `does thing number ${i}`,
      action: 'x',
    }));
    const frame = renderAt(<KeyHints bindings={many} />).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(linesOf(frame).length).toBeGreaterThan(1);
    for (let i = 0; i < 12; i++) expect(frame.replace(/\s+/g, ' ')).toContain(`does thing number ${i}`);
  });

  it('draws nothing without keys', () => {
    expect(renderAt(<KeyHints bindings={[]} />).lastFrame()).toBe('');
  });
});
