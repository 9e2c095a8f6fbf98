/**
 * How the engine copes with Kuma's multi-zone behaviour (kuma-notes.md, "Observed on a real Kuma
 * 2.14.3 multi-zone setup"), with an injected fake runner. The sandbox suite covers the same
 * paths against real API servers and the Kuma stand-in.
 */
import { meshOf } from '../../src/config/model.js';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, appliedVerbs } from '../../src/engine/engine.js';
import { Tools } from '../../src/adapter/tools.js';
import type { Asker, EngineEvent, Question } from '../../src/engine/events.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import type { Manifest, StepId } from '../../src/model/types.js';
import { Journal } from '../../src/state/journal.js';
import { fakeClusters, type FakeClusters } from './fake-clusters.js';
import { planFor, stepsFor } from '../../steps/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossmesh-kuma-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function kubectlGlobal(extra: Partial<CrossmeshConfig> = {}): CrossmeshConfig {
  return { ...defaultConfig(), global: { tool: 'kubectl', context: 'g' }, ...extra };
}

interface Run {
  events: EngineEvent[];
  questions: Question[];
}

/** Applies from `from` up to (not including) `until`, answering failures with `failures` in turn. */
function runEngine(
  world: FakeClusters,
  o: {
    config?: CrossmeshConfig;
    from: StepId;
    until: StepId;
    failures?: Array<'retry' | 'skip' | 'quit'>;
    onWait?: (q: Question) => Promise<unknown>;
    journal?: Journal;
  },
) {
  const run: Run = { events: [], questions: [] };
  const failures = [...(o.failures ?? [])];
  const ask = (async (q: Question) => {
    run.questions.push(q);
    if (q.kind === 'step') return q.step === 'prerequisites' ? 'skip' : q.step === o.until ? 'quit' : 'apply';
    if (q.kind === 'failure') return failures.shift() ?? 'quit';
    if (q.kind === 'wait') return o.onWait ? o.onWait(q) : new Promise(() => {});
    return 'quit';
  }) as Asker;
  const config = o.config ?? kubectlGlobal();
  const engine = new Engine({
    config,
    steps: stepsFor(config),
    tools: new Tools({ runner: world.runner }),
    ask,
    emit: (e) => run.events.push(e),
    rehearsal: false,
    from: o.from,
    pollMs: 10,
    ...(o.journal ? { journal: o.journal } : {}),
  });
  return { engine, run, done: engine.run() };
}

const failuresOf = (run: Run) => run.events.filter((e): e is Extract<EngineEvent, { type: 'failure' }> => e.type === 'failure');
const zoneApplies = (world: FakeClusters) =>
  world.calls.filter((c) => c.args.includes('apply') && (c.args.includes('c1') || c.args.includes('c2')));

