import { meshOf } from '../../src/config/model.js';
import { describe, it, expect } from 'vitest';
import { Tools } from '../../src/adapter/tools.js';
import type { RunRequest, RunResult } from '../../src/adapter/runner.js';
import { kongChecks, GATEWAY_API_CRDS, KONG_OPERATOR_CRD } from '../../src/cluster/kong-prerequisites.js';
import { kuma3Checks } from '../../src/cluster/prerequisites.js';
import { defaultConfig } from '../../src/config/defaults.js';

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };

function crd(name: string, bundle?: string) {
  return {
    kind: 'CustomResourceDefinition',
    metadata: { name, ...(bundle ? { annotations: { 'gateway.networking.k8s.io/bundle-version': bundle } } : {}) },
  };
}

const OPERATOR = {
  kind: 'Deployment',
  metadata: { name: 'kong-operator-controller-manager', namespace: 'kong-system', labels: { 'app.kubernetes.io/version': '2.2.3' } },
};

/** An injected runner for the error paths; the sandbox's end-to-end test covers the real answers. */
function toolsWith(o: { crds: object[]; deployments: object[]; deploymentsFail?: string }) {
  const calls: RunRequest[] = [];
  const runner = async (req: RunRequest): Promise<RunResult> => {
    calls.push(req);
    if (req.args.includes('crd')) return { ...OK, stdout: JSON.stringify({ kind: 'List', items: o.crds }) };
    if (req.args.includes('deployments')) {
      if (o.deploymentsFail) return { ...OK, exitCode: 1, stderr: o.deploymentsFail };
      return { ...OK, stdout: JSON.stringify({ kind: 'List', items: o.deployments }) };
    }
    return { ...OK, exitCode: 1, stderr: 'unexpected call' };
  };
  return { tools: new Tools({ runner }), calls };
}

const everyCrd = (bundle = 'v1.5.1') => [
  ...GATEWAY_API_CRDS.map((n) => crd(n, n.startsWith('gateways.') ? bundle : undefined)),
  crd(KONG_OPERATOR_CRD),
];

describe('prerequisites of the Kong Gateway path', () => {
  it('passes with the Gateway API types, their bundle version and a running Kong Operator', async () => {
    const { tools, calls } = toolsWith({ crds: everyCrd(), deployments: [OPERATOR] });
    const checks = await kongChecks(tools, 'c1', 'cluster 1 (c1)');
    expect(checks.map((c) => [c.status, c.label])).toEqual([
      ['ok', 'cluster 1 (c1): Gateway API types (bundle v1.5.1)'],
      ['ok', 'cluster 1 (c1): Kong Operator 2.2.3 (kong-system/kong-operator-controller-manager)'],
    ]);
    expect(calls.every((c) => c.args.includes('--context') && c.args[c.args.indexOf('--context') + 1] === 'c1')).toBe(true);
  });

  it('names the missing Gateway API types and shows how to install them', async () => {
    const { tools } = toolsWith({ crds: [crd(KONG_OPERATOR_CRD)], deployments: [OPERATOR] });
    const [api] = await kongChecks(tools, 'c1', 'cluster 1 (c1)');
    expect(api).toMatchObject({ status: 'fail', label: 'cluster 1 (c1): Gateway API types' });
    expect(api!.detail).toContain('gateways.gateway.networking.k8s.io');
    expect(api!.hint).toContain('standard-install.yaml');
  });

  it('names a missing Kong Operator and shows the Helm commands, never running them', async () => {
    const { tools, calls } = toolsWith({ crds: everyCrd().slice(0, -1), deployments: [] });
    const checks = await kongChecks(tools, 'c1', 'cluster 1 (c1)');
    const operator = checks.find((c) => c.label.includes('Kong Operator'))!;
    expect(operator.status).toBe('fail');
    expect(operator.detail).toContain(KONG_OPERATOR_CRD);
    expect(operator.detail).toContain('app.kubernetes.io/component=ko');
    expect(operator.hint).toContain('helm upgrade --install kong-operator kong/kong-operator -n kong-system --create-namespace');
    expect(calls.some((c) => c.file === 'helm')).toBe(false);
  });

  it('warns about Gateway API types older than the v1 objects crossmesh writes', async () => {
    const { tools } = toolsWith({ crds: everyCrd('v1.0.0'), deployments: [OPERATOR] });
    const [api] = await kongChecks(tools, 'c1', 'cluster 1 (c1)');
    expect(api).toMatchObject({ status: 'warn', label: 'cluster 1 (c1): Gateway API types (bundle v1.0.0)' });
  });

  it('turns output that is not JSON into a failed check instead of an error', async () => {
    const runner = async (): Promise<RunResult> => ({ ...OK, stdout: 'Error from server: <html>' });
    const checks = await kongChecks(new Tools({ runner }), 'c1', 'cluster 1 (c1)');
    expect(checks[0]).toMatchObject({ status: 'fail' });
    expect(checks[0]!.detail).toMatch(/is not JSON/);
  });
});

describe('Kuma 3.x', () => {
  it('refuses the built-in gateway for each mesh that uses it, pointing at kind: kong', () => {
    const c = defaultConfig();
    meshOf(c, 'mesh2').gateway.kind = 'kong';
    const checks = kuma3Checks(c, 'cluster 1 (c1)', 'Kuma 3.0.0');
    const failed = checks.filter((x) => x.status === 'fail');
    expect(failed.map((x) => x.label)).toEqual(['cluster 1 (c1): Kuma 3.0.0 has no built-in gateway for mesh1']);
    expect(failed[0]!.hint).toContain('meshes.mesh1.gateway.kind: kong');
  });

  it('with Kong Gateway on both meshes, lists what crossmesh does not support yet as warnings', () => {
    const c = defaultConfig();
    meshOf(c, 'mesh1').gateway.kind = 'kong';
    meshOf(c, 'mesh2').gateway.kind = 'kong';
    const checks = kuma3Checks(c, 'cluster 1 (c1)', 'Kuma 3.0.0');
    expect(checks.every((x) => x.status === 'warn')).toBe(true);
    expect(checks.map((x) => x.label).join('\n')).toMatch(/MeshIdentity[\s\S]*"rules"/);
  });
});
