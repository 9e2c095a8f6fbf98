import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { Tools, shellQuote } from '../../src/adapter/tools.js';
import type { Runner, RunRequest, RunResult } from '../../src/adapter/runner.js';
import { hintFor } from '../../src/adapter/hints.js';
import { plannedFieldDifferences, formatDifferences } from '../../src/cluster/compare.js';

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };

function recordingRunner(reply: (req: RunRequest) => Partial<RunResult> = () => ({})): { runner: Runner; calls: RunRequest[] } {
  const calls: RunRequest[] = [];
  const runner: Runner = async (req) => {
    calls.push(req);
    return { ...OK, ...reply(req) };
  };
  return { runner, calls };
}

let dir: string;
let kumactlFile: string;

function writeKumactlConfig(current: string): void {
  writeFileSync(
    kumactlFile,
    stringify({
      contexts: [
        { name: 'global', controlPlane: 'global' },
        { name: 'staging', controlPlane: 'staging' },
      ],
      controlPlanes: [
        { name: 'global', coordinates: { apiServer: { url: 'http://global.example:5681' } } },
        { name: 'staging', coordinates: { apiServer: { url: 'http://staging.example:5681' } } },
      ],
      currentContext: current,
    }),
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossmesh-adapter-test-'));
  kumactlFile = join(dir, 'kumactl-config');
  writeKumactlConfig('global');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Tools: kubectl', () => {
  it('every call carries --context, as separate array items (no shell)', async () => {
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner });
    await tools.kubectl('c1', ['get', 'pods', '-n', 'c1m1']);
    await tools.kubectl('my ctx; rm -rf /', ['apply', '-f', '-'], { input: 'kind: X\n' });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ file: 'kubectl', args: ['--context', 'c1', 'get', 'pods', '-n', 'c1m1'] });
    expect(calls[1]).toMatchObject({ file: 'kubectl', args: ['--context', 'my ctx; rm -rf /', 'apply', '-f', '-'], input: 'kind: X\n' });
    for (const c of calls) {
      expect(Array.isArray(c.args)).toBe(true);
      expect(c.file).not.toMatch(/\s|sh$/);
    }
  });

  it('adds --kubeconfig F before --context when a kubeconfig is given', async () => {
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner, kubeconfig: '/home/u/kube config' });
    await tools.kubectl('c2', ['get', 'ns']);
    expect(calls[0]!.args).toEqual(['--kubeconfig', '/home/u/kube config', '--context', 'c2', 'get', 'ns']);
    expect(tools.commandLine('kubectl', 'c2', ['apply', '-f', '-'])).toBe(
      "kubectl --kubeconfig '/home/u/kube config' --context c2 apply -f -",
    );
  });

  it('forTarget routes a kubectl target through its context', async () => {
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner });
    await tools.forTarget({ tool: 'kubectl', role: 'cluster2', context: 'c2', namespace: 'kong-mesh-system' }, ['apply', '-f', '-']);
    expect(calls[0]!.args.slice(0, 2)).toEqual(['--context', 'c2']);
  });

  it('passes the timeout (default 60 s, or per call) and returns the command as typed', async () => {
    const { runner, calls } = recordingRunner(() => ({ stdout: 'done' }));
    const tools = new Tools({ runner });
    const r = await tools.kubectl('c1', ['get', 'ns'], { timeoutMs: 5 });
    await tools.kubectl('c1', ['get', 'ns']);
    expect(calls[0]!.timeoutMs).toBe(5);
    expect(calls[1]!.timeoutMs).toBe(60_000);
    expect(r).toMatchObject({ tool: 'kubectl', command: 'kubectl --context c1 get ns', stdout: 'done', exitCode: 0 });
  });

  it('shellQuote leaves safe words alone and quotes the rest', () => {
    expect(shellQuote('--context=c1')).toBe('--context=c1');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(x)')).toBe("'$(x)'");
  });
});

