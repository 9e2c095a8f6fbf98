import { meshOf } from '../../src/config/model.js';
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import type { KubeObject, Manifest } from '../../src/model/types.js';
import { isKubeObject, kindOf } from '../../src/model/types.js';
import { planFor } from '../../steps/index.js';
import { exportFiles } from '../../src/app/export.js';
import { Tools } from '../../src/adapter/tools.js';
import { crdFolder, KONG_CRD_FOLDER, loadCrdValidator, loadCrdValidatorFrom, type CrdValidator } from './crd-schema.js';
import { sharedDir } from './shared-folder.js';
import { sharedInputOrSkip } from './shared-folder.js';

const kongCrds = sharedInputOrSkip(KONG_CRD_FOLDER, 'Kong Operator CRD schema tests');
const kumaCrds = sharedInputOrSkip(crdFolder(), 'Kuma CRD schema tests (Kong path)');
const missing = !kongCrds.present || !kumaCrds.present;

const KONG_GROUPS = ['gateway.networking.k8s.io', 'gateway-operator.konghq.com'];
const groupOf = (m: Manifest) => (isKubeObject(m.object) ? m.object.apiVersion.split('/')[0]! : '');

function withKong(mutate: (c: CrossmeshConfig) => void = () => {}): CrossmeshConfig {
  const c = defaultConfig();
  meshOf(c, 'mesh1').gateway.kind = 'kong';
  meshOf(c, 'mesh2').gateway.kind = 'kong';
  mutate(c);
  return c;
}

const manifests = (c: CrossmeshConfig, facts = {}) => planFor(c, facts).flatMap((p) => p.manifests);
const byStep = (c: CrossmeshConfig, step: string) => planFor(c).find((p) => p.step.id === step)!.manifests;
const kinds = (list: Manifest[]) => list.map((m) => kindOf(m.object));

let kong: CrdValidator;
let kuma: CrdValidator;
beforeAll(() => {
  if (missing) return;
  kong = loadCrdValidatorFrom(join(sharedDir(), KONG_CRD_FOLDER));
  kuma = loadCrdValidator();
});

describe.skipIf(missing)('Kong Gateway path: every manifest against the CRD schemas', () => {
  const configs: Array<[string, CrossmeshConfig]> = [
    ['both meshes on Kong, default gateway namespaces', withKong()],
    ['Kong Gateway in the echo namespace itself', withKong((c) => (meshOf(c, 'mesh1').gateway.namespace = 'c1m1'))],
    [
      'other names, ports and namespaces',
      withKong((c) => {
        Object.assign(meshOf(c, 'mesh1'), {
          name: 'payments',
          namespaces: { zone1: 'pay-east', zone2: 'pay-west' },
          gateway: { kind: 'kong', name: 'pay-door', port: 9090, namespace: 'pay-edge' },
        });
        meshOf(c, 'mesh2').gateway.port = 80;
      }),
    ],
  ];
  for (const [name, config] of configs)
    it(`${name}: Kong and Gateway API objects validate against Kong Operator v2.2.3 / Gateway API v1.5.1, Kuma objects against Kuma v2.14.3`, () => {
      const all = manifests(config, { gatewayAddresses: { mesh1: '203.0.113.7', mesh2: '203.0.113.8' } });
      const kongObjects = all.filter((m) => KONG_GROUPS.includes(groupOf(m)));
      expect(kongObjects.length).toBeGreaterThanOrEqual(8);
      for (const m of kongObjects) expect(kong.validate(m.object), m.id).toEqual([]);
      for (const m of all.filter((m) => groupOf(m) === 'kuma.io')) expect(kuma.validate(m.object), m.id).toEqual([]);
    });

  it('a broken manifest fails: a wrong Service type, a misspelt field, a namespace on a cluster-wide class', () => {
    const all = manifests(withKong());
    const find = (kind: string) =>
      structuredClone(all.find((m) => kindOf(m.object) === kind)!.object) as KubeObject & { spec: Record<string, unknown> };
    const configuration = find('GatewayConfiguration');
    (configuration.spec.dataPlaneOptions as { network: { services: { ingress: { type: string } } } }).network.services.ingress.type =
      'Balancer';
    expect(kong.validate(configuration).join('\n')).toMatch(/ingress\/type must be equal to one of the allowed values/);
    const route = find('HTTPRoute');
    route.spec.parentRef = route.spec.parentRefs;
    expect(kong.validate(route).join('\n')).toMatch(/must NOT have additional properties.*parentRef/);
    const gatewayClass = find('GatewayClass');
    gatewayClass.metadata.namespace = 'c1m1';
    expect(kong.validate(gatewayClass).join('\n')).toMatch(/cluster-scoped/);
  });
});

