// The Kuma stand-in (kuma-standin.ts) against real kubectl and the shared sandbox: each behaviour
// it reproduces from ../shared/docs/kuma-notes.md. Names start with `st-`; every test removes what
// it made and restores the control ConfigMap, because later files share the sandbox.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSandbox } from './fixture.js';
import { assignLoadBalancerAddress } from './gateway-sim.js';
import {
  addDataplane,
  meshInZone,
  removeDataplane,
  resetStandin,
  setMeshSyncDelay,
  setZoneOnline,
  waitForMeshInZone,
  waitUntil,
  zoneOnline,
  zoneSubscriptions,
} from './standin-control.js';

const sb = useSandbox();
type Obj = Record<string, any>;

const MESSAGES = {
  missingMesh: (mesh: string) =>
    `admission webhook "owner-reference.kuma-admission.kuma.io" denied the request: Mesh.kuma.io "${mesh}" not found`,
  origin:
    "admission webhook \"validator.kuma-admission.kuma.io\" denied the request: Applying policies on Zone CP on a system namespace requires 'kuma.io/origin' label to be set to 'zone'",
  caChange:
    'admission webhook "validator.kuma-admission.kuma.io" denied the request: mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA',
  dataplanes:
    'admission webhook "validator.kuma-admission.kuma.io" denied the request: mesh: unable to delete mesh, there are still some dataplanes attached',
  fromWarning: "Warning: 'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead",
};

