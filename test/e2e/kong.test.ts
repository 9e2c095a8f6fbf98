// The Kong Gateway path against the sandbox: a mixed setup (one mesh on Kong Gateway, one on the
// built-in gateway) applied, checked, applied again, torn down; the wizard walking it at 80x24; and
// the prerequisites naming a missing Kong Operator or Gateway API.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { join } from 'node:path';
import { useSandbox } from '../sandbox/fixture.js';
import { assignKongGatewayAddress, findKongGatewayService } from '../sandbox/gateway-sim.js';
import { removeKongOperator, restoreKongOperator, waitUntil } from '../sandbox/standin-control.js';
import { PtySession } from '../support/pty.js';
import { scenario, crossmesh, getJson, gatewayController, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

/** A scenario whose meshes use the given gateway kinds (the Kong Gateway in its own namespace). */
function kongScenario(prefix: string, kinds: { mesh1: 'builtin' | 'kong'; mesh2: 'builtin' | 'kong' }): Scenario {
  const base = scenario(sb!, prefix);
  const meshes = Object.fromEntries(
    (['mesh1', 'mesh2'] as const).map((m) => [
      m,
      {
        name: base.names[m],
        cluster1Namespace: base.names.ns[m === 'mesh1' ? 'c1m1' : 'c1m2'],
        cluster2Namespace: base.names.ns[m === 'mesh1' ? 'c2m1' : 'c2m2'],
        gateway: { kind: kinds[m], name: base.names[m === 'mesh1' ? 'gw1' : 'gw2'], port: kinds[m] === 'kong' ? 80 : 8080 },
      },
    ]),
  );
  return scenario(sb!, prefix, { meshes });
}

/** Plays the cloud for a Kong Gateway: the stand-in's ingress Service gets `address`, then the Gateway's status. */
function kongController(namespace: string, gateway: string, address: string): () => void {
  const abort = new AbortController();
  void assignKongGatewayAddress({
    kubectl: join(sb!.binDir, 'kubectl'),
    kubeconfig: sb!.kubeconfig,
    context: 'c1',
    namespace,
    gateway,
    address,
    timeoutMs: 30 * 60_000,
    signal: abort.signal,
  }).catch(() => {
    /* stopped, or the Gateway never came: the test's own assertions report it */
  });
  return () => abort.abort();
}

describe.skipIf(!sb)('prerequisites of the Kong Gateway path', () => {
  let s: Scenario;
  beforeAll(() => {
    s = kongScenario('kp', { mesh1: 'kong', mesh2: 'builtin' });
  });
  afterEach(async () => {
    await restoreKongOperator(sb!, 'c1');
  });

  it('without Kong Operator on cluster 1, apply stops at the prerequisites, names what is missing and shows the Helm commands', async () => {
    await removeKongOperator(sb!, 'c1');
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/Kong Operator installed/);
    expect(r.stdout).toContain('a Deployment labelled app.kubernetes.io/component=ko');
    expect(r.stdout).toContain('helm upgrade --install kong-operator kong/kong-operator -n kong-system --create-namespace');
    // nothing was sent: not even the namespaces
    expect(await getJson(sb!, 'c1', ['namespace', s.names.ns.c1m1])).toBeUndefined();
  });

  it('without the Gateway API types, apply stops at the prerequisites and says how to install them', async () => {
    await removeKongOperator(sb!, 'c1', { crds: 'all' });
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/Gateway API types/);
    expect(r.stdout).toContain('gateways.gateway.networking.k8s.io');
    expect(r.stdout).toContain('standard-install.yaml');
    expect(await getJson(sb!, 'c1', ['namespace', s.names.ns.c1m1])).toBeUndefined();
  });
});