describe('Kong Gateway path: what the plan holds', () => {
  it('the default plan has no Kong object (gateway.kind defaults to builtin)', () => {
    expect(manifests(defaultConfig()).filter((m) => KONG_GROUPS.includes(groupOf(m)))).toEqual([]);
  });

  it('a mixed setup: mesh1 on Kong Gateway, mesh2 on the built-in gateway', () => {
    const c = defaultConfig();
    meshOf(c, 'mesh1').gateway.kind = 'kong';
    expect(kinds(byStep(c, 'gateway'))).toEqual([
      'GatewayConfiguration',
      'GatewayClass',
      'Gateway',
      'ReferenceGrant',
      'HTTPRoute',
      'MeshTrafficPermission',
    ]);
    expect(kinds(byStep(c, 'reverse-matrix'))).toEqual(['MeshGatewayInstance', 'MeshGateway', 'MeshHTTPRoute', 'MeshExternalService']);
    const namespaces = byStep(c, 'namespaces').map((m) => m.object.metadata);
    expect(namespaces).toContainEqual(
      expect.objectContaining({
        name: 'c1m1-gateway',
        labels: expect.objectContaining({ 'kuma.io/mesh': 'mesh1', 'kuma.io/sidecar-injection': 'enabled' }),
      }),
    );
    const mes = byStep(c, 'external-service')[0]!;
    expect(mes.needs?.source).toEqual({ from: 'gateway', context: 'c1', namespace: 'c1m1-gateway', name: 'cross-mesh-gateway' });
    const mes2 = byStep(c, 'reverse-matrix').find((m) => kindOf(m.object) === 'MeshExternalService')!;
    expect(mes2.needs?.source.from).toBe('service');
  });

  it('every Kong object goes to cluster 1 with kubectl; the class is cluster-wide, the rest in the gateway namespace', () => {
    for (const m of byStep(withKong(), 'gateway')) {
      expect(m.target).toMatchObject({ tool: 'kubectl', context: 'c1' });
      const ns = (m.object as KubeObject).metadata.namespace;
      if (kindOf(m.object) === 'GatewayClass') expect(ns).toBeUndefined();
      else if (kindOf(m.object) === 'ReferenceGrant') expect(ns).toBe('c1m1');
      else if (kindOf(m.object) === 'MeshTrafficPermission') expect(ns).toBe('kong-mesh-system');
      else expect(ns).toBe('c1m1-gateway');
    }
  });

  it('the HTTPRoute sends /echo to the echo Service across namespaces, and the ReferenceGrant allows exactly that', () => {
    const list = byStep(withKong(), 'gateway');
    const route = list.find((m) => kindOf(m.object) === 'HTTPRoute')!.object as KubeObject;
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'cross-mesh-gateway' }],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/echo' } }], backendRefs: [{ name: 'echo', namespace: 'c1m1', port: 1027 }] },
      ],
    });
    const grant = list.find((m) => kindOf(m.object) === 'ReferenceGrant')!.object as KubeObject;
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'c1m1-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'echo' }],
    });
  });

  it('no ReferenceGrant and no extra namespace when the Kong Gateway runs in the echo namespace', () => {
    const c = withKong((x) => (meshOf(x, 'mesh2').gateway.namespace = 'c1m2'));
    expect(kinds(byStep(c, 'reverse-matrix'))).not.toContain('ReferenceGrant');
    expect(byStep(c, 'namespaces').filter((m) => (m.object as KubeObject).metadata.name === 'c1m2')).toHaveLength(1);
  });

  it('marks the Kong proxy as a delegated gateway: the annotation on Kuma 2.x, excluded inbound ports on 3.x', () => {
    const annotations = (facts: object) => {
      const gc = manifests(withKong(), facts).find((m) => kindOf(m.object) === 'GatewayConfiguration')!.object as KubeObject & {
        spec: { dataPlaneOptions: { deployment: { podTemplateSpec: { metadata: { annotations: Record<string, string> } } } } };
      };
      return gc.spec.dataPlaneOptions.deployment.podTemplateSpec.metadata.annotations;
    };
    expect(annotations({})).toEqual({ 'kuma.io/gateway': 'enabled' });
    expect(annotations({ kumaMajor: 2 })).toEqual({ 'kuma.io/gateway': 'enabled' });
    expect(annotations({ kumaMajor: 3 })).toEqual({ 'traffic.kuma.io/exclude-inbound-ports': '8000,8443' });
  });

  it('the permission lets the gateway namespace in, and the external service points at the listener port', () => {
    const c = withKong((x) => (meshOf(x, 'mesh1').gateway.port = 80));
    const mtp = byStep(c, 'gateway').find((m) => kindOf(m.object) === 'MeshTrafficPermission')!.object as KubeObject;
    expect(mtp.spec).toEqual({
      targetRef: { kind: 'Mesh' },
      from: [{ targetRef: { kind: 'MeshSubset', tags: { 'k8s.kuma.io/namespace': 'c1m1-gateway' } }, default: { action: 'Allow' } }],
    });
    const mes = planFor(c, { gatewayAddresses: { mesh1: '198.51.100.4' } }).find((p) => p.step.id === 'external-service')!.manifests[0]!
      .object as KubeObject;
    expect(mes.spec).toEqual({
      match: { type: 'HostnameGenerator', port: 80, protocol: 'http' },
      endpoints: [{ address: '198.51.100.4', port: 80 }],
    });
  });

  it('explains the Kong path in the step texts', () => {
    const steps = planFor(withKong()).map((p) => p.step);
    const gateway = steps.find((s) => s.id === 'gateway')!;
    expect(gateway.title).toBe('Kong Gateway for mesh1');
    expect(gateway.explanation.concept).toMatch(/Kong Operator/);
    expect(gateway.explanation.why).toMatch(/Kuma 3\.0/);
    expect(steps.find((s) => s.id === 'reverse-matrix')!.explanation.summary).toMatch(/Kong Gateway for mesh2/);
  });
});

describe('export of a setup with a Kong Gateway', () => {
  it("apply.sh reads a Kong Gateway's address from the Gateway's status, and the built-in one's from its Service", () => {
    const c = defaultConfig();
    meshOf(c, 'mesh1').gateway.kind = 'kong';
    const files = exportFiles(c, new Tools(), {});
    const script = files.get('apply.sh')!;
    expect(script).toContain('gateway_status_address() {');
    expect(script).toContain('get gateways.gateway.networking.k8s.io "$3" -n "$2" -o \'jsonpath={.status.addresses[0].value}\'');
    expect(script).toMatch(/MESH1_GATEWAY=\$\(gateway_status_address c1 c1m1-gateway cross-mesh-gateway /);
    expect(script).toMatch(/MESH2_GATEWAY=\$\(gateway_address c1 c1m2 mesh2-gateway /);
    // the default setup's script has no Kong reader at all
    expect(exportFiles(defaultConfig(), new Tools(), {}).get('apply.sh')).not.toContain('gateway_status_address');
  });
});
