import { describe, it, expect, beforeAll } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import type { KubeObject, Manifest } from '../../src/model/types.js';
import { isKubeObject } from '../../src/model/types.js';
import { crdFolder, loadCrdValidator, type CrdValidator } from './crd-schema.js';
import { sharedInputOrSkip } from './shared-folder.js';
import { planFor } from '../../steps/index.js';

// without ../shared/kuma-crds: one loud line and these suites are skipped (with CI=true: a failure)
const crds = sharedInputOrSkip(crdFolder(), 'CRD schema tests');
const missing = !crds.present;

const KUMA_API = 'kuma.io/v1alpha1';

function kumaManifests(config: CrossmeshConfig, addresses: Partial<Record<'mesh1' | 'mesh2', string>> = {}): Manifest[] {
  return planFor(config, { gatewayAddresses: addresses })
    .flatMap((p) => p.manifests)
    .filter((m) => isKubeObject(m.object) && m.object.apiVersion === KUMA_API);
}

function kubectlGlobal(): CrossmeshConfig {
  const c = defaultConfig();
  c.global = { tool: 'kubectl', context: 'global-k8s' };
  return c;
}

const clone = <T>(v: T): T => structuredClone(v);

let v: CrdValidator;
beforeAll(() => {
  if (!missing) v = loadCrdValidator();
});

describe.skipIf(missing)('CRD schema validator (self-check)', () => {
  it('loads every Kuma CRD the plan needs, with a served version', () => {
    for (const kind of ['Mesh', 'MeshTrafficPermission', 'MeshGatewayInstance', 'MeshGateway', 'MeshHTTPRoute', 'MeshExternalService']) {
      const crd = v.crds.get(kind);
      expect(crd, kind).toBeDefined();
      expect([...crd!.versions.keys()], kind).toContain('v1alpha1');
    }
  });

  it('throws for a kind no CRD declares, rather than passing it', () => {
    expect(() => v.validate({ apiVersion: KUMA_API, kind: 'MeshNothing', metadata: { name: 'x' } })).toThrow(/MeshNothing/);
  });
});

describe.skipIf(missing).each([
  ['default config (global via kumactl)', () => defaultConfig(), 12],
  ['global.tool=kubectl (Mesh in Kubernetes format)', kubectlGlobal, 14],
] as const)('every generated kuma.io manifest validates: %s', (_label, makeConfig, expectedCount) => {
  const manifests = kumaManifests(makeConfig());

  it(`has ${expectedCount} kuma.io/v1alpha1 manifests to check`, () => {
    expect(manifests).toHaveLength(expectedCount);
  });

  it.each(manifests.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    expect(v.validate(m.object)).toEqual([]);
  });

  it('also validates with real gateway addresses filled in (IP and DNS name)', () => {
    for (const m of kumaManifests(makeConfig(), { mesh1: '203.0.113.7', mesh2: 'gw2.example.com' }))
      expect(v.validate(m.object), m.id).toEqual([]);
  });
});

describe.skipIf(missing)('the Mesh with global.tool=kubectl', () => {
  it('is in Kubernetes format and goes through kubectl', () => {
    const meshes = kumaManifests(kubectlGlobal()).filter((m) => (m.object as KubeObject).kind === 'Mesh');
    expect(meshes.map((m) => (m.object as KubeObject).metadata.name)).toEqual(['mesh1', 'mesh2']);
    for (const m of meshes) {
      expect(m.target).toMatchObject({ tool: 'kubectl', context: 'global-k8s', role: 'global' });
      expect(v.validate(m.object)).toEqual([]);
    }
  });

  it('default config keeps the Mesh in universal format (not validated against a CRD)', () => {
    const meshes = planFor(defaultConfig())
      .flatMap((p) => p.manifests)
      .filter((m) => !isKubeObject(m.object));
    expect(meshes.map((m) => m.object)).toEqual([
      expect.objectContaining({ type: 'Mesh', name: 'mesh1' }),
      expect.objectContaining({ type: 'Mesh', name: 'mesh2' }),
    ]);
  });
});

describe.skipIf(missing)('deliberately broken manifests fail validation', () => {
  const byKind = (kind: string): KubeObject =>
    clone(kumaManifests(defaultConfig()).find((m) => (m.object as KubeObject).kind === kind)!.object as KubeObject);
  type Any = any;

  it('MeshHTTPRoute with path type Bogus', () => {
    const o = byKind('MeshHTTPRoute') as Any;
    expect(v.validate(o)).toEqual([]);
    o.spec.to[0].rules[0].matches[0].path.type = 'Bogus';
    const errors = v.validate(o);
    expect(errors.join('\n')).toMatch(/\/spec\/to\/0\/rules\/0\/matches\/0\/path\/type must be equal to one of the allowed values/);
  });

  it('MeshExternalService with match.protocol smtp', () => {
    const o = byKind('MeshExternalService') as Any;
    o.spec.match.protocol = 'smtp';
    expect(v.validate(o).join('\n')).toMatch(/\/spec\/match\/protocol must be equal to one of the allowed values/);
  });

  it('MeshGatewayInstance with replicas as a string', () => {
    const o = byKind('MeshGatewayInstance') as Any;
    o.spec.replicas = '1';
    expect(v.validate(o).join('\n')).toMatch(/\/spec\/replicas must be integer/);
  });

  it('MeshGatewayInstance with replicas 0 (below minimum 1)', () => {
    const o = byKind('MeshGatewayInstance') as Any;
    o.spec.replicas = 0;
    expect(v.validate(o).join('\n')).toMatch(/\/spec\/replicas must be >= 1/);
  });

  it('MeshTrafficPermission with action Allowed (not an enum value)', () => {
    const o = byKind('MeshTrafficPermission') as Any;
    o.spec.from[0].default.action = 'Allowed';
    expect(v.validate(o)).not.toEqual([]);
  });

  it('a misspelt spec field (unknown field, as kubectl --validate=strict rejects)', () => {
    const o = byKind('MeshHTTPRoute') as Any;
    o.spec.targetRefs = o.spec.targetRef;
    expect(v.validate(o).join('\n')).toMatch(/\/spec must NOT have additional properties/);
  });

  it('a label value that is not a string', () => {
    const o = byKind('MeshExternalService') as Any;
    o.metadata.labels['kuma.io/mesh'] = 2;
    expect(v.validate(o).join('\n')).toMatch(/\/metadata\/labels\/kuma.io~1mesh must be string/);
  });

  it('missing metadata.name', () => {
    const o = byKind('MeshGatewayInstance') as Any;
    delete o.metadata.name;
    expect(v.validate(o).join('\n')).toMatch(/\/metadata must have required property 'name'/);
  });

  it('a wrong apiVersion', () => {
    const o = byKind('MeshGatewayInstance') as Any;
    o.apiVersion = 'kuma.io/v1beta9';
    expect(v.validate(o).join('\n')).toMatch(/not served/);
  });

  it('a namespace on the cluster-scoped MeshGateway', () => {
    const o = byKind('MeshGateway') as Any;
    o.metadata.namespace = 'kong-mesh-system';
    expect(v.validate(o).join('\n')).toMatch(/cluster-scoped/);
  });

  it('a Kubernetes-format Mesh with a top-level field the CRD does not have', () => {
    const o = clone(kumaManifests(kubectlGlobal()).find((m) => (m.object as KubeObject).kind === 'Mesh')!.object) as Any;
    o.mtls = o.spec.mtls; // universal-format habit: spec field at the top level
    expect(v.validate(o).join('\n')).toMatch(/must NOT have additional properties/);
  });
});