describe.skipIf(!sb)('Kuma stand-in', () => {
  const sys = sb?.systemNamespace ?? 'kong-mesh-system';

  const k = async (context: string, args: string[], input?: unknown) => {
    const r = await execa(join(sb!.binDir, 'kubectl'), ['--kubeconfig', sb!.kubeconfig, '--context', context, ...args], {
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
  const apply = (context: string, obj: unknown, extra: string[] = []) => k(context, ['apply', ...extra, '-f', '-'], obj);
  const getObj = async (context: string, args: string[]): Promise<Obj | undefined> => {
    const r = await ok(context, ['get', ...args, '-o', 'json', '--ignore-not-found']);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as Obj) : undefined;
  };

  const mesh = (name: string, spec: Obj = {}, labels?: Record<string, string>) => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'Mesh',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
  });
  const mtls = (enabledBackend: string) => ({
    mtls: {
      enabledBackend,
      backends: [
        { name: 'ca-1', type: 'builtin' },
        { name: 'ca-2', type: 'builtin' },
      ],
    },
  });
  const mtp = (name: string, namespace: string, labels: Record<string, string>, withFrom = false) => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTrafficPermission',
    metadata: { name, namespace, labels },
    spec: { targetRef: { kind: 'Mesh' }, ...(withFrom ? { from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }] } : {}) },
  });
  const mes = (name: string, namespace: string, labels: Record<string, string>) => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshExternalService',
    metadata: { name, namespace, labels },
    spec: { match: { type: 'HostnameGenerator', port: 80, protocol: 'http' }, endpoints: [{ address: '192.0.2.1', port: 80 }] },
  });

  /** A Mesh on the global, and waits until the stand-in has copied it into the zones. */
  async function meshEverywhere(name: string, spec: Obj = {}): Promise<void> {
    await ok('global', ['apply', '-f', '-'], mesh(name, spec));
    await waitForMeshInZone(sb!, 'c1', name);
    await waitForMeshInZone(sb!, 'c2', name);
  }
  /** Deletes a Mesh on the global and waits until the zones lost their copies (zones must be online). */
  async function removeMesh(name: string): Promise<void> {
    await k('global', ['delete', 'meshes.kuma.io', name, '--ignore-not-found']);
    await waitUntil(
      `Mesh ${name} gone from the zones`,
      async () => !(await meshInZone(sb!, 'c1', name)) && !(await meshInZone(sb!, 'c2', name)),
    );
  }
  const createNamespace = async (context: string, ns: string) => {
    if ((await k(context, ['get', 'namespace', ns, '-o', 'name'])).exitCode !== 0) await ok(context, ['create', 'namespace', ns]);
  };
  // namespaces never finish deleting in the sandbox (no controllers): delete their objects first
  const deleteNamespace = (context: string, ns: string) => k(context, ['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);

  it('Mesh sync: a Mesh made on the global reaches c1 and c2 labelled kuma.io/origin: global only after the delay, and leaves with it', async () => {
    const name = 'st-sync';
    const delay = 2000;
    try {
      await setMeshSyncDelay(sb!, delay);
      const t0 = Date.now();
      await ok('global', ['apply', '-f', '-'], mesh(name, { meshServices: { mode: 'Exclusive' } }, { team: 'st' }));
      const seenAfter: Record<string, number> = {};
      await waitUntil('the Mesh in both zones', async () => {
        for (const ctx of ['c1', 'c2'])
          if (seenAfter[ctx] === undefined && (await meshInZone(sb!, ctx, name))) seenAfter[ctx] = Date.now() - t0;
        return Object.keys(seenAfter).length === 2;
      });
      for (const ctx of ['c1', 'c2']) {
        // the copy is made `delay` after the stand-in saw the Mesh, which is after t0
        expect(seenAfter[ctx]).toBeGreaterThanOrEqual(delay);
        expect(seenAfter[ctx]).toBeLessThan(delay + 10_000);
        const copy = (await getObj(ctx, ['meshes.kuma.io', name]))!;
        expect(copy.metadata.labels).toEqual({ team: 'st', 'kuma.io/origin': 'global' });
        expect(copy.spec).toEqual({ meshServices: { mode: 'Exclusive' } });
      }
      await setMeshSyncDelay(sb!, 300);
      await removeMesh(name);
    } finally {
      await resetStandin(sb!);
      await removeMesh(name);
    }
  });

  it("owner-reference webhook: an object of a mesh the zone lacks is refused with Kuma's message, dry runs included", async () => {
    for (const ctx of ['c1', 'c2']) {
      const policy = mtp('st-orphan', sys, { 'kuma.io/mesh': 'st-absent', 'kuma.io/origin': 'zone' });
      const dry = await apply(ctx, policy, ['--dry-run=server']);
      expect(dry.exitCode).not.toBe(0);
      expect(dry.stderr).toContain(MESSAGES.missingMesh('st-absent'));
      const real = await apply(ctx, policy);
      expect(real.exitCode).not.toBe(0);
      expect(real.stderr).toContain(MESSAGES.missingMesh('st-absent'));
    }
    // MeshGateway names its mesh in the top-level `mesh` field
    const gw = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGateway',
      mesh: 'st-absent-gw',
      metadata: { name: 'st-orphan-gw' },
      spec: { selectors: [{ match: { 'kuma.io/service': 'x' } }], conf: { listeners: [{ port: 8080, protocol: 'HTTP' }] } },
    };
    const r = await apply('c1', gw, ['--dry-run=server']);
    expect(r.stderr).toContain(MESSAGES.missingMesh('st-absent-gw'));
  });

  it("owner-reference webhook: adds Kuma's labels, display name and Mesh ownerReference, keeping existing labels", async () => {
    const name = 'st-own';
    try {
      await meshEverywhere(name);
      await createNamespace('c1', name);
      await ok('c1', ['apply', '-f', '-'], mtp('st-own-ns', name, { 'kuma.io/mesh': name, team: 'keep' }));
      await ok('c1', ['apply', '-f', '-'], mtp('st-own-sys', sys, { 'kuma.io/mesh': name, 'kuma.io/origin': 'zone' }));
      const zoneMesh = (await getObj('c1', ['meshes.kuma.io', name]))!;
      const inNs = (await getObj('c1', ['meshtrafficpermissions.kuma.io', 'st-own-ns', '-n', name]))!;
      expect(inNs.metadata.labels).toEqual({
        'kuma.io/mesh': name,
        team: 'keep',
        'kuma.io/zone': 'zone1',
        'kuma.io/env': 'kubernetes',
        'k8s.kuma.io/namespace': name,
        'kuma.io/origin': 'zone',
      });
      expect(inNs.metadata.annotations['kuma.io/display-name']).toBe('st-own-ns');
      expect(inNs.metadata.ownerReferences).toEqual([{ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', name, uid: zoneMesh.metadata.uid }]);
      const inSys = (await getObj('c1', ['meshtrafficpermissions.kuma.io', 'st-own-sys', '-n', sys]))!;
      expect(inSys.metadata.labels).toEqual({
        'kuma.io/mesh': name,
        'kuma.io/origin': 'zone',
        'kuma.io/zone': 'zone1',
        'kuma.io/env': 'kubernetes',
        'k8s.kuma.io/namespace': sys,
        'kuma.io/policy-role': 'system',
      });
    } finally {
      await k('c1', ['delete', 'meshtrafficpermissions.kuma.io', 'st-own-ns', '-n', name, '--ignore-not-found']);
      await k('c1', ['delete', 'meshtrafficpermissions.kuma.io', 'st-own-sys', '-n', sys, '--ignore-not-found']);
      await deleteNamespace('c1', name);
      await removeMesh(name);
    }
  });

  it('zone validator: policies in the system namespace need kuma.io/origin: zone, and a kuma.io/zone label must name the local zone', async () => {
    const name = 'st-val';
    try {
      await meshEverywhere(name);
      for (const obj of [mtp('st-val-mtp', sys, { 'kuma.io/mesh': name }), mes('st-val-mes', sys, { 'kuma.io/mesh': name })]) {
        const r = await apply('c1', obj, ['--dry-run=server']);
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toContain(MESSAGES.origin);
      }
      const accepted = await apply('c1', mtp('st-val-mtp', sys, { 'kuma.io/mesh': name, 'kuma.io/origin': 'zone' }), ['--dry-run=server']);
      expect(accepted.stderr).toBe('');
      const foreign = await apply(
        'c1',
        mtp('st-val-mtp', sys, { 'kuma.io/mesh': name, 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone2' }),
        ['--dry-run=server'],
      );
      expect(foreign.exitCode).not.toBe(0);
      expect(foreign.stderr).toMatch(
        /admission webhook "validator\.kuma-admission\.kuma\.io" denied the request: label 'kuma\.io\/zone' is "zone2" but this Zone CP is "zone1"/,
      );
    } finally {
      await removeMesh(name);
    }
  });

  it('global validator: zone-origin policies and MeshExternalServices, and MeshGatewayInstances, are refused on the global', async () => {
    for (const obj of [
      mtp('st-g-mtp', sys, { 'kuma.io/mesh': 'default', 'kuma.io/origin': 'zone' }),
      mes('st-g-mes', sys, { 'kuma.io/mesh': 'default', 'kuma.io/origin': 'zone' }),
    ]) {
      const r = await apply('global', obj, ['--dry-run=server']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(
        'admission webhook "validator.kuma-admission.kuma.io" denied the request: an object labelled \'kuma.io/origin: zone\' belongs on a Zone CP',
      );
    }
    const plain = await apply('global', mtp('st-g-mtp', sys, { 'kuma.io/mesh': 'default' }), ['--dry-run=server']);
    expect(plain.exitCode).toBe(0);
    const mgi = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGatewayInstance',
      metadata: { name: 'st-g-mgi', namespace: sys },
      spec: { replicas: 1 },
    };
    const r = await apply('global', mgi, ['--dry-run=server']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('denied the request: MeshGatewayInstance cannot be applied on the Global CP');
  });

  it('CA change: the global refuses a new enabledBackend while mTLS is on', async () => {
    const name = 'st-ca-global';
    try {
      await ok('global', ['apply', '-f', '-'], mesh(name, mtls('ca-1')));
      for (const extra of [['--dry-run=server'], []]) {
        const r = await apply('global', mesh(name, mtls('ca-2')), extra);
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toContain(MESSAGES.caChange);
      }
      expect((await getObj('global', ['meshes.kuma.io', name]))!.spec.mtls.enabledBackend).toBe('ca-1');
    } finally {
      await removeMesh(name);
    }
  });

  it('Mesh delete: refused on the global while a zone has a Dataplane of it, accepted once it is gone', async () => {
    const name = 'st-dp';
    const dp = { context: 'c2', namespace: name, name: 'st-dp-1', mesh: name };
    try {
      await meshEverywhere(name);
      await addDataplane(sb!, dp);
      const refused = await k('global', ['delete', 'meshes.kuma.io', name]);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain(MESSAGES.dataplanes);
      expect(await getObj('global', ['meshes.kuma.io', name])).toBeDefined();
      await removeDataplane(sb!, dp);
      const accepted = await k('global', ['delete', 'meshes.kuma.io', name]);
      expect(accepted.exitCode).toBe(0);
    } finally {
      await removeDataplane(sb!, dp);
      await deleteNamespace('c2', name);
      await removeMesh(name);
    }
  });

  it("MeshTrafficPermission with `from` is accepted with Kuma's deprecation warning, on a zone and on the global", async () => {
    const name = 'st-from';
    try {
      await meshEverywhere(name);
      const zone = await apply('c1', mtp('st-from', sys, { 'kuma.io/mesh': name, 'kuma.io/origin': 'zone' }, true));
      expect(zone.exitCode).toBe(0);
      expect(zone.stderr).toContain(MESSAGES.fromWarning);
      const global = await apply('global', mtp('st-from', sys, { 'kuma.io/mesh': name }, true));
      expect(global.exitCode).toBe(0);
      expect(global.stderr).toContain(MESSAGES.fromWarning);
      const noFrom = await apply('global', mtp('st-from', sys, { 'kuma.io/mesh': name }), ['--dry-run=server']);
      expect(noFrom.stderr).not.toContain('deprecated');
    } finally {
      await k('c1', ['delete', 'meshtrafficpermissions.kuma.io', 'st-from', '-n', sys, '--ignore-not-found']);
      await k('global', ['delete', 'meshtrafficpermissions.kuma.io', 'st-from', '-n', sys, '--ignore-not-found']);
      await removeMesh(name);
    }
  });

  it('gateway-instance controller: a Service once a MeshGateway matches, following its listeners, gone with the gateway or the instance', async () => {
    const name = 'st-gw';
    const ns = 'st-gw';
    const instance = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGatewayInstance',
      metadata: { name, namespace: ns, labels: { 'kuma.io/mesh': name } },
      spec: { replicas: 1, serviceType: 'LoadBalancer' },
    };
    const gateway = (port: number) => ({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGateway',
      mesh: name,
      metadata: { name },
      spec: { selectors: [{ match: { 'kuma.io/service': `${name}_${ns}_svc` } }], conf: { listeners: [{ port, protocol: 'HTTP' }] } },
    });
    const service = () => getObj('c1', ['service', name, '-n', ns]);
    const readyReason = async () =>
      ((await getObj('c1', ['meshgatewayinstances.kuma.io', name, '-n', ns]))?.status?.conditions ?? []).find(
        (c: Obj) => c.type === 'Ready',
      )?.reason;
    try {
      await meshEverywhere(name);
      await createNamespace('c1', ns);
      await ok('c1', ['apply', '-f', '-'], instance);
      await waitUntil('Ready=False NoGatewayMatched', async () => (await readyReason()) === 'NoGatewayMatched');
      expect(await service()).toBeUndefined();

      await ok('c1', ['apply', '-f', '-'], gateway(8080));
      await waitUntil('the gateway Service', async () => (await service()) !== undefined);
      const svc = (await service())!;
      const inst = (await getObj('c1', ['meshgatewayinstances.kuma.io', name, '-n', ns]))!;
      expect(svc.spec.type).toBe('LoadBalancer');
      expect(svc.spec.ports.map((p: Obj) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol }))).toEqual([
        { name: '8080', port: 8080, targetPort: 8080, protocol: 'TCP' },
      ]);
      expect(svc.spec.selector).toEqual({ app: name });
      expect(svc.metadata.annotations['kuma.io/gateway']).toBe('builtin');
      expect(svc.metadata.ownerReferences).toMatchObject([{ kind: 'MeshGatewayInstance', name, uid: inst.metadata.uid }]);
      await waitUntil('Ready=False LoadBalancerAddressNotReady', async () => (await readyReason()) === 'LoadBalancerAddressNotReady');

      await assignLoadBalancerAddress({
        kubectl: join(sb!.binDir, 'kubectl'),
        kubeconfig: sb!.kubeconfig,
        context: 'c1',
        namespace: ns,
        name,
        address: '203.0.113.9',
        timeoutMs: 10_000,
      });
      expect((await service())!.status.loadBalancer.ingress[0].ip).toBe('203.0.113.9');

      await ok('c1', ['apply', '-f', '-'], gateway(8081));
      await waitUntil('Service port 8081', async () => (await service())?.spec.ports?.[0]?.port === 8081);
      const moved = (await service())!;
      expect(moved.spec.ports.map((p: Obj) => [p.name, p.port, p.targetPort])).toEqual([['8081', 8081, 8081]]);
      expect(moved.status.loadBalancer.ingress[0].ip).toBe('203.0.113.9');

      await ok('c1', ['delete', 'meshgateways.kuma.io', name]);
      await waitUntil('the Service gone with the MeshGateway', async () => (await service()) === undefined);
      await ok('c1', ['apply', '-f', '-'], gateway(8080));
      await waitUntil('the Service back', async () => (await service()) !== undefined);
      await ok('c1', ['delete', 'meshgatewayinstances.kuma.io', name, '-n', ns]);
      await waitUntil('the Service gone with the instance', async () => (await service()) === undefined);
    } finally {
      await k('c1', ['delete', 'meshgatewayinstances.kuma.io', name, '-n', ns, '--ignore-not-found']);
      await k('c1', ['delete', 'meshgateways.kuma.io', name, '--ignore-not-found']);
      await waitUntil('no gateway Service left', async () => (await service()) === undefined);
      await deleteNamespace('c1', ns);
      await removeMesh(name);
    }
  });

  it('zone health: Zone and ZoneInsight on the global; an offline zone gets no new Mesh until it is back online', async () => {
    const name = 'st-offline';
    const delay = 500;
    try {
      for (const zone of ['zone1', 'zone2']) {
        expect((await getObj('global', ['zones.kuma.io', zone]))!.spec).toEqual({ enabled: true });
        const subs = await zoneSubscriptions(sb!, zone);
        expect(subs.at(-1)).toMatchObject({ globalInstanceId: 'standin-global', version: { kumaCp: { version: '2.14.3' } } });
        expect(await zoneOnline(sb!, zone)).toBe(true);
      }
      await setMeshSyncDelay(sb!, delay);
      const before = (await zoneSubscriptions(sb!, 'zone2')).length;
      await setZoneOnline(sb!, 'zone2', false);
      const offline = await zoneSubscriptions(sb!, 'zone2');
      expect(offline).toHaveLength(before);
      expect(offline.at(-1)!.disconnectTime).toMatch(/^\d{4}-\d\d-\d\dT/);

      await ok('global', ['apply', '-f', '-'], mesh(name));
      await waitForMeshInZone(sb!, 'c1', name);
      // c2 must stay without it: watch it for several sync periods
      const until = Date.now() + 4 * delay;
      while (Date.now() < until) expect(await meshInZone(sb!, 'c2', name)).toBe(false);

      await setZoneOnline(sb!, 'zone2', true);
      const back = await zoneSubscriptions(sb!, 'zone2');
      expect(back).toHaveLength(before + 1);
      expect(back.at(-1)!.disconnectTime).toBeUndefined();
      expect(Date.parse(back.at(-1)!.connectTime!)).toBeGreaterThan(Date.parse(offline.at(-1)!.disconnectTime!) - 1);
      await waitForMeshInZone(sb!, 'c2', name);
    } finally {
      await resetStandin(sb!);
      await removeMesh(name);
    }
  });

  it('a Mesh re-created on the global with another CA is refused by the zones, which go offline and keep the old Mesh', async () => {
    const name = 'st-reca';
    try {
      await setMeshSyncDelay(sb!, 3000);
      await meshEverywhere(name, mtls('ca-1'));
      await ok('global', ['delete', 'meshes.kuma.io', name]);
      await ok('global', ['apply', '-f', '-'], mesh(name, mtls('ca-2')));
      await waitUntil('both zones offline', async () => !(await zoneOnline(sb!, 'zone1')) && !(await zoneOnline(sb!, 'zone2')), 30_000);
      const control = (await getObj('global', ['configmap', 'crossmesh-kuma-standin', '-n', 'kube-system']))!;
      expect(control.data.offlineZones).toBe('zone1,zone2');
      for (const ctx of ['c1', 'c2']) expect((await getObj(ctx, ['meshes.kuma.io', name]))!.spec.mtls.enabledBackend).toBe('ca-1');
    } finally {
      // delete first: back online, the zones would refuse the new CA again
      await k('global', ['delete', 'meshes.kuma.io', name, '--ignore-not-found']);
      await resetStandin(sb!);
      await removeMesh(name);
    }
  });
});
