/**
 * The Engine with an injected fake runner, for error paths and rehearsal only. The real end-to-end
 * behaviour against API servers is covered by the sandbox suite.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Engine } from '../../src/engine/engine.js';
import { Tools } from '../../src/adapter/tools.js';
import type { Runner, RunRequest, RunResult } from '../../src/adapter/runner.js';
import type { Asker, EngineEvent, Question, StepDecision, FailureDecision } from '../../src/engine/events.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { STEP_IDS, stepsFor } from '../../steps/index.js';

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };

function fakeRunner(reply: (req: RunRequest) => Partial<RunResult> | undefined): { runner: Runner; calls: RunRequest[] } {
  const calls: RunRequest[] = [];
  return {
    calls,
    runner: async (req) => {
      calls.push(req);
      return { ...OK, ...(reply(req) ?? {}) };
    },
  };
}

type Script = {
  step?: (q: Extract<Question, { kind: 'step' }>) => StepDecision;
  failure?: (q: Extract<Question, { kind: 'failure' }>) => FailureDecision;
};

function scriptedAsker(script: Script): { ask: Asker; questions: Question[] } {
  const questions: Question[] = [];
  const ask = (async (q: Question) => {
    questions.push(q);
    if (q.kind === 'step') return script.step ? script.step(q) : 'apply';
    if (q.kind === 'failure') return script.failure ? script.failure(q) : 'quit';
    if (q.kind === 'wait') return new Promise(() => {}); // waits are left to run out
    return 'quit';
  }) as Asker;
  return { ask, questions };
}

let dir: string;
let kumactlConfig: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossmesh-engine-test-'));
  kumactlConfig = join(dir, 'kumactl-config');
  writeFileSync(
    kumactlConfig,
    stringify({
      contexts: [{ name: 'global', controlPlane: 'global' }],
      controlPlanes: [{ name: 'global', coordinates: { apiServer: { url: 'http://127.0.0.1:5681' } } }],
      currentContext: 'global',
    }),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What `kubectl get meshes.kuma.io ... -o name` prints in a zone that has both meshes. */
const MESHES_IN_ZONE = 'mesh.kuma.io/mesh1\nmesh.kuma.io/mesh2';

const isApply = (req: RunRequest) => req.args.includes('apply');
const isRealApply = (req: RunRequest) => isApply(req) && !req.args.includes('--dry-run=server') && !req.args.includes('--dry-run');

describe('rehearsal', () => {
  it('applies nothing, previews every step and ends every step as rehearsed', async () => {
    const { runner, calls } = fakeRunner(() => ({}));
    const events: EngineEvent[] = [];
    const { ask, questions } = scriptedAsker({});
    const engine = new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask,
      emit: (e) => events.push(e),
      rehearsal: true,
    });
    const summary = await engine.run();

    expect(calls.filter(isApply)).toEqual([]);
    expect(calls).toEqual([]); // a rehearsal does not even read the clusters
    const previews = events.filter((e): e is Extract<EngineEvent, { type: 'preview' }> => e.type === 'preview');
    expect(previews.map((p) => p.step)).toEqual([...STEP_IDS]);
    const ends = events.filter((e): e is Extract<EngineEvent, { type: 'step-end' }> => e.type === 'step-end');
    expect(ends.map((e) => [e.step, e.outcome])).toEqual(STEP_IDS.map((s) => [s, 'rehearsed']));
    expect(summary).toEqual({ ok: true, quit: false, outcomes: Object.fromEntries(STEP_IDS.map((s) => [s, 'rehearsed'])) });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', ok: true, message: expect.stringMatching(/nothing was applied/) });
    // nobody passed --rehearse here: the message does not tell the user to leave it out
    expect(events.at(-1)).toMatchObject({ message: expect.not.stringMatching(/--rehearse/) });
    expect(questions.every((q) => q.kind === 'step' && q.rehearsal)).toBe(true);
  });

  it('previews carry every manifest with its YAML and the command that names its context', async () => {
    const { runner } = fakeRunner(() => ({}));
    const events: EngineEvent[] = [];
    const engine = new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask: scriptedAsker({}).ask,
      emit: (e) => events.push(e),
      rehearsal: true,
    });
    await engine.run();
    const items = events.flatMap((e) => (e.type === 'preview' ? e.items : []));
    expect(items.length).toBeGreaterThanOrEqual(20);
    for (const item of items) {
      expect(item.yaml.length).toBeGreaterThan(0);
      if (item.target.tool === 'kubectl') expect(item.command).toContain(`--context ${item.target.context}`);
      else expect(item.command).toMatch(/^kumactl .*apply -f -$/);
    }
  });

  it('the prerequisites step cannot go back; later steps can', async () => {
    const { runner } = fakeRunner(() => ({}));
    const { ask, questions } = scriptedAsker({});
    await new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask,
      emit: () => {},
      rehearsal: true,
    }).run();
    const stepQs = questions.filter((q): q is Extract<Question, { kind: 'step' }> => q.kind === 'step');
    expect(stepQs[0]).toMatchObject({ step: 'prerequisites', canGoBack: false });
    expect(stepQs.slice(1).every((q) => q.canGoBack)).toBe(true);
  });
});

