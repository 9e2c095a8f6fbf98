// What real Kuma 2.14.3 did across zones (kuma-notes.md, "Observed on a real Kuma 2.14.3 multi-zone
// setup"), played by the sandbox's Kuma stand-in: Mesh sync with a delay, the zones' admission
// rules, zone health, Mesh deletion refused while proxies are attached.
import { describe, it, expect, afterEach } from 'vitest';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSandbox } from '../sandbox/fixture.js';
import {
  addDataplane,
  removeDataplane,
  resetStandin,
  setMeshSyncDelay,
  setZoneOnline,
  waitForMeshInZone,
  waitUntil,
} from '../sandbox/standin-control.js';
import { scenario, crossmesh, kubectl, getJson, gatewayController, CLI, type Scenario } from './support.js';
import { Tools } from '../../src/adapter/tools.js';
import { execaRunner } from '../../src/adapter/runner.js';
import { hintFor } from '../../src/adapter/hints.js';
import { gatewayAddressVariable } from '../../src/app/export.js';
import { parseConfigText } from '../../src/config/file.js';

const sb = useSandbox();
type Obj = Record<string, any>;

/** Addresses given up front, so these runs do not wait for load balancers. */
const ADDRESSES = ['--gateway-address', 'mesh1=203.0.113.61', '--gateway-address', 'mesh2=203.0.113.62'];

/** Runs `count` jobs, at most `width` at a time (2 cores: a few kubectl processes at once). */
async function inBatches<T>(count: number, width: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += width)
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => job(start + k)))));
  return out;
}

/** The variable apply.sh reads a gateway's address from (named after the configured mesh). */
function addressVariable(s: Scenario, mesh: 'mesh1' | 'mesh2'): string {
  return gatewayAddressVariable(parseConfigText(readFileSync(join(s.dir, 'crossmesh.yaml'), 'utf8')), mesh);
}

afterEach(async () => {
  if (sb) await resetStandin(sb);
});

describe.skipIf(!sb)('apply never races the Mesh sync', () => {
  for (const delayMs of [2_000, 5_000]) {
    it(`crossmesh apply --yes succeeds 10 times out of 10 with a ${delayMs / 1000} s sync delay`, async () => {
      await setMeshSyncDelay(sb!, delayMs);
      const results = await inBatches(10, 5, async (i) => {
        const s = scenario(sb!, `r${delayMs / 1000}x${i}`);
        const r = await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES]);
        return { i, ...r };
      });
      const failed = results.filter((r) => r.exitCode !== 0);
      expect(failed.map((r) => `run ${r.i}: exit ${r.exitCode}\n${r.stdout.slice(-1500)}\n${r.stderr}`)).toEqual([]);
      for (const r of results) {
        // the mtls step ends only once both zones have both meshes
        expect(r.stdout).toMatch(/r\d+x\d+mesh1, r\d+x\d+mesh2 are in zone1, zone2\n[\s\S]*mtls: applied/);
        expect(r.stdout).toContain('Every step is done.');
        // Kuma's deprecation warning for `from` is expected: shown once, explained once
        expect(r.stdout.match(/Warning: 'from' field is deprecated/g)).toHaveLength(1);
        expect(r.stdout.match(/Kuma warns that MeshTrafficPermission "from" is deprecated: expected on Kuma 2\.x/g)).toHaveLength(1);
      }
    }, 300_000);

    it(`the exported apply.sh succeeds 10 times out of 10 with a ${delayMs / 1000} s sync delay`, async () => {
      await setMeshSyncDelay(sb!, delayMs);
      const results = await inBatches(10, 5, async (i) => {
        const s = scenario(sb!, `x${delayMs / 1000}x${i}`);
        const exported = await crossmesh(s, ['export', 'out']);
        expect(exported.exitCode).toBe(0);
        const r = await execa('bash', [join(s.dir, 'out', 'apply.sh')], {
          cwd: s.dir,
          env: { ...s.env, [addressVariable(s, 'mesh1')]: '203.0.113.71', [addressVariable(s, 'mesh2')]: 'gw.example.test' },
          reject: false,
          timeout: 200_000,
        });
        return { i, exitCode: r.exitCode, out: `${String(r.stdout).slice(-1500)}\n${String(r.stderr).slice(-1500)}`, s };
      });
      expect(results.filter((r) => r.exitCode !== 0).map((r) => `run ${r.i}: exit ${r.exitCode}\n${r.out}`)).toEqual([]);
      // what apply.sh made is what crossmesh plans: status finds it in sync (with the same addresses)
      const status = await crossmesh(results[0]!.s, ['status']);
      expect(status.stdout).toMatch(/mtls\s+in sync/);
      expect(status.exitCode).toBe(0);
    }, 300_000);
  }
});

