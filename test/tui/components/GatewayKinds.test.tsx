import React from 'react';
import { describe, it, expect, vi } from 'vitest';
import { GatewayKinds } from '../../../components/GatewayKinds.js';
import type { GatewayKind } from '../../../src/config/types.js';
import { DUMB, KEY, NON_ASCII, renderAt, widest } from './harness.js';

const meshes: Array<{ name: string; kind: GatewayKind }> = [
  { name: 'payments', kind: 'builtin' },
  { name: 'orders', kind: 'builtin' },
];

function screen(o: { env?: NodeJS.ProcessEnv; kinds?: typeof meshes } = {}) {
  const onDone = vi.fn();
  const r = renderAt(<GatewayKinds meshes={o.kinds ?? meshes} onDone={onDone} />, {
    columns: 80,
    rows: 24,
    ...(o.env ? { env: o.env } : {}),
  });
  return { ...r, onDone };
}

describe('GatewayKinds', () => {
  it('compares the two kinds on one screen at 80x24: what each needs, gives, and whether it survives Kuma 3.0', async () => {
    const s = screen();
    await s.press();
    const frame = s.lastFrame();
    expect(frame).toContain('Gateway for payments (1 of 2)');
    expect(frame).toMatch(/b Kuma's built-in gateway[\s\S]*needs:[\s\S]*gives:[\s\S]*Kuma 3\.0: removed/);
    expect(frame).toMatch(/k Kong Gateway run by Kong Operator[\s\S]*Kuma 3\.0: kept/);
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('Enter keeps the current kind; k picks Kong for the next mesh; both answers are handed over once', async () => {
    const s = screen();
    await s.press(KEY.enter);
    expect(s.lastFrame()).toContain('Gateway for orders (2 of 2)');
    expect(s.onDone).not.toHaveBeenCalled();
    await s.press('k');
    expect(s.onDone).toHaveBeenCalledTimes(1);
    expect(s.onDone).toHaveBeenCalledWith(['builtin', 'kong']);
  });

  it('↓ and Enter move to and pick Kong; the cursor starts on the kind crossmesh.yaml already names', async () => {
    const s = screen({ kinds: [{ name: 'payments', kind: 'kong' }, meshes[1]!] });
    await s.press();
    expect(s.lastFrame()).toMatch(/▶ k Kong Gateway/);
    await s.press(KEY.enter, KEY.down, KEY.enter);
    expect(s.onDone).toHaveBeenCalledWith(['kong', 'kong']);
  });

  it('draws only ASCII on a dumb terminal', async () => {
    const s = screen({ env: DUMB });
    await s.press();
    expect(s.lastFrame()).not.toMatch(NON_ASCII);
    expect(s.lastFrame()).toContain('Up/Down choose');
  });
});