describe.skipIf(!sb)('a mixed setup: mesh1 on Kong Gateway, mesh2 on the built-in gateway', () => {
  let s: Scenario;
  let kongNs: string;
  const stops: Array<() => void> = [];
  beforeAll(() => {
    s = kongScenario('kg', { mesh1: 'kong', mesh2: 'builtin' });
    kongNs = `${s.names.ns.c1m1}-gateway`;
    stops.push(kongController(kongNs, s.names.gw1, '203.0.113.71'));
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: '203.0.113.72' }));
  });
  afterAll(() => stops.forEach((stop) => stop()));

  it('apply --yes builds both kinds, and each external service points at its gateway', async () => {
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Kong Operator 2.2.3');
    expect(r.stdout).toContain('Every step is done.');
    expect(r.exitCode).toBe(0);

    const sys = sb!.systemNamespace;
    const gatewayClass = (await getJson(sb!, 'c1', ['gatewayclasses.gateway.networking.k8s.io', s.names.gw1])) as Obj;
    expect(gatewayClass.spec.controllerName).toBe('konghq.com/gateway-operator');
    const gateway = (await getJson(sb!, 'c1', ['gateways.gateway.networking.k8s.io', s.names.gw1, '-n', kongNs])) as Obj;
    expect(gateway.status.addresses[0].value).toBe('203.0.113.71');
    const configuration = (await getJson(sb!, 'c1', [
      'gatewayconfigurations.gateway-operator.konghq.com',
      s.names.gw1,
      '-n',
      kongNs,
    ])) as Obj;
    expect(configuration.spec.dataPlaneOptions.deployment.podTemplateSpec.metadata.annotations).toEqual({ 'kuma.io/gateway': 'enabled' });
    expect(await getJson(sb!, 'c1', ['httproutes.gateway.networking.k8s.io', `gw-to-${s.names.mesh1}-echo`, '-n', kongNs])).toBeDefined();
    expect(
      await getJson(sb!, 'c1', ['referencegrants.gateway.networking.k8s.io', `${s.names.gw1}-to-echo`, '-n', s.names.ns.c1m1]),
    ).toBeDefined();
    expect(await getJson(sb!, 'c1', ['meshtrafficpermissions.kuma.io', `allow-${s.names.gw1}`, '-n', sys])).toBeDefined();
    // no built-in gateway for mesh1, a built-in one for mesh2
    expect(await getJson(sb!, 'c1', ['meshgateways.kuma.io', s.names.gw1])).toBeUndefined();
    expect(await getJson(sb!, 'c1', ['meshgateways.kuma.io', s.names.gw2])).toBeDefined();
    const mes = (name: string) => getJson(sb!, 'c2', ['meshexternalservices.kuma.io', name, '-n', sys]) as Promise<Obj>;
    expect((await mes(`echo-${s.names.mesh1.replace(/(\d+)$/, '-$1')}-http`)).spec.endpoints).toEqual([
      { address: '203.0.113.71', port: 80 },
    ]);
    expect((await mes(`echo-${s.names.mesh2.replace(/(\d+)$/, '-$1')}-http`)).spec.endpoints).toEqual([
      { address: '203.0.113.72', port: 8080 },
    ]);
  });

  it('status says every step is in sync (exit 0), and a second apply changes nothing', async () => {
    const st = await crossmesh(s, ['status']);
    expect(st.stdout).not.toMatch(/missing|drifted|partly applied/);
    expect(st.exitCode).toBe(0);
    const again = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toMatch(/\b(created|configured)\b/);
    expect(again.stdout.match(/every object is already as planned/g)?.length).toBeGreaterThanOrEqual(7);
  });

  it('teardown removes the objects of both kinds, and the operator stand-in removes the Kong ingress Service', async () => {
    const r = await crossmesh(s, ['teardown', '--yes']);
    expect(r.stdout).toContain(`delete  GatewayClass ${s.names.gw1}`);
    expect(r.exitCode).toBe(0);
    const gone = async (context: string, args: string[]) => {
      const o: Obj | undefined = await getJson(sb!, context, args);
      return !o || Boolean(o.metadata?.deletionTimestamp);
    };
    expect(await gone('c1', ['gatewayclasses.gateway.networking.k8s.io', s.names.gw1])).toBe(true);
    expect(await gone('c1', ['gateways.gateway.networking.k8s.io', s.names.gw1, '-n', kongNs])).toBe(true);
    expect(await gone('c1', ['gatewayconfigurations.gateway-operator.konghq.com', s.names.gw1, '-n', kongNs])).toBe(true);
    expect(await gone('c1', ['meshgateways.kuma.io', s.names.gw2])).toBe(true);
    const ref = {
      kubectl: join(sb!.binDir, 'kubectl'),
      kubeconfig: sb!.kubeconfig,
      context: 'c1',
      namespace: kongNs,
      gateway: s.names.gw1,
    };
    await waitUntil('the Kong ingress Service is gone', async () => (await findKongGatewayService(ref)) === null);
    expect(await gone('global', ['meshes.kuma.io', s.names.mesh1])).toBe(true);
    const after = await crossmesh(s, ['teardown', '--yes']);
    expect(after.stdout).toContain('Nothing that crossmesh created is left.');
  });
});