describe('Tools: kumactl control-plane selection', () => {
  it('the current control plane: --config-file is the user file itself', async () => {
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner, kumactlConfig: kumactlFile });
    await tools.kumactl('global', ['get', 'meshes']);
    expect(calls[0]).toMatchObject({ file: 'kumactl', args: ['--config-file', kumactlFile, 'get', 'meshes'] });
    tools.dispose();
  });

  it('another control plane: a private copy with only currentContext switched, mode 0600, removed by dispose()', async () => {
    const before = readFileSync(kumactlFile, 'utf8');
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner, kumactlConfig: kumactlFile });
    await tools.kumactl('staging', ['get', 'meshes']);
    await tools.kumactl('staging', ['version']);
    const args = calls[0]!.args;
    expect(args[0]).toBe('--config-file');
    const derived = args[1]!;
    expect(derived).not.toBe(kumactlFile);
    expect(args.slice(2)).toEqual(['get', 'meshes']);
    expect(calls[1]!.args[1]).toBe(derived); // reused, not rewritten per call
    expect(existsSync(derived)).toBe(true);
    expect(statSync(derived).mode & 0o777).toBe(0o600);
    const copy = parse(readFileSync(derived, 'utf8')) as Record<string, unknown>;
    const original = parse(before) as Record<string, unknown>;
    expect(copy).toEqual({ ...original, currentContext: 'staging' });
    expect(readFileSync(kumactlFile, 'utf8')).toBe(before); // the user's file is untouched
    tools.dispose();
    expect(existsSync(derived)).toBe(false);
    expect(existsSync(dirname(derived))).toBe(false);
  });

  it('an unknown control plane: exit code 1, a clear message, and no runner call', async () => {
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner, kumactlConfig: kumactlFile });
    const r = await tools.kumactl('prod', ['apply', '-f', '-'], { input: 'x' });
    expect(calls).toHaveLength(0);
    expect(r.exitCode).toBe(1);
    expect(r.tool).toBe('kumactl');
    expect(r.stderr).toBe(`kumactl does not know a control plane named "prod" in ${kumactlFile} (known: global, staging)`);
  });

  it('an unknown control plane gets the hint to register it', async () => {
    // src/engine/hints.ts matches /not known a control plane/, but src/adapter/kumactl-config.ts says
    // "does not know a control plane named ...", so the specific hint is never given.
    const { runner } = recordingRunner();
    const r = await new Tools({ runner, kumactlConfig: kumactlFile }).kumactl('prod', ['version']);
    expect(hintFor(r, 'prod')).toMatch(/Register the control plane with kumactl config control-planes add/);
  });

  it('the hint for a missing kumactl configuration says to register the control plane', async () => {
    const { runner } = recordingRunner();
    const r = await new Tools({ runner, kumactlConfig: join(dir, 'nope') }).kumactl('global', ['version']);
    expect(hintFor(r, 'global')).toMatch(/Register the control plane with kumactl config control-planes add/);
  });

  it('a missing kumactl configuration: exit code 1, says how to add the control plane, no runner call', async () => {
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner, kumactlConfig: join(dir, 'nope') });
    const r = await tools.kumactl('global', ['version']);
    expect(calls).toHaveLength(0);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /is missing or unreadable: add the control plane with "kumactl config control-planes add --name global --address URL"/,
    );
  });

  it('forTarget routes a kumactl target by control-plane name', async () => {
    writeKumactlConfig('staging');
    const { runner, calls } = recordingRunner();
    const tools = new Tools({ runner, kumactlConfig: kumactlFile });
    await tools.forTarget({ tool: 'kumactl', role: 'global', context: 'staging' }, ['apply', '-f', '-']);
    expect(calls[0]!.args).toEqual(['--config-file', kumactlFile, 'apply', '-f', '-']);
    tools.dispose();
  });
});

