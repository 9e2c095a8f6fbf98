import React from 'react';
import { describe, it, expect, vi } from 'vitest';
import { Resume } from '../../../components/Resume.js';
import type { StepStatusRow } from '../../../src/app/scan.js';
import { compareOne } from '../../../src/cluster/read.js';
import { stepState } from '../../../src/app/scan.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { planFor } from '../../../steps/index.js';
import type { StepId } from '../../../src/model/types.js';
import { DUMB, KEY, NON_ASCII, renderAt, widest } from './harness.js';

/** The first `inSync` steps with manifests as planned on the clusters, the rest missing; one object of the next drifted. */
function rows(inSync: number, drift = false): StepStatusRow[] {
  return planFor(defaultConfig())
    .filter((p) => p.manifests.length)
    .map((p, i) => {
      const objects = p.manifests.map((m, j) => {
        if (i < inSync) return compareOne(m, m.object);
        if (drift && i === inSync && j === 0) return compareOne(m, { ...(m.object as Record<string, unknown>), spec: { changed: true } });
        return compareOne(m, undefined);
      });
      return { step: p.step.id, title: p.step.title, state: stepState(objects), objects };
    });
}

function resume(o: { rows?: StepStatusRow[]; point?: StepId; journalProblem?: string; env?: NodeJS.ProcessEnv } = {}) {
  const onChoice = vi.fn();
  const r = renderAt(
    <Resume
      rows={o.rows ?? rows(2)}
      point={o.point ?? 'permissions'}
      onChoice={onChoice}
      {...(o.journalProblem ? { journalProblem: o.journalProblem } : {})}
    />,
    { env: o.env ?? {} },
  );
  return { ...r, onChoice };
}

describe('Resume', () => {
  it('shows each step with its live state, and where it continues', () => {
    const frame = resume().lastFrame();
    expect(frame).toContain('crossmesh found an earlier setup');
    expect(frame).toMatch(/✔ Namespaces\s+in sync/);
    expect(frame).toMatch(/⚠ Traffic permissions\s+not applied\s+▶ continue here/);
    expect(frame).toContain('Enter continue at permissions  r start from the first step  q quit');
  });

  it('lists the drifted objects of a step under it', () => {
    const frame = resume({ rows: rows(2, true) }).lastFrame();
    expect(frame).toMatch(/⚠ \S.*\s+(drifted|partly applied)/);
    expect(frame).toMatch(/drifted: .*\(spec/);
  });

  it('Enter and c continue, r starts again, q quits; other keys do nothing', async () => {
    for (const [keys, choice] of [
      [[KEY.enter], 'continue'],
      [['c'], 'continue'],
      [['r'], 'restart'],
      [['q'], 'quit'],
    ] as const) {
      const r = resume();
      await r.press('x', KEY.esc, ...keys);
      expect(r.onChoice).toHaveBeenCalledTimes(1);
      expect(r.onChoice).toHaveBeenCalledWith(choice);
      r.unmount();
    }
  });

  it('with every step in sync, offers the connectivity check', () => {
    const all = rows(99);
    const frame = resume({ rows: all, point: 'verify' }).lastFrame();
    expect(frame).toContain('crossmesh found this setup complete: every step is in sync');
    expect(frame).toContain('Enter run the connectivity check');
  });

  it('wraps a journal problem whole within 80 columns', () => {
    const problem =
      'the journal .crossmesh/journal.json could not be read (Unexpected end of JSON input); it was set aside as journal.json.damaged-1, and what is on the clusters decides where to continue';
    const frame = resume({ journalProblem: problem }).lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(frame.replace(/\s+/g, ' ')).toContain(problem);
  });

  it('draws ASCII marks on a dumb terminal', () => {
    const frame = resume({ env: DUMB, journalProblem: 'the journal is unreadable' }).lastFrame();
    expect(frame).toMatch(/\[ok\] Namespaces\s+in sync/);
    expect(frame).toMatch(/\[!\] Traffic permissions\s+not applied\s+> continue here/);
    expect(frame).toContain('[!] the journal is unreadable');
    expect(frame).not.toMatch(NON_ASCII);
  });
});