describe.skipIf(!sb)('the wizard walks the Kong Gateway path at 80x24', () => {
  let session: PtySession | undefined;
  const stops: Array<() => void> = [];
  afterAll(() => stops.forEach((stop) => stop()));
  afterEach(() => session?.kill());

  it('mesh2 on Kong Gateway: each step with its key line, the Kong objects previewed, then applied', async () => {
    const s = kongScenario('kw', { mesh1: 'builtin', mesh2: 'kong' });
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: '203.0.113.81' }));
    stops.push(kongController(`${s.names.ns.c1m2}-gateway`, s.names.gw2, '203.0.113.82'));
    session = new PtySession([], { cwd: s.dir, env: s.env, cols: 80, rows: 24 });
    const sess = session;
    await sess.waitFor(/step 1 of 9[\s\S]*a run the checks/, 30_000);
    sess.press('a');
    await sess.waitFor(/Done: Prerequisites \(checked\)/, 30_000);
    const walk = [
      'Namespaces',
      'Meshes with mTLS',
      'Traffic permissions',
      'Workloads',
      `Gateway for ${s.names.mesh1}`,
      `${s.names.mesh2} -> ${s.names.mesh1}`,
    ];
    const re = (t: string) => t.replace(/[>-]/g, '.');
    for (const [i, title] of walk.entries()) {
      await sess.waitFor(new RegExp(`step ${i + 2} of 9[\\s\\S]*${re(title)}[\\s\\S]*a apply`), 60_000);
      sess.press('a');
      await sess.waitFor(new RegExp(`Done: ${re(title)} \\(applied\\)`), 90_000);
    }
    // the Kong Gateway of mesh2: its objects in the preview, within 80 columns
    const screen = await sess.waitFor(
      new RegExp(`step 8 of 9[\\s\\S]*${re(`${s.names.mesh1} -> ${s.names.mesh2}`)}[\\s\\S]*a apply`),
      60_000,
    );
    expect(screen).toMatch(/GatewayConfiguration/);
    expect(screen.split('\n').every((l) => l.length <= 80)).toBe(true);
    sess.press('e');
    await sess.waitFor(/Kong Operator/);
    sess.press('a');
    await sess.waitFor(new RegExp(`Done: ${re(`${s.names.mesh1} -> ${s.names.mesh2}`)} \\(applied\\)`), 90_000);
    await sess.waitFor('step 9 of 9');
    sess.press('q');
    await sess.exit();

    const sys = sb!.systemNamespace;
    expect(
      ((await getJson(sb!, 'c1', ['gateways.gateway.networking.k8s.io', s.names.gw2, '-n', `${s.names.ns.c1m2}-gateway`])) as Obj).status
        .addresses[0].value,
    ).toBe('203.0.113.82');
    expect(
      (
        (await getJson(sb!, 'c2', [
          'meshexternalservices.kuma.io',
          `echo-${s.names.mesh2.replace(/(\d+)$/, '-$1')}-http`,
          '-n',
          sys,
        ])) as Obj
      ).spec.endpoints[0],
    ).toEqual({ address: '203.0.113.82', port: 80 });
    const down = await crossmesh(s, ['teardown', '--yes']);
    expect(down.exitCode).toBe(0);
  });
});
