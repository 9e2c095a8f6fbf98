import React from 'react';
import { describe, it, expect } from 'vitest';
import { StepList } from '../../../components/StepList.js';
import type { WizardState } from '../../../src/tui/state.js';
import { DUMB, NON_ASCII, linesOf, renderAt, widest } from './harness.js';

const steps: WizardState['steps'] = [
  { id: 'prerequisites', title: 'Prerequisites', status: 'checked' },
  { id: 'namespaces', title: 'Namespaces', status: 'in-sync' },
  { id: 'mtls', title: 'Meshes with mTLS', status: 'applied' },
  { id: 'permissions', title: 'Traffic permissions', status: 'failed' },
  { id: 'workloads', title: 'Workloads', status: 'skipped' },
  { id: 'gateway', title: 'Gateway for mesh1', status: 'rehearsed' },
  { id: 'external-service', title: 'mesh2 -> mesh1', status: 'current' },
  { id: 'reverse-matrix', title: 'The other direction', status: 'pending' },
];

describe('StepList', () => {
  it('with more steps than rows (132 links), shows a window around the current step and says how many are hidden', () => {
    const many: WizardState['steps'] = Array.from({ length: 150 }, (_, i) => ({
      id: `s${i}`,
      title: `step ${i + 1}`,
      status: i < 80 ? 'applied' : i === 80 ? 'current' : 'pending',
    }));
    const lines = linesOf(renderAt(<StepList steps={many} width={24} height={12} />).lastFrame());
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]).toBe('Steps');
    expect(lines[1]).toMatch(/^↑ \d+ more$/);
    expect(lines.at(-1)).toMatch(/^↓ \d+ more$/);
    expect(lines.some((l) => l.includes('81. step 81'))).toBe(true);
    const hidden = Number(/\d+/.exec(lines[1]!)![0]) + Number(/\d+/.exec(lines.at(-1)!)![0]);
    expect(hidden + lines.length - 3).toBe(150);
  });

  it('shows every step without a window when they fit', () => {
    const lines = linesOf(renderAt(<StepList steps={steps} width={40} height={20} />).lastFrame());
    expect(lines).toHaveLength(steps.length + 1);
  });

  it('marks every status, with the word beside it when there is room', () => {
    const lines = linesOf(renderAt(<StepList steps={steps} width={40} />).lastFrame());
    expect(lines).toEqual([
      'Steps',
      '✔ 1. Prerequisites (checked)',
      '✔ 2. Namespaces (in sync)',
      '✔ 3. Meshes with mTLS (applied)',
      '✖ 4. Traffic permissions (failed)',
      '↷ 5. Workloads (skipped)',
      '◇ 6. Gateway for mesh1 (rehearsed)',
      '▶ 7. mesh2 -> mesh1',
      '○ 8. The other direction',
    ]);
  });

  it('in the 24 columns it has at 80x24, leaves the words out and cuts long titles', () => {
    const frame = renderAt(<StepList steps={steps} width={24} />).lastFrame();
    expect(frame).not.toContain('(checked)');
    expect(widest(frame)).toBeLessThanOrEqual(24);
  });

  it('on a dumb terminal: ASCII marks, padded so the step numbers stay in one column', () => {
    const frame = renderAt(<StepList steps={steps} width={40} />, { env: DUMB }).lastFrame();
    const lines = linesOf(frame).slice(1);
    expect(lines[0]).toBe('[ok] 1. Prerequisites (checked)');
    expect(lines[3]).toBe('[x]  4. Traffic permissions (failed)');
    expect(lines[4]).toBe('[-]  5. Workloads (skipped)');
    expect(lines[5]).toBe('[r]  6. Gateway for mesh1 (rehearsed)');
    expect(lines[6]).toBe('>    7. mesh2 -> mesh1');
    expect(lines[7]).toBe('[ ]  8. The other direction');
    expect(new Set(lines.map((l) => l.search(/\d\. /))).size).toBe(1);
    expect(frame).not.toMatch(NON_ASCII);
  });
});