describe('hintFor', () => {
  const r = (stderr: string, extra: Partial<{ tool: 'kubectl' | 'kumactl'; notFound: boolean; timedOut: boolean }> = {}) => ({
    tool: 'kubectl' as const,
    stderr,
    stdout: '',
    notFound: false,
    timedOut: false,
    ...extra,
  });

  it.each([
    ['tool not found', r('', { notFound: true }), /kubectl is not on PATH/],
    ['timeout', r('', { timedOut: true }), /did not answer in time: check that "c1" is reachable/],
    ['missing context', r('error: context "c9" does not exist'), /The kubeconfig has no context "c1"/],
    ['missing context (other wording)', r('error: no context exists with the name: "c9"'), /has no context/],
    ['unreachable', r('Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout'), /The cluster behind "c1" cannot be reached/],
    [
      'connection refused, in the words kubectl uses when the port is closed',
      r('The connection to the server 127.0.0.1:42809 was refused - did you specify the right host or port?'),
      /The cluster behind "c1" cannot be reached/,
    ],
    [
      'connection refused',
      r('The connection to the server localhost:8080 was refused - did you specify the right host or port? connection refused'),
      /cannot be reached/,
    ],
    [
      '405 from kumactl',
      r('Error: failed to create: (405): Method not allowed', { tool: 'kumactl' }),
      /refuses kumactl apply: set global.tool to kubectl/,
    ],
    [
      'missing CRD',
      r(
        'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "MeshGatewayInstance" in version "kuma.io/v1alpha1"\nensure CRDs are installed first',
      ),
      /A Kuma resource type is missing on "c1"/,
    ],
    [
      'namespace not found',
      r('Error from server (NotFound): namespaces "c1m1" not found'),
      /A namespace this step uses does not exist yet/,
    ],
    [
      'forbidden',
      r('Error from server (Forbidden): meshes.kuma.io is forbidden: User "dev" cannot create resource'),
      /may not change these objects/,
    ],
    [
      'webhook denied',
      r('Error from server: admission webhook "mesh.validator.kuma-admission.kuma.io" denied the request: mesh: cannot be empty'),
      /admission webhook refused the object/,
    ],
    [
      'schema invalid',
      r('The MeshHTTPRoute "x" is invalid: spec.to[0].rules[0].matches[0].path.type: Unsupported value: "Bogus"'),
      /rejected the manifest against its schema/,
    ],
    ['anything else', r('something odd happened'), /Read the tool's message above/],
    [
      'missing context (kubectl config use-context wording)',
      r('error: context was not found for specified context: c9'),
      /has no context "c1"/,
    ],
    // Kuma's own refusals, with the exact text real Kuma 2.14.3 printed (kuma-notes.md, "Observed on a real Kuma")
    [
      'mesh not synced to the zone yet',
      r(
        'Error from server: error when creating "STDIN": admission webhook "owner-reference.kuma-admission.kuma.io" denied the request: Mesh.kuma.io "mesh1" not found',
      ),
      /The zone "c1" does not know mesh "mesh1" yet: the global control plane has not copied it there\. Wait a few seconds and retry/,
    ],
    [
      'CA change while mTLS is on (kumactl)',
      r(
        'Error: Failed to update a resource (Resource is not valid);mtls.enabledBackend=Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA',
        { tool: 'kumactl' },
      ),
      /switch the CA backend of a mesh while mTLS is on \(this is Kuma's rule, not a permissions problem\)/,
    ],
    [
      'CA change while mTLS is on (webhook)',
      r(
        'admission webhook "validator.kuma-admission.kuma.io" denied the request: mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA',
      ),
      /not a permissions problem/,
    ],
    [
      'dataplanes still attached',
      r(
        'Error: Could not delete a resource (Resource is not valid)\nmesh: unable to delete mesh, there are still some dataplanes attached',
        { tool: 'kumactl' },
      ),
      /still has data plane proxies: pods of its workloads or gateways are still stopping/,
    ],
    [
      'origin label on a zone',
      r(
        "admission webhook \"validator.kuma-admission.kuma.io\" denied the request: Applying policies on Zone CP on a system namespace requires 'kuma.io/origin' label to be set to 'zone'",
      ),
      /only with the label kuma\.io\/origin: zone/,
    ],
    [
      'namespace being deleted',
      r(
        'Error from server (Forbidden): error when creating "STDIN": deployments.apps "echo" is forbidden: unable to create new content in namespace c1m1 because it is being terminated',
      ),
      /still being deleted \(Terminating\)/,
    ],
  ])('%s', (_label, result, expected) => {
    expect(hintFor(result, 'c1')).toMatch(expected);
  });

  it('only kubectl\'s RBAC form of "forbidden" gets the RBAC hint', () => {
    expect(hintFor(r('Changing CA when mTLS is enabled is forbidden'), 'g')).not.toMatch(/RBAC/);
    expect(
      hintFor(r('deployments.apps "echo" is forbidden: unable to create new content in namespace x because it is being terminated'), 'c1'),
    ).not.toMatch(/RBAC/);
    expect(hintFor(r('something is forbidden'), 'c1')).not.toMatch(/RBAC/);
  });

  it('a 405 from kubectl is not taken for the kumactl global-on-Kubernetes case', () => {
    expect(hintFor(r('the server responded with 405'), 'c1')).not.toMatch(/global.tool/);
  });

  it('without a context the hints still read well', () => {
    expect(hintFor(r('dial tcp: connect: connection refused'))).toMatch(/The cluster behind this context cannot be reached/);
    expect(hintFor(r('no matches for kind "MeshGateway"'))).toMatch(/missing on the cluster/);
  });
});

describe('plannedFieldDifferences', () => {
  it('is empty when the live object has every planned field (extra live fields are ignored)', () => {
    const planned = { metadata: { name: 'a', labels: { x: '1' } }, spec: { ports: [{ port: 80 }] } };
    const live = {
      metadata: { name: 'a', labels: { x: '1', added: 'by-server' }, uid: 'u' },
      spec: { ports: [{ port: 80, protocol: 'TCP' }] },
      status: {},
    };
    expect(plannedFieldDifferences(planned, live)).toEqual([]);
  });

  it('names each differing path with planned and live values', () => {
    const planned = { spec: { replicas: 2, sel: { app: 'echo' }, list: [1, 2], obj: { a: 1 } } };
    const live = { spec: { replicas: 1, sel: { app: 'other' }, list: [1, 3], obj: 'scalar' } };
    expect(plannedFieldDifferences(planned, live)).toEqual([
      { path: 'spec.replicas', planned: 2, live: 1 },
      { path: 'spec.sel.app', planned: 'echo', live: 'other' },
      { path: 'spec.list[1]', planned: 2, live: 3 },
      { path: 'spec.obj', planned: { a: 1 }, live: 'scalar' },
    ]);
  });

  it('a missing field and a list of another length are differences', () => {
    expect(plannedFieldDifferences({ a: { b: 1 } }, {})).toEqual([{ path: 'a', planned: { b: 1 }, live: undefined }]);
    expect(plannedFieldDifferences({ l: [1] }, { l: [1, 2] })).toEqual([{ path: 'l', planned: [1], live: [1, 2] }]);
    expect(plannedFieldDifferences({ a: 1 }, null)).toEqual([{ path: '(object)', planned: { a: 1 }, live: null }]);
  });

  it('numbers and numeric strings are the same value (API defaulting), other types are not', () => {
    expect(plannedFieldDifferences({ port: 8080 }, { port: '8080' })).toEqual([]);
    expect(plannedFieldDifferences({ on: true }, { on: 'true' })).toEqual([{ path: 'on', planned: true, live: 'true' }]);
  });

  it('formatDifferences shows absent values plainly', () => {
    expect(
      formatDifferences([
        { path: 'a.b', planned: 1, live: undefined },
        { path: 'c', planned: 'x', live: 'y' },
      ]),
    ).toEqual(['a.b: planned 1, live (absent)', 'c: planned "x", live "y"']);
  });
});
