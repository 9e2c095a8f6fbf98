import React from 'react';
import { describe, it, expect } from 'vitest';
import { ApplyLog, Checks } from '../../../components/ApplyLog.js';
import type { LogLine } from '../../../src/tui/state.js';
import type { CheckResult } from '../../../src/model/types.js';
import { DUMB, NON_ASCII, UNICODE_MARK, linesOf, renderAt, uncut, widest } from './harness.js';

const log: LogLine[] = [
  { id: 1, text: 'kubectl: namespace/c1m1 created', tone: 'output' },
  { id: 2, text: 'apply 2 objects on c1', tone: 'ok' },
  { id: 3, text: 'Deployment c1m1/echo pods not ready yet', tone: 'warn' },
  { id: 4, text: 'read back MeshGateway cross-mesh-gateway', tone: 'fail' },
  { id: 5, text: 'waiting for the LoadBalancer address', tone: 'info' },
];

const checks: CheckResult[] = [
  { status: 'ok', label: 'Namespace c1m1 on c1', detail: 'sidecar injection on' },
  { status: 'fail', label: 'MeshGateway cross-mesh-gateway', detail: 'not found', hint: 'apply the gateway step again' },
  { status: 'warn', label: 'Deployment c1m1/echo', hint: 'pods start once scheduled' },
  { status: 'ok', label: 'Namespace c2m1 on c2' },
];

describe('ApplyLog', () => {
  it('marks actions by how they went and indents tool output', () => {
    const lines = linesOf(renderAt(<ApplyLog lines={log} max={10} />).lastFrame());
    expect(lines).toContain('  kubectl: namespace/c1m1 created');
    expect(lines).toContain('✔ apply 2 objects on c1');
    expect(lines).toContain('⚠ Deployment c1m1/echo pods not ready yet');
    expect(lines).toContain('✖ read back MeshGateway cross-mesh-gateway');
    expect(lines).toContain('  waiting for the LoadBalancer address');
  });

  it('shows only the newest lines, and nothing without lines', () => {
    const frame = renderAt(<ApplyLog lines={log} max={2} />).lastFrame();
    expect(frame).not.toContain('apply 2 objects');
    expect(frame).toContain('read back MeshGateway');
    expect(frame).toContain('waiting for the LoadBalancer address');
    expect(renderAt(<ApplyLog lines={[]} max={5} />).lastFrame()).toBe('');
  });

  it('cuts long lines at 80 columns instead of wrapping them', () => {
    const long: LogLine[] = [
      { id: 1, text: `apply ${'x'.repeat(200)}`, tone: 'ok' },
      { id: 2, text: `kubectl: ${'y'.repeat(200)}`, tone: 'output' },
    ];
    const frame = renderAt(<ApplyLog lines={long} max={5} />).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(linesOf(frame).filter(Boolean)).toHaveLength(2);
    expect(frame).toContain('…');
  });

  it('draws ASCII marks on a dumb terminal', () => {
    const frame = renderAt(<ApplyLog lines={log} max={10} />, { env: DUMB }).lastFrame();
    expect(frame).toContain('[ok] apply 2 objects on c1');
    expect(frame).toContain('[!] Deployment c1m1/echo pods not ready yet');
    expect(frame).toContain('[x] read back MeshGateway');
    expect(frame).not.toMatch(NON_ASCII);
  });
});

describe('Checks', () => {
  it('lists problems first, each with its detail and hint indented below it', () => {
    const lines = linesOf(renderAt(<Checks results={checks} />).lastFrame()).filter(Boolean);
    expect(lines).toEqual([
      'Checks',
      '✖ MeshGateway cross-mesh-gateway',
      '    not found',
      '    hint: apply the gateway step again',
      '⚠ Deployment c1m1/echo',
      '    hint: pods start once scheduled',
      '✔ Namespace c1m1 on c1: sidecar injection on',
      '✔ Namespace c2m1 on c2',
    ]);
  });

  it('cuts the list to maxLines, keeping the problems and counting what it left out', () => {
    const many: CheckResult[] = [...checks, ...Array.from({ length: 10 }, (_, i) => ({ status: 'ok' as const, label: `ok ${i}` }))];
    const frame = renderAt(<Checks results={many} maxLines={8} />).lastFrame();
    expect(frame).toContain('✖ MeshGateway cross-mesh-gateway');
    expect(frame).toMatch(/… \d+ more \(\d+ passed\)/);
    expect(linesOf(frame).filter(Boolean).length).toBeLessThanOrEqual(9);
  });

  it('without a title has no heading, and with no results draws nothing', () => {
    expect(renderAt(<Checks results={checks} title={null} />).lastFrame()).not.toContain('Checks');
    expect(renderAt(<Checks results={[]} />).lastFrame()).toBe('');
  });

  it('fits 80 columns and draws ASCII on a dumb terminal', () => {
    const long: CheckResult[] = [{ status: 'fail', label: 'L'.repeat(120), detail: 'D'.repeat(120), hint: 'H'.repeat(120) }];
    const frame = renderAt(<Checks results={[...long, ...checks]} maxLines={6} />, { env: DUMB }).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(frame).toContain('[x] LLL');
    expect(frame).toMatch(/\.\.\. \d+ more/);
    expect(frame).not.toMatch(UNICODE_MARK);
    expect(uncut(frame)).not.toMatch(NON_ASCII);
  });
});
