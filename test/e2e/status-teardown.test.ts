// status after hand edits, refusal of a context that moved to another cluster, and teardown.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { scenario, crossmesh, kubectl, getJson, gatewayController, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

function controllers(s: Scenario, stops: Array<() => void>, base: number): void {
  stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: `203.0.113.${base}` }));
  stops.push(
    gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: `203.0.113.${base + 1}` }),
  );
}

async function applyAll(s: Scenario, extra: string[] = []): Promise<void> {
  const r = await crossmesh(s, ['apply', '--yes', '--no-verify', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('Every step is done.');
  expect(r.exitCode).toBe(0);
}

/** deleted (NotFound) or being deleted (deletionTimestamp set; namespaces never finish here) */
async function goneOrGoing(context: string, args: string[]): Promise<boolean> {
  const o: Obj | undefined = await getJson(sb!, context, args);
  return !o || Boolean(o.metadata?.deletionTimestamp);
}

describe.skipIf(!sb)('status after hand edits, and apply repairing them', () => {
  let s: Scenario;
  const stops: Array<() => void> = [];
  beforeAll(async () => {
    s = scenario(sb!, 'st');
    controllers(s, stops, 51);
    await applyAll(s);
  });
  afterAll(() => stops.forEach((stop) => stop()));

  it('names a route deleted by hand as missing, exit 3', async () => {
    const ns = sb!.systemNamespace;
    const route = `gw-to-${s.names.mesh1}-echo-zone2`;
    const del = await kubectl(sb!, 'c1', ['delete', 'meshhttproutes.kuma.io', route, '-n', ns]);
    expect(del.exitCode).toBe(0);

    const r = await crossmesh(s, ['status']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/gateway\s+partly applied/);
    expect(r.stdout).toContain(`missing: MeshHTTPRoute ${ns}/${route} on c1`);
    expect(r.stdout).toMatch(/namespaces\s+in sync/);

    const j = await crossmesh(s, ['status', '--json']);
    expect(j.exitCode).toBe(3);
    const report = JSON.parse(String(j.stdout)) as Obj;
    expect(report.inSync).toBe(false);
    const gateway = report.steps.find((x: Obj) => x.step === 'gateway');
    expect(gateway.state).toBe('partial');
    expect(gateway.objects.filter((o: Obj) => o.state !== 'in-sync')).toEqual([
      { object: `MeshHTTPRoute ${ns}/${route}`, tool: 'kubectl', context: 'c1', state: 'missing', differences: [] },
    ]);
  });

  it('shows a field changed by hand as drifted, with its path, planned and live values', async () => {
    const ns = sb!.systemNamespace;
    const mtp = `allow-all-${s.names.mesh1}`;
    const patch = await kubectl(sb!, 'c1', [
      'patch',
      'meshtrafficpermissions.kuma.io',
      mtp,
      '-n',
      ns,
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/from/0/default/action","value":"Deny"}]',
    ]);
    expect(patch.exitCode).toBe(0);
    // and the echo Service loses its appProtocol
    const svc = (await getJson(sb!, 'c1', ['service', 'echo', '-n', s.names.ns.c1m1])) as Obj;
    const i = svc.spec.ports.findIndex((p: Obj) => p.name === 'http');
    const patch2 = await kubectl(sb!, 'c1', [
      'patch',
      'service',
      'echo',
      '-n',
      s.names.ns.c1m1,
      '--type',
      'json',
      '-p',
      JSON.stringify([{ op: 'replace', path: `/spec/ports/${i}/appProtocol`, value: 'tcp' }]),
    ]);
    expect(patch2.exitCode).toBe(0);

    const r = await crossmesh(s, ['status']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/permissions\s+drifted/);
    expect(r.stdout).toContain(`drifted: MeshTrafficPermission ${ns}/${mtp} on c1`);
    expect(r.stdout).toContain('spec.from[0].default.action: planned "Allow", live "Deny"');
    expect(r.stdout).toMatch(/workloads\s+drifted/);
    expect(r.stdout).toContain(`drifted: Service ${s.names.ns.c1m1}/echo on c1`);
    expect(r.stdout).toContain(`spec.ports[${i}].appProtocol: planned "http", live "tcp"`);

    const j = await crossmesh(s, ['status', '--json']);
    expect(j.exitCode).toBe(3);
    const report = JSON.parse(String(j.stdout)) as Obj;
    const objectOf = (step: string, name: string) =>
      report.steps.find((x: Obj) => x.step === step).objects.find((o: Obj) => o.object === name);
    expect(report.steps.find((x: Obj) => x.step === 'permissions').state).toBe('drifted');
    expect(objectOf('permissions', `MeshTrafficPermission ${ns}/${mtp}`)).toMatchObject({
      context: 'c1',
      state: 'drifted',
      differences: [{ path: 'spec.from[0].default.action', planned: 'Allow', live: 'Deny' }],
    });
    expect(objectOf('workloads', `Service ${s.names.ns.c1m1}/echo`)).toMatchObject({
      context: 'c1',
      state: 'drifted',
      differences: [{ path: `spec.ports[${i}].appProtocol`, planned: 'http', live: 'tcp' }],
    });
    // the deleted route is still reported alongside
    expect(objectOf('gateway', `MeshHTTPRoute ${ns}/gw-to-${s.names.mesh1}-echo-zone2`).state).toBe('missing');
  });

  it('apply --yes repairs every hand edit and status is back to exit 0', async () => {
    await applyAll(s);
    const r = await crossmesh(s, ['status']);
    expect(r.stdout).toContain('Every step matches the plan.');
    expect(r.exitCode).toBe(0);
    const mtp = (await getJson(sb!, 'c1', [
      'meshtrafficpermissions.kuma.io',
      `allow-all-${s.names.mesh1}`,
      '-n',
      sb!.systemNamespace,
    ])) as Obj;
    expect(mtp.spec.from[0].default.action).toBe('Allow');
    expect(
      await getJson(sb!, 'c1', ['meshhttproutes.kuma.io', `gw-to-${s.names.mesh1}-echo-zone2`, '-n', sb!.systemNamespace]),
    ).toBeDefined();
  });
});

describe.skipIf(!sb)('a context that now points at another cluster', () => {
  let s: Scenario;
  let moved: string;
  const stops: Array<() => void> = [];
  beforeAll(async () => {
    s = scenario(sb!, 'rb');
    controllers(s, stops, 61);
    await applyAll(s);
    // the same kubeconfig, but context c2 now names c1's cluster
    const kc = parse(readFileSync(sb!.kubeconfig, 'utf8')) as Obj;
    const clusterOf = (ctx: string) => kc.contexts.find((c: Obj) => c.name === ctx).context.cluster;
    kc.contexts.find((c: Obj) => c.name === 'c2').context.cluster = clusterOf('c1');
    moved = join(s.dir, 'moved-kubeconfig.yaml');
    writeFileSync(moved, stringify(kc), { mode: 0o600 });
  });
  afterAll(() => stops.forEach((stop) => stop()));

  const appliedToC1 = async () =>
    (await kubectl(sb!, 'c1', ['get', 'ns', s.names.ns.c2m2, '--ignore-not-found', '-o', 'name'])).stdout.trim();

  it('status refuses with exit 1, naming the context', async () => {
    const r = await crossmesh(s, ['status', '--kubeconfig', moved]);
    expect(r.stderr).toMatch(/context "c2" now points to a different cluster/);
    expect(r.stderr).toMatch(/--rebind/);
    expect(r.exitCode).toBe(1);
  });

  it('apply --yes refuses with exit 1 and applies nothing to the other cluster', async () => {
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify', '--kubeconfig', moved]);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/context "c2" now points to a different cluster/);
    expect(r.exitCode).toBe(1);
    expect(await appliedToC1()).toBe('');
    expect(await getJson(sb!, 'c1', ['deployment', 'client', '-n', s.names.ns.c2m2]).catch(() => undefined)).toBeUndefined();
    expect(
      await getJson(sb!, 'c1', ['meshexternalservices.kuma.io', `echo-${s.prefix}mesh-1-http`, '-n', sb!.systemNamespace]),
    ).toBeUndefined();
    // and the binding on record is still the original cluster
    const ok = await crossmesh(s, ['status']);
    expect(ok.exitCode).toBe(0);
  });

  it('with --rebind it proceeds', async () => {
    const st = await crossmesh(s, ['status', '--rebind', '--kubeconfig', moved]);
    expect(st.stderr).not.toMatch(/different cluster/);
    // the cluster-2 objects are not on c1 (yet): a scan, not a refusal
    expect(st.stdout).toMatch(/missing: Namespace .* on c2/);
    expect(st.exitCode).toBe(3);

    const r = await crossmesh(s, ['apply', '--yes', '--no-verify', '--rebind', '--kubeconfig', moved]);
    expect(r.stdout).toContain('Every step is done.');
    expect(r.exitCode).toBe(0);
    expect(await appliedToC1()).toBe(`namespace/${s.names.ns.c2m2}`);
  });
});

describe.skipIf(!sb)('teardown', () => {
  let s: Scenario;
  const stops: Array<() => void> = [];
  beforeAll(async () => {
    s = scenario(sb!, 'td');
    controllers(s, stops, 71);
    // a namespace someone made before crossmesh, with something of their own in it
    expect((await kubectl(sb!, 'c1', ['create', 'namespace', s.names.ns.c1m1])).exitCode).toBe(0);
    expect((await kubectl(sb!, 'c1', ['create', 'configmap', 'mine', '-n', s.names.ns.c1m1, '--from-literal', 'k=v'])).exitCode).toBe(0);
    await applyAll(s);
  });
  afterAll(() => stops.forEach((stop) => stop()));

  it('without --yes and without a terminal, exits 2 asking for --yes and deletes nothing', async () => {
    const r = await crossmesh(s, ['teardown']);
    expect(r.stderr).toMatch(/--yes/);
    expect(r.exitCode).toBe(2);
    const status = await crossmesh(s, ['status']);
    expect(status.exitCode).toBe(0);
    expect((await getJson(sb!, 'c2', ['namespace', s.names.ns.c2m2])) as Obj).toMatchObject({ metadata: { name: s.names.ns.c2m2 } });
    expect(((await getJson(sb!, 'c2', ['namespace', s.names.ns.c2m2])) as Obj).metadata.deletionTimestamp).toBeUndefined();
  });

  it('--yes keeps the namespace that existed before and deletes the rest in reverse order', async () => {
    const { names } = s;
    const r = await crossmesh(s, ['teardown', '--yes']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`keep\\s+Namespace ${names.ns.c1m1} on c1: it existed before crossmesh`));
    for (const ns of [names.ns.c1m2, names.ns.c2m1, names.ns.c2m2]) expect(r.stdout).toMatch(new RegExp(`delete\\s+Namespace ${ns} on c`));
    expect(r.stdout).toMatch(new RegExp(`delete\\s+Mesh ${names.mesh1} on global`));
    expect(r.stdout).not.toMatch(new RegExp(`delete\\s+Namespace ${names.ns.c1m1} `));
    // reverse order: the external services go before the meshes, the meshes before the namespaces
    const at = (re: RegExp) => r.stdout.search(re);
    expect(at(/delete\s+MeshExternalService/)).toBeLessThan(at(/delete\s+Mesh /));
    expect(at(/delete\s+Mesh /)).toBeLessThan(at(/delete\s+Namespace /));

    // the hand-made namespace and its ConfigMap are untouched
    const kept = (await getJson(sb!, 'c1', ['namespace', names.ns.c1m1])) as Obj;
    expect(kept.metadata.deletionTimestamp).toBeUndefined();
    const cm = (await getJson(sb!, 'c1', ['configmap', 'mine', '-n', names.ns.c1m1])) as Obj;
    expect(cm.data).toEqual({ k: 'v' });
    expect(cm.metadata.deletionTimestamp).toBeUndefined();
    // what crossmesh put into it is gone
    expect(await goneOrGoing('c1', ['deployment', 'echo', '-n', names.ns.c1m1])).toBe(true);
    expect(await goneOrGoing('c1', ['meshgatewayinstances.kuma.io', names.gw1, '-n', names.ns.c1m1])).toBe(true);
    // the rest is deleted (namespaces stay Terminating in this sandbox)
    expect(await goneOrGoing('c1', ['namespace', names.ns.c1m2])).toBe(true);
    expect(await goneOrGoing('c2', ['namespace', names.ns.c2m1])).toBe(true);
    expect(await goneOrGoing('c2', ['namespace', names.ns.c2m2])).toBe(true);
    expect(await goneOrGoing('global', ['meshes.kuma.io', names.mesh1])).toBe(true);
    expect(await goneOrGoing('global', ['meshes.kuma.io', names.mesh2])).toBe(true);
    expect(await goneOrGoing('c1', ['meshtrafficpermissions.kuma.io', `allow-all-${names.mesh1}`, '-n', sb!.systemNamespace])).toBe(true);
    expect(await goneOrGoing('c2', ['meshexternalservices.kuma.io', `echo-${s.prefix}mesh-1-http`, '-n', sb!.systemNamespace])).toBe(true);
    expect(await goneOrGoing('c1', ['meshgateways.kuma.io', names.gw2])).toBe(true);
  });
});
