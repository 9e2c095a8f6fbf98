import { describe, it, expect } from 'vitest';
import { resumePoint, stepsInSync, type StepStatusRow } from '../../src/app/scan.js';
import type { StepId } from '../../src/model/types.js';

const row = (step: StepId, state: StepStatusRow['state']): StepStatusRow => ({ step, title: step, state, objects: [] });

describe('resumePoint', () => {
  it('is the first step that is not in sync', () => {
    const rows = [
      row('prerequisites', 'no-objects'),
      row('namespaces', 'in-sync'),
      row('mtls', 'in-sync'),
      row('permissions', 'partial'),
      row('workloads', 'missing'),
      row('verify', 'no-objects'),
    ];
    expect(resumePoint(rows)).toBe('permissions');
    expect(stepsInSync(rows)).toEqual(['namespaces', 'mtls']);
  });

  it('with everything in sync, is the connectivity check (unless it is left out); with nothing applied, there is none', () => {
    const done = [row('prerequisites', 'no-objects'), row('namespaces', 'in-sync'), row('mtls', 'in-sync'), row('verify', 'no-objects')];
    expect(resumePoint(done)).toBe('verify');
    expect(resumePoint(done, { verify: false })).toBeUndefined();
    expect(resumePoint([row('prerequisites', 'no-objects'), row('verify', 'no-objects')])).toBeUndefined();
  });

  it('a broken sync or a namespace being deleted is where it continues', () => {
    expect(resumePoint([row('namespaces', 'terminating'), row('mtls', 'in-sync')])).toBe('namespaces');
    expect(resumePoint([row('namespaces', 'in-sync'), row('mtls', 'sync-broken')])).toBe('mtls');
  });
});