describe.skipIf(!sb)('a zone that is offline at the global', () => {
  it('prerequisites and status name the zone; apply starts no zone step', async () => {
    const s = scenario(sb!, 'zo');
    await setZoneOnline(sb!, 'zone2', false);
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/cluster 2 \(context c2\): zone zone2 is offline at the global control plane: disconnected since \S+/);
    expect(r.stdout).toMatch(/hint: The zone control plane is not connected to the global, so new Meshes and changes do not reach it/);
    expect(r.stdout).toMatch(/cluster 1 \(context c1\): zone zone1 is online at the global control plane/);
    expect(r.stdout).not.toMatch(/== step 2/);
    expect(await getJson(sb!, 'c1', ['namespace', s.names.ns.c1m1])).toBeUndefined();

    const status = await crossmesh(s, ['status']);
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(
      /zone zone2 \(context c2\): OFFLINE: not connected to the global, so it receives no Meshes or changes, since \S+/,
    );
    expect(status.stdout).toMatch(/zone zone1 \(context c1\): online/);
    const json = JSON.parse(String((await crossmesh(s, ['status', '--json'])).stdout)) as Obj;
    expect(json.zones).toEqual([
      { cluster: 'cluster1', context: 'c1', zone: 'zone1', state: 'online', since: expect.any(String) },
      { cluster: 'cluster2', context: 'c2', zone: 'zone2', state: 'offline', since: expect.any(String) },
    ]);
  });

  it('a zone that kept an older Mesh: status says the sync is broken, not "in sync", until the zone catches up', async () => {
    const s = scenario(sb!, 'sb');
    expect((await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES])).exitCode).toBe(0);
    const planned = ['status'];
    expect((await crossmesh(s, planned)).exitCode).toBe(0);

    // zone 2 goes offline and keeps a Mesh that is not the global's any more
    await setZoneOnline(sb!, 'zone2', false);
    const patched = await kubectl(sb!, 'c2', [
      'patch',
      'meshes.kuma.io',
      s.names.mesh1,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { meshServices: { mode: 'Everywhere' } } }),
    ]);
    expect(patched.exitCode).toBe(0);
    const broken = await crossmesh(s, planned);
    expect(broken.exitCode).toBe(3);
    expect(broken.stdout).toMatch(/mtls\s+sync broken: on the global as planned, not so in every zone/);
    expect(broken.stdout).toContain(`${s.names.mesh1} in zone zone2 (context c2) differs from the global's:`);
    expect(broken.stdout).toContain('meshServices.mode: planned "Exclusive", in the zone "Everywhere"');
    expect(broken.stdout).toMatch(/hint: The zone is not taking the global's Meshes/);

    // back online, the global's version wins again
    await setZoneOnline(sb!, 'zone2', true);
    await waitUntil('the zone copy to be re-synced', async () => (await crossmesh(s, planned)).exitCode === 0, 30_000);
  });
});

describe.skipIf(!sb)("Kuma's refusals, each with its own hint", () => {
  const tools = () => new Tools({ kubeconfig: sb!.kubeconfig, runner: (req) => execaRunner({ ...req, env: { PATH: sb!.env.PATH } }) });
  const ns = () => sb!.systemNamespace;
  const policy = (name: string, mesh: string, labels: Record<string, string> = { 'kuma.io/origin': 'zone' }) =>
    JSON.stringify({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTrafficPermission',
      metadata: { name, namespace: ns(), labels: { 'kuma.io/mesh': mesh, ...labels } },
      spec: { targetRef: { kind: 'Mesh' }, from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }] },
    });
  const mesh = (name: string, backend: string) =>
    JSON.stringify({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Mesh',
      metadata: { name },
      spec: { mtls: { enabledBackend: backend, backends: [{ name: backend, type: 'builtin' }] } },
    });

  it('a mesh the zone does not have yet (also on a dry run)', async () => {
    for (const dry of [['--dry-run=server'], []]) {
      const r = await tools().kubectl('c1', ['apply', ...dry, '-f', '-'], { input: policy('rf-none', 'rf-nosuchmesh') });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(
        'admission webhook "owner-reference.kuma-admission.kuma.io" denied the request: Mesh.kuma.io "rf-nosuchmesh" not found',
      );
      expect(hintFor(r, 'c1')).toMatch(
        /^The zone "c1" does not know mesh "rf-nosuchmesh" yet: the global control plane has not copied it there\./,
      );
    }
  });

  it("a policy in a zone's system namespace without kuma.io/origin: zone", async () => {
    expect((await tools().kubectl('global', ['apply', '-f', '-'], { input: mesh('rf-origin', 'ca-1') })).exitCode).toBe(0);
    await waitForMeshInZone(sb!, 'c1', 'rf-origin');
    const r = await tools().kubectl('c1', ['apply', '-f', '-'], { input: policy('rf-origin', 'rf-origin', {}) });
    expect(r.stderr).toContain("requires 'kuma.io/origin' label to be set to 'zone'");
    expect(hintFor(r, 'c1')).toMatch(/accepts policies in its system namespace only with the label kuma\.io\/origin: zone/);
  });

  it('a CA change on a mesh with mTLS on is not taken for an RBAC refusal', async () => {
    expect((await tools().kubectl('global', ['apply', '-f', '-'], { input: mesh('rf-ca', 'ca-1') })).exitCode).toBe(0);
    const r = await tools().kubectl('global', ['apply', '-f', '-'], { input: mesh('rf-ca', 'ca-2') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Changing CA when mTLS is enabled is forbidden');
    expect(hintFor(r, 'global')).toMatch(/this is Kuma's rule, not a permissions problem/);
    expect(hintFor(r, 'global')).not.toMatch(/RBAC/);
  });

  it('deleting a mesh that still has data plane proxies', async () => {
    expect((await tools().kubectl('global', ['apply', '-f', '-'], { input: mesh('rf-dp', 'ca-1') })).exitCode).toBe(0);
    await waitForMeshInZone(sb!, 'c2', 'rf-dp');
    const dp = { context: 'c2', namespace: 'rf-dp', name: 'web-1' };
    await addDataplane(sb!, { ...dp, mesh: 'rf-dp' });
    try {
      const r = await tools().kubectl('global', ['delete', 'meshes.kuma.io', 'rf-dp']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('there are still some dataplanes attached');
      expect(hintFor(r, 'global')).toMatch(/^The mesh still has data plane proxies/);
    } finally {
      await removeDataplane(sb!, dp);
    }
  });

  it('RBAC: only kubectl\'s "is forbidden: User ... cannot" form gets the RBAC hint', async () => {
    const r = await tools().kubectl('c1', ['--as=rf-learner', 'apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'rf-rbac' } }),
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/is forbidden: User "rf-learner" cannot/);
    expect(hintFor(r, 'c1')).toMatch(/may not change these objects: ask for the RBAC rights/);
  });

  it('crossmesh stops before a CA change itself, and says which backend to keep', async () => {
    const s = scenario(sb!, 'ca');
    expect((await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES])).exitCode).toBe(0);
    const file = join(s.dir, 'crossmesh.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `${readFileSync(file, 'utf8')}ca: { backend: ca-9 }\n`);
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`Mesh ${s.names.mesh1} has mTLS on with the CA backend "ca-1"; the plan enables "ca-9".`);
    expect(r.stdout).toMatch(/hint: Kuma refuses this change while mTLS is on .* set ca\.backend: ca-1 in crossmesh\.yaml/);
    expect(((await getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh1])) as Obj).spec.mtls.enabledBackend).toBe('ca-1');
  });
});

