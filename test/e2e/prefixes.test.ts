// A workshop on one pair of clusters: three learners with the same crossmesh.yaml and their own
// --prefix apply side by side; each one's status is clean, tearing one down leaves the others in
// sync, and the instructor's `status --all-prefixes` lists every setup and how far it has come.
import { describe, it, expect, beforeAll } from 'vitest';
import { useSandbox } from '../sandbox/fixture.js';
import { scenario, crossmesh, getJson, type Scenario } from './support.js';

const sb = useSandbox();

const LEARNERS = ['wsa', 'wsb', 'wsc'] as const;

describe.skipIf(!sb)('three learners, one pair of clusters', () => {
  // one folder per learner (each has its own journal), the same crossmesh.yaml in each
  const folders = new Map<string, Scenario>();
  let instructor: Scenario;
  beforeAll(() => {
    for (const p of LEARNERS) folders.set(p, scenario(sb!, 'ws'));
    instructor = scenario(sb!, 'ws');
  });

  const asLearner = (p: string, args: string[]) =>
    crossmesh(folders.get(p)!, [...args, '--prefix', p, ...(args[0] === 'apply' ? ADDRESSES(p) : [])]);
  const ADDRESSES = (p: string) => {
    const n = 90 + LEARNERS.indexOf(p as (typeof LEARNERS)[number]) * 2;
    return ['--gateway-address', `mesh1=203.0.113.${n}`, '--gateway-address', `mesh2=203.0.113.${n + 1}`];
  };

  it('each applies with its own prefix, at the same time, and each status is clean', async () => {
    const runs = await Promise.all(LEARNERS.map((p) => asLearner(p, ['apply', '--yes', '--no-verify'])));
    for (const [i, r] of runs.entries()) {
      expect(r.stdout, LEARNERS[i]).toContain('Every step is done.');
      expect(r.exitCode).toBe(0);
    }
    const mesh = (await getJson(sb!, 'global', ['meshes.kuma.io', 'wsb-wsmesh1'])) as { metadata: { labels: Record<string, string> } };
    expect(mesh.metadata.labels['crossmesh.io/prefix']).toBe('wsb');
    for (const p of LEARNERS) expect((await asLearner(p, ['status'])).exitCode).toBe(0);
  });

  it('the instructor lists every learner and how far each has come', async () => {
    const r = await crossmesh(instructor, ['status', '--all-prefixes']);
    expect(r.stdout).toContain('3 prefixed setups on these clusters:');
    for (const p of LEARNERS) expect(r.stdout).toMatch(new RegExp(`${p}\\s+\\S* ?7 of 7 steps in sync`));
    expect(r.exitCode).toBe(0);
    const json = JSON.parse((await crossmesh(instructor, ['status', '--all-prefixes', '--json'])).stdout) as {
      setups: Array<{ prefix: string; inSync: number }>;
    };
    expect(json.setups.map((s) => s.prefix)).toEqual([...LEARNERS]);
  });

  it("one learner's teardown leaves the other two in sync; the list shows how far the torn-down one is", async () => {
    const down = await asLearner('wsb', ['teardown', '--yes']);
    expect(down.exitCode).toBe(0);
    expect(down.stdout).not.toMatch(/wsa-|wsc-/);
    expect((await asLearner('wsa', ['status'])).exitCode).toBe(0);
    expect((await asLearner('wsc', ['status'])).exitCode).toBe(0);
    const again = await asLearner('wsb', ['teardown', '--yes']);
    expect(again.stdout).toContain('Nothing that crossmesh created is left.');
    const list = await crossmesh(instructor, ['status', '--all-prefixes']);
    expect(list.stdout).toMatch(/wsa\s+\S* ?7 of 7 steps in sync/);
    expect(list.stdout).toMatch(/wsc\s+\S* ?7 of 7 steps in sync/);
    expect(list.stdout).not.toMatch(/wsb\s+\S* ?7 of 7/);
  });
});
