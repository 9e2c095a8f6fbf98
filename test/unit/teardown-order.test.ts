/** Teardown's order against Kuma's rules, with an injected runner (the sandbox suite runs it for real). */
import { describe, it, expect } from 'vitest';
import { executeTeardown, type TeardownPlan } from '../../src/app/teardown.js';
import { Tools } from '../../src/adapter/tools.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { RunRequest, RunResult } from '../../src/adapter/runner.js';
import { planFor } from '../../steps/index.js';

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };
/** a Mesh document (a policy's `targetRef: {kind: Mesh}` is indented, so it does not match) */
const IS_MESH = /^kind: Mesh$/m;
const DATAPLANES =
  'admission webhook "validator.kuma-admission.kuma.io" denied the request: mesh: unable to delete mesh, there are still some dataplanes attached';

function everything(): TeardownPlan {
  const config = { ...defaultConfig(), global: { tool: 'kubectl' as const, context: 'g' } };
  const manifests = planFor(config)
    .flatMap((p) => p.manifests)
    .reverse();
  return { remove: manifests.map((manifest) => ({ manifest, state: 'in-sync', differences: [] })), keep: [], fingerprints: {} };
}

/** "delete" calls by the kinds they carry, and pod polls, in the order they were made. */
function describeCall(req: RunRequest): string {
  if (req.args.includes('pods')) return 'pods?';
  const kinds = [...(req.input ?? '').matchAll(/^kind: (\w+)/gm)].map((m) => m[1]);
  return `delete ${[...new Set(kinds)].join(',')}`;
}

describe("teardown in Kuma's order", () => {
  it('workloads first, then waits for their pods, then zone policies, then the Meshes (retried while proxies are attached), namespaces last', async () => {
    const calls: RunRequest[] = [];
    let podPolls = 0;
    let meshDeletes = 0;
    const runner = async (req: RunRequest): Promise<RunResult> => {
      calls.push(req);
      if (req.args.includes('pods')) return { ...OK, stdout: ++podPolls < 3 ? 'c1m1/echo-5d9f\nother/echo-1\n' : 'other/echo-1\n' };
      if (IS_MESH.test(req.input ?? '') && ++meshDeletes <= 4) return { ...OK, exitCode: 1, stderr: DATAPLANES };
      return OK;
    };
    const log: string[] = [];
    const ok = await executeTeardown(new Tools({ runner }), everything(), (l) => log.push(l), { drainWaitMs: 10_000, pollMs: 5 });
    expect(ok).toBe(true);
    expect(calls.map(describeCall).filter((c, i, all) => c !== all[i - 1])).toEqual([
      'delete MeshGatewayInstance',
      'delete Deployment,Service',
      'pods?',
      'delete MeshExternalService',
      'delete MeshHTTPRoute,MeshGateway',
      'delete MeshExternalService',
      'delete MeshHTTPRoute,MeshGateway',
      'delete MeshTrafficPermission',
      'delete Mesh',
      'delete Namespace',
    ]);
    // phases never go back: no workload after the first pod poll, no policy after the first Mesh, no Mesh after a Namespace
    const firstPoll = calls.findIndex((c) => c.args.includes('pods'));
    const firstMesh = calls.findIndex((c) => IS_MESH.test(c.input ?? ''));
    const firstNamespace = calls.findIndex((c) => /kind: Namespace/.test(c.input ?? ''));
    expect(calls.slice(firstPoll).some((c) => /kind: (Deployment|MeshGatewayInstance)/.test(c.input ?? ''))).toBe(false);
    expect(calls.slice(firstMesh).some((c) => /^kind: Mesh[A-Z]/m.test(c.input ?? ''))).toBe(false);
    expect(calls.slice(firstNamespace).some((c) => IS_MESH.test(c.input ?? ''))).toBe(false);
    expect(calls.filter((c) => IS_MESH.test(c.input ?? ''))).toHaveLength(6); // 2 meshes, refused twice each, then deleted
    expect(firstPoll).toBeLessThan(firstMesh);
    // one call per cluster and round: the first round finds c1m1's echo pod, the second only pods of
    // other namespaces, which do not count
    expect(podPolls).toBe(4);
    expect(log).toContain('  waiting for 1 pod of the deleted workloads to stop (up to 10s), so their proxies leave the meshes');
    expect(log.filter((l) => /Kuma still counts data plane proxies/.test(l))).toHaveLength(1);
  });

  it('gives up on a Mesh after drainWait with the dataplane hint, not a generic failure', async () => {
    const runner = async (req: RunRequest): Promise<RunResult> =>
      IS_MESH.test(req.input ?? '') ? { ...OK, exitCode: 1, stderr: DATAPLANES } : OK;
    const log: string[] = [];
    const ok = await executeTeardown(new Tools({ runner }), everything(), (l) => log.push(l), { drainWaitMs: 50, pollMs: 5 });
    expect(ok).toBe(false);
    expect(log.join('\n')).toMatch(
      /hint: The mesh still has data plane proxies: pods of its workloads or gateways are still stopping\. .* Waited 0s \(drainWait\); run teardown again once the pods are gone\./,
    );
  });
});