describe('waiting for the Meshes to reach the zones', () => {
  it('after the Meshes step, polls each zone until the global has copied both meshes, and only then sends zone objects', async () => {
    const world = fakeClusters();
    let polls = 0;
    const inner = world.runner;
    world.runner = async (req) => {
      if (req.args.includes('meshes.kuma.io') && ++polls === 6) {
        world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
        world.zoneMeshes.set('c2', new Set(['mesh1', 'mesh2']));
      }
      return inner(req);
    };
    const { run, done } = runEngine(world, { from: 'mtls', until: 'workloads' });
    const summary = await done;
    expect(summary.outcomes).toMatchObject({ mtls: 'applied', permissions: 'applied' });
    const firstZoneApply = world.calls.findIndex((c) => c.args.includes('apply') && c.args.includes('c1'));
    const lastMeshPoll = world.calls.map((c) => c.args.includes('meshes.kuma.io')).lastIndexOf(true);
    expect(polls).toBeGreaterThanOrEqual(6);
    expect(lastMeshPoll).toBeLessThan(firstZoneApply);
    expect(run.events).toContainEqual(
      expect.objectContaining({
        type: 'waiting',
        step: 'mtls',
        label: 'waiting until the global control plane has copied mesh1, mesh2 to zone1, zone2',
      }),
    );
    expect(run.events).toContainEqual(
      expect.objectContaining({ type: 'activity', step: 'mtls', status: 'ok', label: 'mesh1, mesh2 are in zone1, zone2' }),
    );
  });

  it('on resume at a zone step, checks the zones first (one call per zone when the meshes are already there)', async () => {
    const world = fakeClusters();
    world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
    world.zoneMeshes.set('c2', new Set(['mesh1']));
    const { done } = runEngine(world, { from: 'permissions', until: 'workloads' });
    expect((await done).outcomes.permissions).toBe('applied');
    const polls = world.calls.filter((c) => c.args.includes('meshes.kuma.io'));
    // permissions put mesh1 and mesh2 in zone1 and mesh1 (the zone-2 echo) in zone2
    expect(polls.map((c) => c.args.slice(0, 2).concat(c.args.filter((a) => a.startsWith('mesh') && a !== 'meshes.kuma.io')))).toEqual([
      ['--context', 'c1', 'mesh1', 'mesh2'],
      ['--context', 'c2', 'mesh1'],
    ]);
  });

  it('on timeout, names the zone and the likely causes, and applies nothing to the zones', async () => {
    const world = fakeClusters();
    world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
    const { run, done } = runEngine(world, {
      config: kubectlGlobal({ meshSyncWait: '200ms' }),
      from: 'permissions',
      until: 'workloads',
      failures: ['quit'],
    });
    const summary = await done;
    expect(summary).toMatchObject({ quit: true, outcomes: { permissions: 'failed' } });
    expect(failuresOf(run)).toEqual([
      expect.objectContaining({
        phase: 'mesh sync',
        command: 'kubectl --context c2 get meshes.kuma.io mesh1',
        message: expect.stringMatching(
          /^After 200ms, mesh1 in zone zone2 \(context c2\) is still missing\. The global control plane copies each Mesh to every zone; zone zone2 \(context c2\) did not receive it\./,
        ),
        hint: expect.stringMatching(
          /the zone is offline or its control plane is not connected to the global \(KDS, port 5685\).*meshSyncWait/,
        ),
      }),
    ]);
    expect(zoneApplies(world)).toEqual([]);
  });

  it("'retry' after a timeout waits again, and goes on once the zone has caught up", async () => {
    const world = fakeClusters();
    world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
    // read by the runner, which runEngine may call before it returns
    let started: ReturnType<typeof runEngine> | undefined = undefined;
    const inner = world.runner;
    world.runner = async (req) => {
      // the zone catches up while the user reads the failure
      if (started && failuresOf(started.run).length) world.zoneMeshes.set('c2', new Set(['mesh1']));
      return inner(req);
    };
    started = runEngine(world, {
      config: kubectlGlobal({ meshSyncWait: '100ms' }),
      from: 'permissions',
      until: 'workloads',
      failures: ['retry'],
    });
    expect((await started.done).outcomes.permissions).toBe('applied');
    expect(failuresOf(started.run).map((f) => f.phase)).toEqual(['mesh sync']);
  });

  it("'q' while waiting quits at once, and so does cancel() (Ctrl-C in the wizard)", async () => {
    const world = fakeClusters();
    const quitting = runEngine(world, { from: 'permissions', until: 'workloads', onWait: async () => 'quit' });
    expect(await quitting.done).toMatchObject({ quit: true });
    expect(zoneApplies(world)).toEqual([]);

    const world2 = fakeClusters();
    const cancelled = runEngine(world2, { from: 'permissions', until: 'workloads' });
    const started = Date.now();
    setTimeout(() => cancelled.engine.cancel(), 50);
    expect(await cancelled.done).toMatchObject({ quit: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('a CA change Kuma would refuse', () => {
  it('stops before sending the Mesh, with what is live, what is planned and how to keep it', async () => {
    const world = fakeClusters();
    world.objects.set('g|Mesh||mesh1', {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Mesh',
      metadata: { name: 'mesh1' },
      spec: { mtls: { enabledBackend: 'ca-0', backends: [{ name: 'ca-0', type: 'builtin' }] } },
    });
    const { run, done } = runEngine(world, { from: 'mtls', until: 'permissions', failures: ['quit'] });
    await done;
    expect(failuresOf(run)).toEqual([
      expect.objectContaining({
        phase: 'validate',
        message:
          'Mesh mesh1 has mTLS on with the CA backend "ca-0"; the plan enables "ca-1". Kuma refuses to change the CA of a mesh while mTLS is on, so nothing was sent.',
        hint: expect.stringMatching(/not a permissions problem\)\. Keep the current backend: set ca\.backend: ca-0 in crossmesh\.yaml/),
      }),
    ]);
    expect(world.calls.filter((c) => c.args.includes('apply'))).toEqual([]);
  });
});

describe('state that survives a failure', () => {
  const permission = (ns: string, name: string): Manifest => ({
    id: `p/${ns}/${name}`,
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns } },
    target: { tool: 'kubectl', role: 'cluster1', context: 'c1', namespace: ns },
    purpose: '',
  });

  it('kubectl output is matched to manifests in order, so two objects of one name in two namespaces stay apart', () => {
    const group = [permission('a', 'echo'), permission('b', 'echo'), permission('b', 'client')];
    expect(appliedVerbs(group, 'deployment.apps/echo created\ndeployment.apps/echo unchanged\nWarning: x\n')).toEqual(
      new Map([
        ['p/a/echo', 'created'],
        ['p/b/echo', 'unchanged'],
      ]),
    );
  });

  it('a failed apply journals what it did create; a retry reads the clusters again and keeps those as created by crossmesh', async () => {
    const world = fakeClusters();
    world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
    world.zoneMeshes.set('c2', new Set(['mesh1']));
    let failOnce = true;
    world.override = (req) => {
      // the first real apply on c1 creates the first permission, then fails on the second
      if (failOnce && req.args.includes('apply') && !req.args.some((a) => a.startsWith('--dry-run')) && req.args.includes('c1')) {
        failOnce = false;
        const first = (req.input ?? '').split('---\n')[0]!;
        world.objects.set('c1|MeshTrafficPermission|kong-mesh-system|allow-all-mesh1', parse(first) as Record<string, unknown>);
        return {
          exitCode: 1,
          stdout: 'meshtrafficpermission.kuma.io/allow-all-mesh1 created',
          stderr: 'Error from server (InternalError): the server is currently unable to handle the request',
        };
      }
      return undefined;
    };
    const journal = new Journal(join(dir, 'journal.json'));
    const { run, done } = runEngine(world, { from: 'permissions', until: 'workloads', failures: ['retry'], journal });
    expect((await done).outcomes.permissions).toBe('applied');
    expect(failuresOf(run)).toHaveLength(1);
    const entries = journal.data.entries.filter((e) => e.name === 'allow-all-mesh1' && e.context === 'c1');
    // the retry found it on the cluster, yet it stays crossmesh's: teardown will remove it
    expect(entries.map((e) => [e.result, e.existedBefore])).toEqual([
      ['created', false],
      ['configured', false],
    ]);
  });

  it('gateway addresses learned by an earlier run are planned as status plans them (flag > crossmesh.yaml > journal)', async () => {
    const journal = new Journal(join(dir, 'journal.json'));
    journal.setFacts({ gatewayAddresses: { mesh1: '203.0.113.7', mesh2: '203.0.113.8' } });
    const config = kubectlGlobal();
    meshOf(config, 'mesh2').gateway.address = 'gw2.example.com';
    const world = fakeClusters();
    const previews: string[] = [];
    const engine = new Engine({
      config,
      steps: stepsFor(config),
      tools: new Tools({ runner: world.runner }),
      rehearsal: true,
      journal,
      gatewayAddresses: {},
      ask: (async (q: Question) => (q.kind === 'step' && q.step === 'verify' ? 'quit' : 'apply')) as Asker,
      emit: (e) => {
        if (e.type === 'preview') previews.push(...e.items.map((i) => i.yaml));
      },
    });
    await engine.run();
    const endpoints = previews.join('\n').match(/address: \S+/g);
    expect(endpoints).toEqual(['address: 203.0.113.7', 'address: gw2.example.com']);
  });
});

describe("Kuma's deprecation warning for MeshTrafficPermission 'from'", () => {
  it('is shown once with an explanation, however many objects repeat it', async () => {
    const world = fakeClusters();
    world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
    world.zoneMeshes.set('c2', new Set(['mesh1']));
    const WARNING = "Warning: 'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead";
    const inner = world.runner;
    world.runner = async (req) => {
      const r = await inner(req);
      if (!req.args.includes('apply')) return r;
      const count = (req.input ?? '').split('kind: MeshTrafficPermission').length - 1;
      const lines = Array.from({ length: count }, () => WARNING);
      for (const l of lines) req.onLine?.(l, 'stderr');
      return { ...r, stderr: lines.join('\n') };
    };
    const { run, done } = runEngine(world, { from: 'permissions', until: 'workloads' });
    await done;
    const outputs = run.events.filter((e) => e.type === 'output' && e.line === WARNING);
    expect(outputs).toHaveLength(1);
    const explained = run.events.filter((e) => e.type === 'activity' && e.status === 'warn' && /"from" is deprecated/.test(e.label));
    expect(explained).toEqual([
      expect.objectContaining({
        detail: expect.stringMatching(/^expected on Kuma 2\.x: .*MeshIdentity, which this setup does not use\. Nothing to fix\.$/),
      }),
    ]);
  });
});

describe('a failed connectivity check', () => {
  it('offers retry (pods may still be starting), and a retry that succeeds ends the check as passed', async () => {
    let podsRunning = false;
    const world = fakeClusters();
    world.override = (req) => {
      if (req.args.includes('pods')) {
        const pod = { metadata: { name: 'client-1' }, status: { phase: 'Running', containerStatuses: [{ ready: true }] } };
        return { stdout: JSON.stringify({ items: podsRunning ? [pod] : [] }) };
      }
      if (req.args.includes('exec')) return { stdout: '200' };
      return undefined;
    };
    const questions: Question[] = [];
    const ask = (async (q: Question) => {
      questions.push(q);
      if (q.kind === 'step') return q.step === 'verify' ? 'apply' : 'skip';
      if (q.kind === 'failure') {
        podsRunning = true;
        return 'retry';
      }
      return 'quit';
    }) as Asker;
    const summary = await new Engine({
      config: kubectlGlobal(),
      steps: stepsFor(kubectlGlobal()),
      tools: new Tools({ runner: world.runner }),
      ask,
      emit: () => {},
      rehearsal: false,
      from: 'verify',
    }).run();
    expect(questions.filter((q) => q.kind === 'failure')).toEqual([
      expect.objectContaining({ step: 'verify', phase: 'check', message: expect.stringMatching(/mesh2 -> mesh1/) }),
    ]);
    expect(summary.outcomes.verify).toBe('checked');
  });
});

describe('a person deciding each step (previewLive)', () => {
  it('passes a step already as planned, shows what differs before asking, and says applying overwrites it', async () => {
    const world = fakeClusters();
    world.zoneMeshes.set('c1', new Set(['mesh1', 'mesh2']));
    world.zoneMeshes.set('c2', new Set(['mesh1', 'mesh2']));
    // the namespaces and meshes are there as planned; one permission was edited by hand
    const config = kubectlGlobal();
    for (const m of planFor(config).flatMap((p) => p.manifests)) {
      if (!['namespaces', 'mtls', 'permissions'].some((s) => m.id.startsWith(`${s}/`))) continue;
      const o = JSON.parse(JSON.stringify(m.object)) as Record<string, any>;
      if (o.kind === 'MeshTrafficPermission' && m.target.context === 'c2') o.spec.from[0].default.action = 'Deny';
      world.objects.set(`${m.target.context}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name}`, o);
    }
    const events: EngineEvent[] = [];
    const questions: Question[] = [];
    const ask = (async (q: Question) => {
      questions.push(q);
      if (q.kind === 'step') return q.step === 'workloads' ? 'quit' : q.step === 'prerequisites' ? 'skip' : 'apply';
      if (q.kind === 'wait') return new Promise(() => {});
      return 'quit';
    }) as Asker;
    await new Engine({
      config,
      steps: stepsFor(config),
      tools: new Tools({ runner: world.runner }),
      ask,
      emit: (e) => events.push(e),
      rehearsal: false,
      previewLive: true,
    }).run();
    const stepQuestions = questions.filter((q): q is Extract<Question, { kind: 'step' }> => q.kind === 'step');
    expect(stepQuestions.map((q) => q.step)).toEqual(['prerequisites', 'permissions', 'workloads']);
    expect(stepQuestions[1]).toMatchObject({ drifted: 1 });
    const diff = events.find((e) => e.type === 'diff' && e.step === 'permissions');
    expect(diff).toMatchObject({
      text: expect.stringMatching(
        /MeshTrafficPermission kong-mesh-system\/allow-all-mesh1 on c2 differs from the plan: applying overwrites it:\n\s+spec\.from\[0\]\.default\.action: planned "Allow", live "Deny"/,
      ),
    });
    // the diff is shown before the question
    expect(events.indexOf(diff!)).toBeLessThan(events.findIndex((e) => e.type === 'step-end' && e.step === 'permissions'));
    expect(events).toContainEqual({ type: 'step-end', step: 'namespaces', outcome: 'in-sync' });
    expect(events).toContainEqual({ type: 'step-end', step: 'mtls', outcome: 'in-sync' });
  });
});