describe("the 'back' decision", () => {
  it('returns to the previous step', async () => {
    const { runner } = fakeRunner(() => ({}));
    const events: EngineEvent[] = [];
    let wentBack = false;
    const { ask } = scriptedAsker({
      step: (q) => {
        if (q.step === 'mtls' && !wentBack) {
          wentBack = true;
          return 'back';
        }
        if (q.step === 'permissions') return 'quit';
        return 'apply';
      },
    });
    const summary = await new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask,
      emit: (e) => events.push(e),
      rehearsal: true,
    }).run();
    const starts = events.flatMap((e) => (e.type === 'step-start' ? [e.step] : []));
    expect(starts).toEqual(['prerequisites', 'namespaces', 'mtls', 'namespaces', 'mtls', 'permissions']);
    expect(summary.quit).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', ok: false });
  });
});

describe('a failing server-side dry run', () => {
  const INVALID = 'The MeshHTTPRoute "x" is invalid: spec.to[0].rules[0].matches[0].path.type: Unsupported value: "Bogus"';
  const failDryRun = (req: RunRequest): Partial<RunResult> | undefined => {
    if (req.args.includes('--dry-run=server')) return { exitCode: 1, stderr: INVALID };
    if (req.args.includes('meshes.kuma.io')) return { stdout: MESHES_IN_ZONE };
    return undefined; // reads: empty output = nothing there yet
  };

  async function runGateway(failure: FailureDecision[]) {
    const { runner, calls } = fakeRunner(failDryRun);
    const events: EngineEvent[] = [];
    const answers = [...failure];
    const { ask, questions } = scriptedAsker({
      step: (q) => (q.step === 'prerequisites' ? 'skip' : 'apply'),
      failure: () => answers.shift() ?? 'quit',
    });
    const summary = await new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask,
      emit: (e) => events.push(e),
      rehearsal: false,
      from: 'gateway',
    }).run();
    return { calls, events, questions, summary };
  }

  it('emits a failure event with the message, the command and a hint', async () => {
    const { events } = await runGateway(['quit']);
    const failures = events.filter((e): e is Extract<EngineEvent, { type: 'failure' }> => e.type === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      step: 'gateway',
      phase: 'validate',
      message: INVALID,
      command: 'kubectl --context c1 apply --dry-run=server -f -',
      hint: expect.stringMatching(/rejected the manifest against its schema/),
    });
  });

  it("after 'quit' nothing is ever applied for real, the step is failed and the run says it stopped", async () => {
    const { calls, events, questions, summary } = await runGateway(['quit']);
    expect(calls.some((c) => c.args.includes('--dry-run=server'))).toBe(true);
    expect(calls.filter(isRealApply)).toEqual([]);
    for (const c of calls.filter((x) => x.file === 'kubectl')) expect(c.args.slice(0, 2)).toEqual(['--context', 'c1']);
    expect(questions.filter((q) => q.kind === 'failure')).toEqual([
      { kind: 'failure', step: 'gateway', phase: 'validate', message: INVALID },
    ]);
    expect(summary).toMatchObject({ ok: false, quit: true, outcomes: { prerequisites: 'skipped', gateway: 'failed' } });
    expect(events.at(-1)).toMatchObject({
      type: 'run-end',
      ok: false,
      message: expect.stringMatching(/Run crossmesh again to continue where you left off/),
    });
  });

  it("'retry' runs the dry run again; still nothing applied when it fails again", async () => {
    const { calls } = await runGateway(['retry', 'quit']);
    expect(calls.filter((c) => c.args.includes('--dry-run=server'))).toHaveLength(2);
    expect(calls.filter(isRealApply)).toEqual([]);
  });

  it("'skip' leaves the step as skipped and moves on without applying it", async () => {
    const { runner, calls } = fakeRunner(failDryRun);
    const events: EngineEvent[] = [];
    const { ask } = scriptedAsker({
      step: (q) => (q.step === 'prerequisites' ? 'skip' : q.step === 'gateway' ? 'apply' : 'quit'),
      failure: () => 'skip',
    });
    const summary = await new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask,
      emit: (e) => events.push(e),
      rehearsal: false,
      from: 'gateway',
    }).run();
    expect(summary.outcomes.gateway).toBe('skipped');
    expect(events.flatMap((e) => (e.type === 'step-start' ? [e.step] : []))).toEqual(['prerequisites', 'gateway', 'external-service']);
    expect(calls.filter(isRealApply)).toEqual([]);
  });
});

