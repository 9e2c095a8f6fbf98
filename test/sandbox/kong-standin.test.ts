// The Kong Operator stand-in (standin/kong-operator.ts) and what startSandbox installs of Kong
// Operator, against real kubectl and the shared sandbox: the CRDs accept the guide's objects
// (server-side, strict field validation), and each behaviour from ../shared/docs/kong-gateway-notes.md.
// Names start with `kst-`; every test removes what it made and restores Kong Operator, because later
// files share the sandbox.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSandbox } from './fixture.js';
import { assignKongGatewayAddress, clearKongGatewayAddress, findKongGatewayService, waitForGatewayAddress } from './gateway-sim.js';
import { KONG_OPERATOR, KONG_OPERATOR_LABELS } from './standin/kong-names.js';
import { kongOperatorInstalled, removeKongOperator, restoreKongOperator, waitForKongOperatorPass, waitUntil } from './standin-control.js';

const sb = useSandbox();
type Obj = Record<string, any>;

describe.skipIf(!sb)('Kong Operator stand-in', () => {
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
  const getObj = async (context: string, args: string[]): Promise<Obj | undefined> => {
    const r = await ok(context, ['get', ...args, '-o', 'json', '--ignore-not-found']);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as Obj) : undefined;
  };
  /** `kubectl apply --server-side --validate=strict` of a List: the CRDs' schemas must accept every object. */
  const applyStrict = (context: string, items: Obj[]) =>
    ok(context, ['apply', '--server-side', '--validate=strict', '--field-manager=kst', '-f', '-'], {
      apiVersion: 'v1',
      kind: 'List',
      items,
    });
  const createNamespace = async (context: string, ns: string) => {
    if ((await k(context, ['get', 'namespace', ns, '-o', 'name'])).exitCode !== 0) await ok(context, ['create', 'namespace', ns]);
  };
  // namespaces never finish deleting in the sandbox (no controllers): delete their objects first
  const deleteNamespace = (context: string, ns: string) => k(context, ['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
  const ref = (context: string, namespace: string, gateway: string) => ({
    kubectl: join(sb!.binDir, 'kubectl'),
    kubeconfig: sb!.kubeconfig,
    context,
    namespace,
    gateway,
    timeoutMs: 30_000,
  });
  const cond = (o: Obj | undefined, type: string): Obj | undefined => (o?.status?.conditions ?? []).find((c: Obj) => c.type === type);

  // The guide's objects (kong-gateway-notes "The objects"), in namespace `ns`.
  const gatewayConfiguration = (ns: string, name: string) => ({
    apiVersion: 'gateway-operator.konghq.com/v2beta1',
    kind: 'GatewayConfiguration',
    metadata: { name, namespace: ns },
    spec: {
      dataPlaneOptions: {
        deployment: { podTemplateSpec: { metadata: { annotations: { 'kuma.io/gateway': 'enabled' } } } },
        network: { services: { ingress: { type: 'LoadBalancer' } } },
      },
    },
  });
  const gatewayClass = (name: string, controllerName: string, config?: { ns: string; name: string }) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name },
    spec: {
      controllerName,
      ...(config
        ? { parametersRef: { group: 'gateway-operator.konghq.com', kind: 'GatewayConfiguration', name: config.name, namespace: config.ns } }
        : {}),
    },
  });
  const gateway = (ns: string, name: string, className: string, port = 80) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: { gatewayClassName: className, listeners: [{ name: 'http', protocol: 'HTTP', port }] },
  });
  const httpRoute = (ns: string, name: string, gatewayName: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ns },
    spec: {
      parentRefs: [{ name: gatewayName }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/echo' } }], backendRefs: [{ name: 'echo', port: 8080 }] }],
    },
  });
  const ingressService = async (context: string, ns: string, gw: string): Promise<Obj | undefined> => {
    const name = await findKongGatewayService(ref(context, ns, gw));
    return name ? getObj(context, ['-n', ns, 'service', name]) : undefined;
  };

  it('installs the Gateway API and Kong Operator CRDs and the kong-operator Helm Deployment on c1 and c2, not on the global', async () => {
    for (const ctx of sb!.contexts) {
      const gc = await getObj(ctx, ['crd', 'gatewayconfigurations.gateway-operator.konghq.com']);
      expect(gc?.spec.versions.map((v: Obj) => v.name)).toEqual(['v1beta1', 'v2beta1']);
      const gw = await getObj(ctx, ['crd', 'gateways.gateway.networking.k8s.io']);
      expect(gw?.metadata.annotations['gateway.networking.k8s.io/bundle-version']).toBe('v1.5.1');
      expect(await kongOperatorInstalled(sb!, ctx)).toBe(true);
      const d = (await getObj(ctx, ['-n', KONG_OPERATOR.namespace, 'deployment', KONG_OPERATOR.deployment]))!;
      expect(d.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'kong-operator',
        'app.kubernetes.io/instance': 'kong-operator',
        'app.kubernetes.io/component': 'ko',
        'app.kubernetes.io/version': '2.2.3',
      });
      expect(d.spec.template.spec.containers.map((c: Obj) => [c.name, c.image])).toEqual([
        ['manager', 'docker.io/kong/kong-operator:2.2.3'],
      ]);
      // found by labels, as a wizard should look for it
      const byLabel = await ok(ctx, [
        'get',
        'deployments',
        '-A',
        '-l',
        'app.kubernetes.io/name=kong-operator,app.kubernetes.io/component=ko',
        '-o',
        'name',
      ]);
      expect(byLabel.stdout.trim()).toBe(`deployment.apps/${KONG_OPERATOR.deployment}`);
    }
    expect(await getObj('global', ['crd', 'gateways.gateway.networking.k8s.io'])).toBeUndefined();
    expect(KONG_OPERATOR_LABELS['app.kubernetes.io/version']).toBe('2.2.3');
  });

  it('accepts the guide objects server-side; makes the ingress Service, copies the load balancer address, clears it, deletes the Service with the Gateway', async () => {
    const ns = 'kst-gw';
    const cls = 'kst-kong';
    try {
      await createNamespace('c1', ns);
      await ok('c1', ['label', 'namespace', ns, 'kuma.io/sidecar-injection=enabled', '--overwrite']);
      await applyStrict('c1', [
        gatewayConfiguration(ns, 'kst-conf'),
        gatewayClass(cls, 'konghq.com/gateway-operator', { ns, name: 'kst-conf' }),
        gateway(ns, 'kst-gw', cls),
        httpRoute(ns, 'kst-echo', 'kst-gw'),
      ]);

      await waitUntil(
        'GatewayClass kst-kong Accepted',
        async () => cond(await getObj('c1', ['gatewayclass', cls]), 'Accepted')?.status === 'True',
      );
      expect(cond(await getObj('c1', ['gatewayclass', cls]), 'Accepted')).toMatchObject({
        reason: 'Accepted',
        message: 'GatewayClass is accepted',
      });

      await waitUntil('the ingress Service of kst-gw', async () => (await ingressService('c1', ns, 'kst-gw')) !== undefined);
      const svc = (await ingressService('c1', ns, 'kst-gw'))!;
      expect(svc.metadata.name).toMatch(/^dataplane-ingress-kst-gw-[a-z0-9]{5}-[a-z0-9]{5}$/);
      expect(svc.spec.type).toBe('LoadBalancer');
      expect(svc.spec.ports.map((p: Obj) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol }))).toEqual([
        { name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' },
      ]);
      expect(svc.metadata.labels).toMatchObject({
        'gateway-operator.konghq.com/managed-by': 'dataplane',
        'gateway-operator.konghq.com/dataplane-service-type': 'ingress',
        'gateway.networking.k8s.io/gateway-name': 'kst-gw',
      });
      expect(svc.spec.selector).toEqual({ app: svc.metadata.labels.app });

      // no address yet: Accepted, not Programmed, no status.addresses
      await waitUntil(
        'Gateway kst-gw Accepted',
        async () => cond(await getObj('c1', ['-n', ns, 'gateway', 'kst-gw']), 'Accepted')?.status === 'True',
      );
      let gw = (await getObj('c1', ['-n', ns, 'gateway', 'kst-gw']))!;
      expect(cond(gw, 'Programmed')).toMatchObject({ status: 'False', reason: 'DependenciesNotReady' });
      expect(gw.status.addresses).toBeUndefined();
      // the route may come after the Gateway's first pass: attachedRoutes follows on a later one
      await waitUntil(
        'attachedRoutes 1',
        async () => (await getObj('c1', ['-n', ns, 'gateway', 'kst-gw']))?.status?.listeners?.[0]?.attachedRoutes === 1,
      );
      gw = (await getObj('c1', ['-n', ns, 'gateway', 'kst-gw']))!;
      expect(gw.status.listeners).toEqual([
        expect.objectContaining({
          name: 'http',
          attachedRoutes: 1,
          supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
        }),
      ]);

      // the test plays the cloud load balancer: an IP, then a hostname
      await assignKongGatewayAddress({ ...ref('c1', ns, 'kst-gw'), address: '203.0.113.80' });
      expect(await waitForGatewayAddress({ ...ref('c1', ns, 'kst-gw'), value: '203.0.113.80' })).toEqual([
        { type: 'IPAddress', value: '203.0.113.80' },
      ]);
      gw = (await getObj('c1', ['-n', ns, 'gateway', 'kst-gw']))!;
      expect(cond(gw, 'Programmed')).toMatchObject({ status: 'True', reason: 'Programmed' });
      await assignKongGatewayAddress({ ...ref('c1', ns, 'kst-gw'), address: 'kst-lb.example.net' });
      expect(await waitForGatewayAddress({ ...ref('c1', ns, 'kst-gw'), value: 'kst-lb.example.net' })).toEqual([
        { type: 'Hostname', value: 'kst-lb.example.net' },
      ]);

      // the load balancer loses its address: addresses cleared, Programmed=False again
      await clearKongGatewayAddress(ref('c1', ns, 'kst-gw'));
      await waitUntil('addresses of kst-gw cleared', async () => {
        const g = await getObj('c1', ['-n', ns, 'gateway', 'kst-gw']);
        return g?.status?.addresses === undefined && cond(g, 'Programmed')?.status === 'False';
      });

      // a listener port change reaches the Service
      await applyStrict('c1', [gateway(ns, 'kst-gw', cls, 8080)]);
      await waitUntil('Service port 8080', async () => (await ingressService('c1', ns, 'kst-gw'))?.spec.ports[0]?.port === 8080);

      // no garbage collector in the sandbox: the stand-in deletes the Service with the Gateway
      await ok('c1', ['-n', ns, 'delete', 'gateway', 'kst-gw']);
      await waitUntil('the ingress Service gone', async () => (await findKongGatewayService(ref('c1', ns, 'kst-gw'))) === null);
      expect((await ok('c1', ['-n', ns, 'get', 'services', '-o', 'name'])).stdout.trim()).toBe('');
    } finally {
      await k('c1', [
        '-n',
        ns,
        'delete',
        'httproutes.gateway.networking.k8s.io,gateways.gateway.networking.k8s.io',
        '--all',
        '--ignore-not-found',
      ]);
      await waitUntil(
        'kst-gw Services gone',
        async () => (await ok('c1', ['-n', ns, 'get', 'services', '-o', 'name'])).stdout.trim() === '',
      );
      await k('c1', ['-n', ns, 'delete', 'gatewayconfigurations.gateway-operator.konghq.com', '--all', '--ignore-not-found']);
      await k('c1', ['delete', 'gatewayclass', cls, '--ignore-not-found']);
      await deleteNamespace('c1', ns);
    }
  });

  it('leaves Gateways of other classes alone; a class naming a missing GatewayConfiguration is not accepted and its Gateways get nothing', async () => {
    const ns = 'kst-other';
    try {
      await createNamespace('c1', ns);
      await applyStrict('c1', [
        gatewayClass('kst-other-class', 'example.com/other-controller'),
        gateway(ns, 'kst-foreign', 'kst-other-class'),
        gatewayClass('kst-broken', 'konghq.com/gateway-operator', { ns, name: 'kst-missing' }),
        gateway(ns, 'kst-orphan', 'kst-broken'),
      ]);
      await waitUntil(
        'GatewayClass kst-broken refused',
        async () => cond(await getObj('c1', ['gatewayclass', 'kst-broken']), 'Accepted')?.status === 'False',
      );
      expect(cond(await getObj('c1', ['gatewayclass', 'kst-broken']), 'Accepted')).toMatchObject({
        reason: 'InvalidParameters',
        message: 'The referenced GatewayConfiguration does not exist',
      });
      await waitForKongOperatorPass(sb!, 'c1');
      // still the Gateway API CRD's defaults: nobody has touched them
      for (const [c, g] of [
        ['kst-other-class', 'kst-foreign'],
        ['kst-broken', 'kst-orphan'],
      ] as const) {
        expect(await findKongGatewayService(ref('c1', ns, g))).toBeNull();
        const gw = await getObj('c1', ['-n', ns, 'gateway', g]);
        expect(cond(gw, 'Accepted')).toMatchObject({ status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' });
        if (c === 'kst-other-class')
          expect(cond(await getObj('c1', ['gatewayclass', c]), 'Accepted')).toMatchObject({ status: 'Unknown', reason: 'Pending' });
      }
      expect((await ok('c1', ['-n', ns, 'get', 'services', '-o', 'name'])).stdout.trim()).toBe('');
    } finally {
      await k('c1', ['-n', ns, 'delete', 'gateways.gateway.networking.k8s.io', '--all', '--ignore-not-found']);
      await k('c1', ['delete', 'gatewayclass', 'kst-other-class', 'kst-broken', '--ignore-not-found']);
      await deleteNamespace('c1', ns);
    }
  });

  it('a zone without Kong Operator reconciles nothing until the operator is restored', async () => {
    const ns = 'kst-absent';
    const cls = 'kst-absent-kong';
    try {
      await removeKongOperator(sb!, 'c2');
      expect(await kongOperatorInstalled(sb!, 'c2')).toBe(false);
      expect(await kongOperatorInstalled(sb!, 'c1')).toBe(true);
      await createNamespace('c2', ns);
      await applyStrict('c2', [
        gatewayConfiguration(ns, 'kst-conf'),
        gatewayClass(cls, 'konghq.com/gateway-operator', { ns, name: 'kst-conf' }),
        gateway(ns, 'kst-gw', cls),
      ]);
      await waitForKongOperatorPass(sb!, 'c2');
      expect(await findKongGatewayService(ref('c2', ns, 'kst-gw'))).toBeNull();
      expect(cond(await getObj('c2', ['gatewayclass', cls]), 'Accepted')?.status).toBe('Unknown');

      await restoreKongOperator(sb!, 'c2');
      expect(await kongOperatorInstalled(sb!, 'c2')).toBe(true);
      await assignKongGatewayAddress({ ...ref('c2', ns, 'kst-gw'), address: '203.0.113.81' });
      expect(await waitForGatewayAddress({ ...ref('c2', ns, 'kst-gw'), value: '203.0.113.81' })).toEqual([
        { type: 'IPAddress', value: '203.0.113.81' },
      ]);

      // without its CRDs too: every GatewayConfiguration goes with them; restore puts them back
      await k('c2', ['-n', ns, 'delete', 'gateways.gateway.networking.k8s.io', '--all']);
      await waitUntil(
        'kst-absent Services gone',
        async () => (await ok('c2', ['-n', ns, 'get', 'services', '-o', 'name'])).stdout.trim() === '',
      );
      await removeKongOperator(sb!, 'c2', { crds: 'operator' });
      expect((await k('c2', ['get', 'crd', 'gatewayconfigurations.gateway-operator.konghq.com'])).exitCode).not.toBe(0);
      expect((await k('c2', ['get', 'crd', 'gateways.gateway.networking.k8s.io'])).exitCode).toBe(0);
      await restoreKongOperator(sb!, 'c2');
      expect((await k('c2', ['get', 'crd', 'gatewayconfigurations.gateway-operator.konghq.com'])).exitCode).toBe(0);
    } finally {
      await restoreKongOperator(sb!, 'c2');
      await k('c2', ['-n', ns, 'delete', 'gateways.gateway.networking.k8s.io', '--all', '--ignore-not-found']);
      await waitUntil(
        'kst-absent Services gone',
        async () => (await ok('c2', ['-n', ns, 'get', 'services', '-o', 'name'])).stdout.trim() === '',
      );
      await k('c2', ['-n', ns, 'delete', 'gatewayconfigurations.gateway-operator.konghq.com', '--all', '--ignore-not-found']);
      await k('c2', ['delete', 'gatewayclass', cls, '--ignore-not-found']);
      await deleteNamespace('c2', ns);
    }
  });
});
