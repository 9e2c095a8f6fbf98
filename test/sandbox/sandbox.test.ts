import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useSandbox } from './fixture.js';
import { procAlive, type ProcRecord } from './procs.js';
import { readStateFile, sandboxFromState, startSandbox, stateFileIn } from './sandbox.js';
import { assignLoadBalancerAddress } from './gateway-sim.js';
import { waitForMeshInZone } from './standin-control.js';
import { ensureThirdZone } from './zones.js';

const sb = useSandbox();

describe.skipIf(!sb)('sandbox (shared, one per run)', () => {
  const run = (args: string[], input?: string) => execa('kubectl', args, { env: sb!.env, ...(input !== undefined ? { input } : {}) });

  it('serves the Kuma CRDs on both zones, with the real kubectl version', async () => {
    for (const ctx of sb!.contexts) {
      const r = await run(['--context', ctx, 'get', 'crd', 'meshes.kuma.io', '-o', 'name']);
      expect(r.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/meshes.kuma.io');
    }
    const v = JSON.parse((await run(['--context', 'c1', 'version', '-o', 'json'])).stdout) as {
      clientVersion: { gitVersion: string };
      serverVersion: { gitVersion: string };
    };
    expect(v.clientVersion.gitVersion).toMatch(/^v1\.36\.\d+$/);
    expect(v.serverVersion.gitVersion).toBe(v.clientVersion.gitVersion);
  });

  it('has the control-plane Deployment the wizard detects, per zone', async () => {
    const ns = sb!.systemNamespace;
    const name = ns === 'kuma-system' ? 'kuma-control-plane' : 'kong-mesh-control-plane';
    for (const ctx of sb!.contexts) {
      const d = JSON.parse((await run(['--context', ctx, '-n', ns, 'get', 'deployment', name, '-o', 'json'])).stdout) as {
        metadata: { labels: Record<string, string> };
        spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
      };
      expect(d.metadata.labels['app.kubernetes.io/version']).toBe('2.14.3');
      const env = Object.fromEntries(d.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
      expect(env).toMatchObject({
        KUMA_MODE: 'zone',
        KUMA_MULTIZONE_ZONE_NAME: sb!.zones[ctx],
        KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE: ns,
      });
    }
    const uid = (await run(['--context', 'c1', 'get', 'ns', 'kube-system', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('global stand-in: an mTLS Mesh applies (dry-run=server creates nothing, a real apply does)', async () => {
    const g = sb!.globalContext;
    // the sandbox is shared by every end-to-end file, so other meshes may already be there
    const names = async () =>
      (
        JSON.parse((await run(['--context', g, 'get', 'meshes', '-o', 'json'])).stdout) as { items: { metadata: { name: string } }[] }
      ).items.map((i) => i.metadata.name);
    expect(await names()).not.toContain('smoke-mesh');
    const mesh = [
      'apiVersion: kuma.io/v1alpha1',
      'kind: Mesh',
      'metadata: {name: smoke-mesh}',
      'spec:',
      '  mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin}]}',
      '  meshServices: {mode: Exclusive}',
      '',
    ].join('\n');
    await run(['--context', g, 'apply', '--dry-run=server', '-f', '-'], mesh);
    expect(await names()).not.toContain('smoke-mesh');
    await run(['--context', g, 'apply', '-f', '-'], mesh);
    expect(await names()).toContain('smoke-mesh');
  });

  it('the Kuma stand-in makes the gateway Service; the test plays the load balancer', async () => {
    const g = sb!.globalContext;
    await run(['--context', g, 'apply', '-f', '-'], 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: smoke-gw-mesh}\n');
    await waitForMeshInZone(sb!, 'c1', 'smoke-gw-mesh');
    await run(['--context', 'c1', 'create', 'namespace', 'smoke-gw']);
    const objects = [
      {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'MeshGatewayInstance',
        metadata: { name: 'cross-mesh-gateway', namespace: 'smoke-gw', labels: { 'kuma.io/mesh': 'smoke-gw-mesh' } },
        spec: { replicas: 1 },
      },
      {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'MeshGateway',
        mesh: 'smoke-gw-mesh',
        metadata: { name: 'smoke-gw' },
        spec: {
          selectors: [{ match: { 'kuma.io/service': 'cross-mesh-gateway_smoke-gw_svc' } }],
          conf: { listeners: [{ port: 8080, protocol: 'HTTP' }] },
        },
      },
    ];
    await run(['--context', 'c1', 'apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    await assignLoadBalancerAddress({
      kubectl: `${sb!.binDir}/kubectl`,
      kubeconfig: sb!.kubeconfig,
      context: 'c1',
      name: 'cross-mesh-gateway',
      namespace: 'smoke-gw',
      address: '192.0.2.10',
      timeoutMs: 30_000,
    });
    const ip = (
      await run([
        '--context',
        'c1',
        '-n',
        'smoke-gw',
        'get',
        'svc',
        'cross-mesh-gateway',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0].ip}',
      ])
    ).stdout;
    expect(ip).toBe('192.0.2.10');
  });
});

describe.skipIf(!sb)('sandbox lifecycle (own instance)', () => {
  it('starts with kuma-system, stopApiServer stops one zone, stop() leaves no processes (a third zone added later included)', async () => {
    const own = await startSandbox({ systemNamespace: 'kuma-system' });
    let c3: ProcRecord | undefined;
    try {
      // added through another Sandbox object (as a test file's), so `own` holds no record of it in memory
      await ensureThirdZone(sandboxFromState(structuredClone(own.state)));
      c3 = readStateFile(stateFileIn(own.dir))!.procs.find((p) => p.name === 'kube-apiserver-c3');
      expect(c3 && procAlive(c3)).toBe(true);
      const zone3 = await execa(
        'kubectl',
        ['--context', 'c3', '-n', 'kuma-system', 'get', 'deployment', 'kuma-control-plane', '-o', 'name'],
        {
          env: own.env,
        },
      );
      expect(zone3.stdout).toBe('deployment.apps/kuma-control-plane');
      const r = await execa('kubectl', ['--context', 'c2', '-n', 'kuma-system', 'get', 'deployment', 'kuma-control-plane', '-o', 'name'], {
        env: own.env,
      });
      expect(r.stdout).toBe('deployment.apps/kuma-control-plane');
      await own.stopApiServer('c2');
      const down = await execa('kubectl', ['--context', 'c2', 'get', 'ns', '--request-timeout=3s'], { env: own.env, reject: false });
      expect(down.exitCode).not.toBe(0);
      const up = await execa('kubectl', ['--context', 'c1', 'get', 'ns', 'kube-system', '-o', 'name'], { env: own.env });
      expect(up.stdout).toBe('namespace/kube-system');
    } finally {
      await own.stop();
    }
    expect(own.state.procs.map((p) => p.name)).toContain('kuma-standin');
    expect(own.state.procs.filter((p) => procAlive(p))).toEqual([]);
    expect(c3 && procAlive(c3)).toBe(false);
  });
});