describe('prerequisites with an unreachable context', () => {
  const CP_DEPLOYMENTS = JSON.stringify({
    items: [
      {
        metadata: { name: 'kong-mesh-control-plane', labels: { 'app.kubernetes.io/version': '2.14.3' } },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  env: [
                    { name: 'KUMA_MODE', value: 'zone' },
                    { name: 'KUMA_MULTIZONE_ZONE_NAME', value: 'zone1' },
                  ],
                },
              ],
            },
          },
        },
      },
    ],
  });
  const UNREACHABLE = 'Unable to connect to the server: dial tcp 10.0.0.2:6443: connect: connection refused';

  it('gives a failing check with a hint, and asks what to do', async () => {
    const { runner, calls } = fakeRunner((req) => {
      const a = req.args.join(' ');
      if (req.file === 'kumactl') return { stdout: 'Client: Kuma 2.14.3\nServer: Kong Mesh 2.14.3' };
      if (a.includes('version --client')) return { stdout: JSON.stringify({ clientVersion: { gitVersion: 'v1.31.0' } }) };
      if (a.startsWith('--context c2')) return { exitCode: 1, stderr: UNREACHABLE };
      if (a.includes('get namespace kube-system')) return { stdout: 'uid-c1' };
      if (a.includes('get deployments')) return { stdout: CP_DEPLOYMENTS };
      if (a.includes('get crd'))
        return {
          stdout: ['meshgatewayinstances', 'meshgateways', 'meshhttproutes', 'meshexternalservices', 'meshtrafficpermissions']
            .map((n) => `customresourcedefinition.apiextensions.k8s.io/${n}.kuma.io`)
            .join('\n'),
        };
      return undefined;
    });
    const events: EngineEvent[] = [];
    const { ask, questions } = scriptedAsker({ failure: () => 'quit' });
    const summary = await new Engine({
      config: defaultConfig(),
      steps: stepsFor(defaultConfig()),
      tools: new Tools({ runner, kumactlConfig }),
      ask,
      emit: (e) => events.push(e),
      rehearsal: false,
    }).run();

    const checks = events.flatMap((e) => (e.type === 'checks' ? e.results : []));
    const c2 = checks.find((c) => c.label === 'cluster 2 (context c2) reachable');
    expect(c2).toMatchObject({
      status: 'fail',
      detail: UNREACHABLE,
      hint: expect.stringMatching(/The cluster behind "c2" cannot be reached/),
    });
    expect(checks.find((c) => c.label === 'cluster 1 (context c1) reachable')).toMatchObject({ status: 'ok' });
    expect(checks.filter((c) => c.status === 'fail')).toHaveLength(1);
    expect(questions.filter((q) => q.kind === 'failure')).toEqual([
      { kind: 'failure', step: 'prerequisites', phase: 'prerequisites', message: 'cluster 2 (context c2) reachable' },
    ]);
    expect(summary).toMatchObject({ ok: false, quit: true, outcomes: { prerequisites: 'failed' } });
    expect(calls.filter(isApply)).toEqual([]);
    for (const c of calls.filter((x) => x.file === 'kubectl' && !x.args.includes('--client'))) expect(c.args[0]).toBe('--context');
  });
});
