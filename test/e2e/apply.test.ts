import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { useSandbox } from '../sandbox/fixture.js';
import { scenario, crossmesh, getJson, kubectl, gatewayController, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

describe.skipIf(!sb)('crossmesh apply --yes against the sandbox', () => {
  let s: Scenario;
  const stops: Array<() => void> = [];

  beforeAll(() => {
    s = scenario(sb!, 'ap');
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: '203.0.113.21' }));
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: 'gw2.example.test' }));
  });
  afterAll(() => stops.forEach((stop) => stop()));

  it('applies every step, waiting for the simulated load balancer addresses', async () => {
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Every step is done.');
    for (const step of ['namespaces', 'mtls', 'permissions', 'workloads', 'gateway', 'external-service', 'reverse-matrix'])
      expect(r.stdout).toMatch(new RegExp(`${step}: applied`));
  });

  it('put each object in the cluster where Kuma accepts it, with the planned spec', async () => {
    const { names } = s;
    // namespaces: mesh membership and injection labels, cluster 1 vs cluster 2
    for (const [ctx, ns, mesh] of [
      ['c1', names.ns.c1m1, names.mesh1],
      ['c1', names.ns.c1m2, names.mesh2],
      ['c2', names.ns.c2m1, names.mesh1],
      ['c2', names.ns.c2m2, names.mesh2],
    ] as const) {
      const live = (await getJson(sb!, ctx, ['namespace', ns])) as Obj;
      expect(live.metadata.labels).toMatchObject({
        'kuma.io/mesh': mesh,
        'kuma.io/sidecar-injection': 'enabled',
        'app.kubernetes.io/managed-by': 'crossmesh',
      });
      expect(await getJson(sb!, ctx === 'c1' ? 'c2' : 'c1', ['namespace', ns])).toBeUndefined();
    }
    // meshes only on the global control plane, with the builtin CA and Exclusive mode
    const mesh1 = (await getJson(sb!, 'global', ['meshes.kuma.io', names.mesh1])) as Obj;
    expect(mesh1.spec).toMatchObject({
      meshServices: { mode: 'Exclusive' },
      skipCreatingInitialPolicies: ['*'],
      mtls: {
        enabledBackend: 'ca-1',
        backends: [
          {
            name: 'ca-1',
            type: 'builtin',
            dpCert: { rotation: { expiration: '1d' } },
            conf: { caCert: { RSAbits: 2048, expiration: '10y' } },
          },
        ],
      },
    });
    const mesh2 = (await getJson(sb!, 'global', ['meshes.kuma.io', names.mesh2])) as Obj;
    expect(mesh2.spec.networking).toEqual({ outbound: { passthrough: false } });
    // the zones hold the global's copies (the Kuma stand-in syncs them), never a Mesh of their own
    for (const ctx of ['c1', 'c2'])
      expect(((await getJson(sb!, ctx, ['meshes.kuma.io', names.mesh1])) as Obj).metadata.labels).toMatchObject({
        'kuma.io/origin': 'global',
      });

    // permissions in the system namespace of the zones where echo runs
    const ns = sb!.systemNamespace;
    const mtp = (await getJson(sb!, 'c1', ['meshtrafficpermissions.kuma.io', `allow-all-${names.mesh1}`, '-n', ns])) as Obj;
    expect(mtp.metadata.labels).toMatchObject({ 'kuma.io/mesh': names.mesh1, 'kuma.io/origin': 'zone' });
    expect(mtp.spec.from[0].default.action).toBe('Allow');
    expect(await getJson(sb!, 'c1', ['meshtrafficpermissions.kuma.io', `allow-all-${names.mesh2}`, '-n', ns])).toBeDefined();
    expect(await getJson(sb!, 'c2', ['meshtrafficpermissions.kuma.io', `allow-all-${names.mesh1}`, '-n', ns])).toBeDefined();
    expect(await getJson(sb!, 'c2', ['meshtrafficpermissions.kuma.io', `allow-all-${names.mesh2}`, '-n', ns])).toBeUndefined();

    // workloads: echo behind both gateways and in zone 2 for /zone2echo, clients in cluster 2
    const svc = (await getJson(sb!, 'c1', ['service', 'echo', '-n', names.ns.c1m1])) as Obj;
    expect(svc.spec.ports.find((p: Obj) => p.name === 'http')).toMatchObject({ port: 1027, appProtocol: 'http' });
    expect(await getJson(sb!, 'c1', ['deployment', 'echo', '-n', names.ns.c1m2])).toBeDefined();
    expect(await getJson(sb!, 'c2', ['deployment', 'echo', '-n', names.ns.c2m1])).toBeDefined();
    for (const n of [names.ns.c2m1, names.ns.c2m2])
      expect(((await getJson(sb!, 'c2', ['deployment', 'client', '-n', n])) as Obj).spec.template.spec.containers[0].image).toBe(
        'curlimages/curl:8.11.1',
      );
    expect(await getJson(sb!, 'c2', ['deployment', 'client', '-n', names.ns.c1m1]).catch(() => undefined)).toBeUndefined();

    // gateways in cluster 1: instance in the mesh namespace, cluster-scoped MeshGateway, routes pinned
    const mgi = (await getJson(sb!, 'c1', ['meshgatewayinstances.kuma.io', names.gw1, '-n', names.ns.c1m1])) as Obj;
    expect(mgi.spec).toMatchObject({ replicas: 1, serviceType: 'LoadBalancer' });
    expect(
      await getJson(sb!, 'c2', ['meshgatewayinstances.kuma.io', names.gw1, '-n', names.ns.c1m1]).catch(() => undefined),
    ).toBeUndefined();
    const mg = (await getJson(sb!, 'c1', ['meshgateways.kuma.io', names.gw1])) as Obj;
    expect(mg.mesh).toBe(names.mesh1);
    expect(mg.metadata.namespace).toBeUndefined();
    expect(mg.spec.selectors[0].match['kuma.io/service']).toBe(`${names.gw1}_${names.ns.c1m1}_svc`);
    const route = (await getJson(sb!, 'c1', ['meshhttproutes.kuma.io', `gw-to-${names.mesh1}-echo-zone2`, '-n', ns])) as Obj;
    expect(route.spec.to[0].rules[0].default.backendRefs[0].labels).toEqual({
      'kuma.io/display-name': 'echo',
      'k8s.kuma.io/namespace': names.ns.c2m1,
      'kuma.io/zone': 'zone2',
    });

    // external services in cluster 2 only, pointing at the load balancer addresses
    const mes1 = (await getJson(sb!, 'c2', ['meshexternalservices.kuma.io', `echo-apmesh-1-http`, '-n', ns])) as Obj;
    expect(mes1.metadata.labels['kuma.io/mesh']).toBe(names.mesh2);
    expect(mes1.spec.endpoints).toEqual([{ address: '203.0.113.21', port: 8080 }]);
    const mes2 = (await getJson(sb!, 'c2', ['meshexternalservices.kuma.io', `echo-apmesh-2-http`, '-n', ns])) as Obj;
    expect(mes2.spec.endpoints).toEqual([{ address: 'gw2.example.test', port: 8080 }]);
    expect(await getJson(sb!, 'c1', ['meshexternalservices.kuma.io', `echo-apmesh-1-http`, '-n', ns])).toBeUndefined();
  });

  it('changes nothing on a second run and exits 0', async () => {
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/ created| configured/);
    for (const step of ['namespaces', 'mtls', 'permissions', 'workloads', 'gateway', 'external-service', 'reverse-matrix'])
      expect(r.stdout).toMatch(new RegExp(`${step}: in-sync`));
    const status = await crossmesh(s, ['status']);
    expect(status.exitCode).toBe(0);
  });

  it('verify says plainly that the client pods are not running, without hanging', async () => {
    const started = Date.now();
    const r = await crossmesh(s, ['verify'], { timeoutMs: 30_000 });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/client pod is not running \(no client pod exists yet\), so no request was sent/);
    expect(r.stdout).not.toMatch(/HTTP 2\d\d/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('writes an apply.sh whose every kubectl line names its context', async () => {
    const r = await crossmesh(s, ['export', 'out']);
    expect(r.exitCode).toBe(0);
    const { readFileSync } = await import('node:fs');
    const script = readFileSync(`${s.dir}/out/apply.sh`, 'utf8');
    for (const line of script.split('\n').filter((l) => /^kubectl|\| kubectl/.test(l)))
      expect(line).toMatch(/--context (c1|c2|global|"\$1")/);
    const dry = await kubectl(sb!, 'c1', ['get', 'ns', s.names.ns.c1m1]);
    expect(dry.exitCode).toBe(0);
  });
});
