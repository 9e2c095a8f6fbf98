// A third zone on request (zones.ts ensureThirdZone): context c3, Kuma zone zone3, set up like c1
// and c2 and served by the Kuma stand-in like them. Names start with `tz-`; every test removes what
// it made and restores the control ConfigMap, because later files share the sandbox (which keeps c3).
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './fixture.js';
import { assignKongGatewayAddress, assignLoadBalancerAddress, waitForGatewayAddress } from './gateway-sim.js';
import { procAlive } from './procs.js';
import { readStateFile, stateFileIn } from './sandbox.js';
import {
  kongOperatorInstalled,
  meshInZone,
  resetStandin,
  setMeshSyncDelay,
  setZoneOnline,
  waitForKongOperatorPass,
  waitForMeshInZone,
  waitUntil,
  zoneOnline,
} from './standin-control.js';
import { ensureThirdZone, type ThirdZone } from './zones.js';

const sb = useSandbox();
type Obj = Record<string, any>;
const ROOT = resolve(import.meta.dirname, '../..');

describe.skipIf(!sb)('third zone on request (context c3, zone3)', () => {
  const sys = sb?.systemNamespace ?? 'kong-mesh-system';
  const k = async (context: string, args: string[], input?: unknown) => {
    // sb.env: the sandbox's kubectl on PATH and KUBECONFIG, as a process started by a test gets them
    const r = await execa('kubectl', ['--context', context, ...args], {
      env: sb!.env,
      reject: false,
      input: input === undefined ? '' : typeof input === 'string' ? input : JSON.stringify(input),
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const ok = async (context: string, args: string[], input?: unknown) => {
    const r = await k(context, args, input);
    if (r.exitCode !== 0) throw new Error(`kubectl --context ${context} ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  const getObj = async (context: string, args: string[]): Promise<Obj | undefined> => {
    const r = await ok(context, ['get', ...args, '-o', 'json', '--ignore-not-found']);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as Obj) : undefined;
  };
  const mesh = (name: string) => ({ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name }, spec: {} });
  const removeMesh = async (name: string) => {
    await k('global', ['delete', 'meshes.kuma.io', name, '--ignore-not-found']);
    await waitUntil(`Mesh ${name} gone from the zones`, async () => {
      for (const ctx of ['c1', 'c2', 'c3']) if (await meshInZone(sb!, ctx, name)) return false;
      return true;
    });
  };

  let mine: ThirdZone;
  let other: { exitCode: number; stderr: string };
  beforeAll(async () => {
    // Two callers at once, as two test files in two worker processes would be: this process, and
    // `sandbox add-zone` in another one, pointed at this run's sandbox through a copy of its state.
    const stateDir = mkdtempSync(join(tmpdir(), 'crossmesh-tz-'));
    writeFileSync(join(stateDir, 'state.json'), JSON.stringify(sb!.state));
    const cli = execa(process.execPath, ['--import', 'tsx', join(ROOT, 'test/sandbox/cli.ts'), 'add-zone'], {
      cwd: ROOT,
      env: { ...process.env, CROSSMESH_SANDBOX_STATE: join(stateDir, 'state.json') },
      reject: false,
    });
    const log = (l: string) => process.stderr.write(`[third zone] ${l}\n`);
    [mine, other] = await Promise.all([
      ensureThirdZone(sb!, { log }),
      cli.then((r) => ({ exitCode: r.exitCode ?? -1, stderr: String(r.stderr) })),
    ]);
    rmSync(stateDir, { recursive: true, force: true });
    process.stderr.write(`[third zone] other process: ${other.stderr}\n`);
  });

  it('two callers at once start one API server; a later call finds everything in place', async () => {
    expect(other.exitCode).toBe(0);
    expect(other.stderr).toMatch(/contexts c1 c2 c3 global \(zone3 (added|was already there)\)/);
    // whichever came second only waited for the lock and found the zone there
    expect([mine.added, /zone3 added/.test(other.stderr)].filter(Boolean).length).toBeLessThanOrEqual(1);
    const st = readStateFile(stateFileIn(sb!.dir))!;
    const c3 = st.procs.filter((p) => p.name === 'kube-apiserver-c3');
    expect(c3).toHaveLength(1); // recorded there, so stop(), `down` and the reaper stop it
    expect(procAlive(c3[0]!)).toBe(true);
    expect(st.apiservers.c3?.url).toBe(mine.url);
    expect(st.extraZones?.c3).toEqual({ zone: 'zone3', installed: true });
    expect(sb!.zones.c3).toBe('zone3');

    const again = await ensureThirdZone(sb!);
    expect(again).toMatchObject({ context: 'c3', zone: 'zone3', url: mine.url, added: false });
    expect(again.seconds).toBeLessThan(5);
  });

  it('kubectl --context c3 works for a process started afterwards: Kuma, Gateway API and Kong Operator CRDs', async () => {
    expect((await ok('c3', ['get', 'crd', 'meshes.kuma.io', '-o', 'name'])).stdout).toBe(
      'customresourcedefinition.apiextensions.k8s.io/meshes.kuma.io',
    );
    for (const crd of ['gateways.gateway.networking.k8s.io', 'gatewayconfigurations.gateway-operator.konghq.com'])
      expect((await k('c3', ['get', 'crd', crd, '-o', 'name'])).exitCode).toBe(0);
    // the same CRD set as c1
    const names = async (ctx: string) => (await ok(ctx, ['get', 'crd', '-o', 'name'])).stdout.split('\n').sort();
    expect(await names('c3')).toEqual(await names('c1'));
    expect((await ok('c3', ['config', 'get-contexts', '-o', 'name'])).stdout.split('\n').sort()).toEqual(['c1', 'c2', 'c3', 'global']);
    // its own etcd prefix: c1's objects are not there
    const uid = async (ctx: string) => (await ok(ctx, ['get', 'ns', 'kube-system', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    expect(await uid('c3')).not.toBe(await uid('c1'));
  });

  it('the control-plane Deployment on c3 says zone3, and the kong-operator Deployment is there as on c1', async () => {
    const name = sys === 'kuma-system' ? 'kuma-control-plane' : 'kong-mesh-control-plane';
    const d = (await getObj('c3', ['-n', sys, 'deployment', name]))!;
    expect(d.metadata.labels['app.kubernetes.io/version']).toBe('2.14.3');
    const env = Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e.value]));
    expect(env).toMatchObject({ KUMA_MODE: 'zone', KUMA_MULTIZONE_ZONE_NAME: 'zone3', KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE: sys });
    expect((await getObj('c3', ['-n', sys, 'service', name]))!.spec.ports.map((p: Obj) => p.port)).toEqual([5680, 5681, 5682]);
    expect(await kongOperatorInstalled(sb!, 'c3')).toBe(true);
  });

  it('a Mesh created on the global shows up on c3 labelled kuma.io/origin: global, and leaves with it', async () => {
    const name = 'tz-sync';
    try {
      await ok('global', ['apply', '-f', '-'], mesh(name));
      await waitForMeshInZone(sb!, 'c3', name);
      expect((await getObj('c3', ['meshes.kuma.io', name]))!.metadata.labels).toEqual({ 'kuma.io/origin': 'global' });
    } finally {
      await removeMesh(name);
    }
  });

  it('zone3 at the global: Zone and ZoneInsight online; offline it gets no new Mesh until it is back', async () => {
    const name = 'tz-offline';
    const delay = 300;
    try {
      expect((await getObj('global', ['zones.kuma.io', 'zone3']))!.spec).toEqual({ enabled: true });
      expect(await zoneOnline(sb!, 'zone3')).toBe(true);
      await setMeshSyncDelay(sb!, delay);
      await setZoneOnline(sb!, 'zone3', false);
      await ok('global', ['apply', '-f', '-'], mesh(name));
      await waitForMeshInZone(sb!, 'c1', name);
      // c3 must stay without it: watch it for several sync periods
      const until = Date.now() + 4 * delay;
      while (Date.now() < until) expect(await meshInZone(sb!, 'c3', name)).toBe(false);
      await setZoneOnline(sb!, 'zone3', true);
      await waitForMeshInZone(sb!, 'c3', name);
    } finally {
      await resetStandin(sb!);
      await removeMesh(name);
    }
  });

  it("c3's webhooks: a policy of a mesh it lacks is refused with Kuma's message; one of a synced mesh gets kuma.io/zone: zone3", async () => {
    const name = 'tz-hook';
    const policy = (mesh: string) => ({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTrafficPermission',
      metadata: { name: 'tz-mtp', namespace: sys, labels: { 'kuma.io/mesh': mesh, 'kuma.io/origin': 'zone' } },
      spec: { targetRef: { kind: 'Mesh' } },
    });
    try {
      const refused = await k('c3', ['apply', '--dry-run=server', '-f', '-'], policy('tz-absent'));
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain(
        'admission webhook "owner-reference.kuma-admission.kuma.io" denied the request: Mesh.kuma.io "tz-absent" not found',
      );
      const foreign = await k('c3', ['apply', '--dry-run=server', '-f', '-'], {
        ...mesh('tz-foreign'),
        metadata: { name: 'tz-foreign', labels: { 'kuma.io/zone': 'zone1' } },
      });
      expect(foreign.stderr).toContain('but this Zone CP is "zone3"');
      await ok('global', ['apply', '-f', '-'], mesh(name));
      await waitForMeshInZone(sb!, 'c3', name);
      await ok('c3', ['apply', '-f', '-'], policy(name));
      const made = (await getObj('c3', ['-n', sys, 'meshtrafficpermissions.kuma.io', 'tz-mtp']))!;
      expect(made.metadata.labels).toMatchObject({ 'kuma.io/zone': 'zone3', 'kuma.io/mesh': name, 'kuma.io/origin': 'zone' });
      expect(made.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Mesh', name })]);
    } finally {
      await k('c3', ['-n', sys, 'delete', 'meshtrafficpermissions.kuma.io', 'tz-mtp', '--ignore-not-found']);
      await removeMesh(name);
    }
  });

  it('gateway Services on c3: the Kuma stand-in for a MeshGatewayInstance, the Kong Operator stand-in for a Gateway', async () => {
    const name = 'tz-gw';
    const ns = 'tz-gw';
    const kubectl = { kubectl: join(sb!.binDir, 'kubectl'), kubeconfig: sb!.kubeconfig, context: 'c3', namespace: ns, timeoutMs: 30_000 };
    try {
      await ok('global', ['apply', '-f', '-'], mesh(name));
      await waitForMeshInZone(sb!, 'c3', name);
      await ok('c3', ['create', 'namespace', ns]);
      await ok('c3', ['apply', '-f', '-'], {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'kuma.io/v1alpha1',
            kind: 'MeshGatewayInstance',
            metadata: { name, namespace: ns, labels: { 'kuma.io/mesh': name } },
            spec: { replicas: 1 },
          },
          {
            apiVersion: 'kuma.io/v1alpha1',
            kind: 'MeshGateway',
            mesh: name,
            metadata: { name },
            spec: {
              selectors: [{ match: { 'kuma.io/service': `${name}_${ns}_svc` } }],
              conf: { listeners: [{ port: 8080, protocol: 'HTTP' }] },
            },
          },
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'GatewayClass',
            metadata: { name },
            spec: { controllerName: 'konghq.com/gateway-operator' },
          },
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'Gateway',
            metadata: { name: 'tz-kong', namespace: ns },
            spec: { gatewayClassName: name, listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
          },
        ],
      });
      await assignLoadBalancerAddress({ ...kubectl, name, address: '192.0.2.30' });
      const svc = (await getObj('c3', ['-n', ns, 'service', name]))!;
      expect(svc.metadata.annotations).toMatchObject({ 'kuma.io/gateway': 'builtin' });
      expect(svc.status.loadBalancer.ingress.map((i: Obj) => i.ip)).toEqual(['192.0.2.30']);
      await assignKongGatewayAddress({ ...kubectl, gateway: 'tz-kong', address: 'tz.example.test' });
      expect(await waitForGatewayAddress({ ...kubectl, gateway: 'tz-kong', value: 'tz.example.test' })).toEqual([
        { type: 'Hostname', value: 'tz.example.test' },
      ]);
      await waitForKongOperatorPass(sb!, 'c3');
    } finally {
      await k('c3', ['-n', ns, 'delete', 'gateways.gateway.networking.k8s.io,meshgatewayinstances.kuma.io', '--all', '--ignore-not-found']);
      await k('c3', ['delete', 'meshgateways.kuma.io', name, '--ignore-not-found']);
      await k('c3', ['delete', 'gatewayclasses.gateway.networking.k8s.io', name, '--ignore-not-found']);
      await k('c3', ['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
      await removeMesh(name);
    }
  });
});
