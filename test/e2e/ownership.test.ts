// Two setups side by side on the same clusters: tearing one down never removes the other's objects,
// with or without its journal.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { scenario, crossmesh, getJson, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;
const ADDRESSES = ['--gateway-address', 'mesh1=203.0.113.91', '--gateway-address', 'mesh2=203.0.113.92'];

/** A second folder that uses the first setup's mesh names, with namespaces and gateways of its own. */
function neighbour(first: Scenario, prefix: string): Scenario {
  const dir = mkdtempSync(join(tmpdir(), `crossmesh-e2e-${prefix}-`));
  const ns = { c1m1: `${prefix}-c1m1`, c1m2: `${prefix}-c1m2`, c2m1: `${prefix}-c2m1`, c2m2: `${prefix}-c2m2` };
  const names = { ...first.names, ns, gw1: `${prefix}-gw1`, gw2: `${prefix}-gw2` };
  writeFileSync(
    join(dir, 'crossmesh.yaml'),
    stringify({
      version: 1,
      global: { tool: 'kubectl', context: sb!.globalContext },
      meshes: {
        mesh1: { name: names.mesh1, cluster1Namespace: ns.c1m1, cluster2Namespace: ns.c2m1, gateway: { name: names.gw1, port: 8080 } },
        mesh2: { name: names.mesh2, cluster1Namespace: ns.c1m2, cluster2Namespace: ns.c2m2, gateway: { name: names.gw2, port: 8080 } },
      },
    }),
  );
  return { dir, prefix, names, env: first.env };
}

/** Every object of setup `s` that only it can have made (its Meshes, permissions and namespaces). */
async function firstSetupObjects(s: Scenario): Promise<Array<Obj | undefined>> {
  const ns = sb!.systemNamespace;
  return Promise.all([
    getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh1]),
    getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh2]),
    getJson(sb!, 'c1', ['meshtrafficpermissions.kuma.io', `allow-all-${s.names.mesh1}`, '-n', ns]),
    getJson(sb!, 'c1', ['meshtrafficpermissions.kuma.io', `allow-all-${s.names.mesh2}`, '-n', ns]),
    getJson(sb!, 'c2', ['meshtrafficpermissions.kuma.io', `allow-all-${s.names.mesh1}`, '-n', ns]),
    getJson(sb!, 'c1', ['namespace', s.names.ns.c1m1]),
    getJson(sb!, 'c1', ['deployment', 'echo', '-n', s.names.ns.c1m1]),
    getJson(sb!, 'c1', ['meshgatewayinstances.kuma.io', s.names.gw1, '-n', s.names.ns.c1m1]),
  ]);
}

describe.skipIf(!sb)('two setups side by side', () => {
  for (const journal of ['kept', 'lost'] as const) {
    it(`tearing down the second (journal ${journal}) leaves every object of the first in place`, async () => {
      const first = scenario(sb!, journal === 'kept' ? 'oa' : 'oc');
      expect((await crossmesh(first, ['apply', '--yes', '--no-verify', ...ADDRESSES])).exitCode).toBe(0);
      const second = neighbour(first, journal === 'kept' ? 'ob' : 'od');
      const applied = await crossmesh(second, ['apply', '--yes', '--no-verify', ...ADDRESSES]);
      expect(applied.exitCode).toBe(0);
      // the second found the first's Meshes and permissions as planned and made none of them
      expect(applied.stdout).toMatch(/mtls: in-sync/);
      expect(applied.stdout).toMatch(/permissions: in-sync/);

      if (journal === 'lost') rmSync(join(second.dir, '.crossmesh'), { recursive: true, force: true });
      const down = await crossmesh(second, ['teardown', '--yes']);
      expect(down.exitCode).toBe(0);
      expect(down.stdout).toMatch(
        new RegExp(`keep    Mesh ${first.names.mesh1} on global: another crossmesh setup made it \\(crossmesh\\.io/setup=`),
      );
      expect(down.stdout).toMatch(
        new RegExp(`keep    MeshTrafficPermission \\S+/allow-all-${first.names.mesh1} on c1: another crossmesh setup made it`),
      );
      expect(down.stdout).not.toMatch(new RegExp(`delete  Mesh ${first.names.mesh1}\\b`));
      // the second's own objects did go
      expect(down.stdout).toMatch(new RegExp(`delete  Namespace ${second.names.ns.c1m1} on c1`));

      for (const o of await firstSetupObjects(first)) {
        expect(o).toBeDefined();
        expect(o!.metadata.deletionTimestamp).toBeUndefined();
      }
      const status = await crossmesh(first, ['status']);
      expect(status.stdout).toMatch(/mtls\s+in sync/);
      expect(status.stdout).toMatch(/permissions\s+in sync/);
      expect(status.stdout).toMatch(/workloads\s+in sync/);
    });
  }

  it("every object crossmesh creates names its setup; the first setup's own teardown removes them", async () => {
    const s = scenario(sb!, 'oe');
    expect((await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES])).exitCode).toBe(0);
    const mesh = (await getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh1])) as Obj;
    const setup = mesh.metadata.labels['crossmesh.io/setup'];
    expect(setup).toMatch(/^crossmesh-e2e-oe-[a-z0-9]+-[0-9a-f]{8}$/);
    const ns = (await getJson(sb!, 'c2', ['namespace', s.names.ns.c2m2])) as Obj;
    expect(ns.metadata.labels['crossmesh.io/setup']).toBe(setup);
    const down = await crossmesh(s, ['teardown', '--yes']);
    expect(down.exitCode).toBe(0);
    expect(down.stdout).not.toMatch(/^keep /m);
  });
});
