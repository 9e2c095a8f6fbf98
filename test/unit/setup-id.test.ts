import { describe, it, expect } from 'vitest';
import { setupIdFor } from '../../src/state/setup.js';

describe('setupIdFor', () => {
  it('is the same for the same folder, different for another, and a valid label value', () => {
    const a = setupIdFor('/work/Workshop Group 3/crossmesh.yaml');
    expect(setupIdFor('/work/Workshop Group 3/other.yaml')).toBe(a);
    expect(setupIdFor('/work/Workshop Group 4/crossmesh.yaml')).not.toBe(a);
    expect(a).toMatch(/^workshop-group-3-[0-9a-f]{8}$/);
    for (const id of [a, setupIdFor('/crossmesh.yaml'), setupIdFor(`/tmp/${'x'.repeat(300)}/c.yaml`), setupIdFor('/tmp/---/c.yaml')])
      expect(id).toMatch(/^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/);
  });
});
