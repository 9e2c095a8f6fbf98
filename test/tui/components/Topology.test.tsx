import React from 'react';
import { describe, it, expect } from 'vitest';
import { Topology } from '../../../components/Topology.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { DUMB, NON_ASCII, linesOf, renderAt, widest } from './harness.js';

const statuses = { namespaces: 'applied', mtls: 'in-sync', gateway: 'failed', workloads: 'rehearsed', permissions: 'skipped' } as const;

describe('Topology', () => {
  it('draws both clusters side by side at 80 columns, each part marked with its state', () => {
    const frame = renderAt(<Topology config={defaultConfig()} statuses={statuses} width={80} />).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(frame).toMatch(/╔═ Cluster 1 ═+╗ +╔═ Cluster 2 ═+╗/);
    expect(frame).toContain('✖ cross-mesh-gateway');
    expect(frame).toContain('✔ namespace c1m1');
    expect(frame).toContain('◇ echo');
    expect(frame).toMatch(/✔ applied +○ planned +✖ failed +◇ rehearsed +↷ skipped/);
  });

  it('with a height, fits the richest picture into it (the 80x24 map)', () => {
    const frame = renderAt(<Topology config={defaultConfig()} statuses={statuses} width={80} height={19} />).lastFrame();
    expect(linesOf(frame).length).toBeLessThanOrEqual(19);
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });

  it('stacks the clusters when the terminal is narrow', () => {
    const frame = renderAt(<Topology config={defaultConfig()} statuses={{}} width={50} list={false} />, { columns: 50 }).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(50);
    expect(linesOf(frame).findIndex((l) => l.includes('Cluster 2'))).toBeGreaterThan(
      linesOf(frame).findIndex((l) => l.includes('Cluster 1')),
    );
  });

  it('draws in ASCII on a dumb terminal, with the marks of the symbol table', () => {
    const frame = renderAt(<Topology config={defaultConfig()} statuses={statuses} width={80} />, { env: DUMB }).lastFrame();
    expect(frame).not.toMatch(NON_ASCII);
    expect(frame).toContain('[x] cross-mesh-gateway');
    expect(frame).toContain('[ok] namespace c1m1');
    expect(frame).toMatch(/\+- Cluster 1 -+\+/);
    expect(frame).toContain('==>');
  });
});
