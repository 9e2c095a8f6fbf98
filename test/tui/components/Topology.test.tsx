import React from 'react';
import { describe, it, expect } from 'vitest';
import { Topology } from '../../../components/Topology.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { parseConfigText } from '../../../src/config/file.js';
import { Box } from 'ink';
import { DUMB, NON_ASCII, linesOf, renderAt, widest } from './harness.js';

const statuses = { namespaces: 'applied', mtls: 'in-sync', gateway: 'failed', workloads: 'rehearsed', permissions: 'skipped' } as const;

/** Three meshes over three zones linked in a ring: its most compact picture is taller than an 80x24 map. */
const ring = parseConfigText(`version: 2
zones: [{ name: zone1, context: c1 }, { name: zone2, context: c2 }, { name: zone3, context: c3 }]
meshes:
  - { name: alpha, home: zone1, namespaces: { zone1: alpha-1, zone2: alpha-2 } }
  - { name: beta, home: zone2, namespaces: { zone2: beta-2, zone3: beta-3 } }
  - { name: gamma, home: zone3, namespaces: { zone3: gamma-3, zone1: gamma-1 } }
links: [{ from: alpha, to: beta }, { from: beta, to: gamma }, { from: gamma, to: alpha }]
`);

describe('Topology', () => {
  it('a picture taller than its height is cut with a line that says how much is left, never squeezed into overlapping rows', () => {
    const frame = renderAt(
      <Box flexDirection="column" height={17} overflow="hidden">
        <Topology config={ring} statuses={{}} width={80} height={17} />
      </Box>,
    ).lastFrame();
    const lines = linesOf(frame);
    expect(lines.length).toBeLessThanOrEqual(17);
    expect(lines[0]).toMatch(/^Global control plane global \(kumactl\):/);
    expect(lines[1]).toMatch(/^ +○ gamma \(mTLS\)$/);
    expect(lines.at(-1)).toMatch(/^↓ \d+ more lines: a taller or wider terminal shows the whole picture/);
  });

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