describe.skipIf(!sb)("teardown in Kuma's order", () => {
  it('waits while a mesh still has proxies, explains why, and deletes it once they are gone', async () => {
    const s = scenario(sb!, 'tq');
    expect((await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES])).exitCode).toBe(0);
    const dp = { context: 'c1', namespace: s.names.ns.c1m1, name: 'echo-6f7d9' };
    await addDataplane(sb!, { ...dp, mesh: s.names.mesh1 });
    const child = execa(process.execPath, [CLI, 'teardown', '--yes'], { cwd: s.dir, env: s.env, reject: false, timeout: 120_000 });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitUntil('teardown to explain the refusal', async () => /Kuma still counts data plane proxies/.test(out), 60_000);
      // the Mesh is still there while the proxy is
      expect(await getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh1])).toBeDefined();
    } finally {
      await removeDataplane(sb!, dp);
    }
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(out).toMatch(/Deleted \d+ objects/);
    await waitUntil(
      'the Mesh to be gone from the global',
      async () => !(await getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh1])),
      10_000,
    );
    // order: the workloads went before the policies, the policies before the Meshes
    const at = (re: RegExp) => out.split('\n').findIndex((l) => re.test(l));
    expect(at(/deployment\.apps "echo" deleted/)).toBeLessThan(at(/meshtrafficpermission\.kuma\.io "allow-all-/));
    expect(at(/meshtrafficpermission\.kuma\.io "allow-all-/)).toBeLessThan(at(/Kuma still counts data plane proxies/));
  });
});

describe.skipIf(!sb)('state that survives a failed run', () => {
  it('after a gateway wait that ran out, the next run completes; the journal keeps what crossmesh made as its own, with the addresses', async () => {
    const s: Scenario = scenario(sb!, 'rt', { gatewayWait: '2s' });
    const first = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toMatch(/no gateway address for rtmesh1/);

    const stops = [
      gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: '203.0.113.81' }),
      gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: '203.0.113.82' }),
    ];
    try {
      const second = await crossmesh(s, ['apply', '--yes', '--no-verify']);
      expect(second.stderr).toBe('');
      expect(second.exitCode).toBe(0);
    } finally {
      stops.forEach((stop) => stop());
    }
    const journal = JSON.parse(readFileSync(join(s.dir, '.crossmesh', 'journal.json'), 'utf8')) as Obj;
    expect(journal.facts.gatewayAddresses).toEqual({ mesh1: '203.0.113.81', mesh2: '203.0.113.82' });
    const latest = new Map<string, Obj>();
    for (const e of journal.entries as Obj[]) latest.set(e.id, e);
    expect([...latest.values()].filter((e) => e.existedBefore).map((e) => e.id)).toEqual([]);
    expect((await crossmesh(s, ['status'])).exitCode).toBe(0);

    const down = await crossmesh(s, ['teardown', '--yes']);
    expect(down.exitCode).toBe(0);
    expect(down.stdout).not.toMatch(/^keep /m);
  });
});
