// Issue 12's scale figures, in process: the plan for 12 meshes over 4 zones with every ordered pair
// linked (132 links), the processes `status` starts per context with that plan, and the wizard's key
// handling with it. bench/run.ts prints them as rows of BENCHMARKS.md; nothing here asserts.
import React from 'react';
import { parseAllDocuments, stringify } from 'yaml';
import { render } from 'ink-testing-library';
import { parseConfigText } from '../src/config/file.js';
import type { CrossmeshConfig } from '../src/config/types.js';
import { planFor, stepsFor } from '../steps/index.js';
import { Tools } from '../src/adapter/tools.js';
import type { Runner, RunResult } from '../src/adapter/runner.js';
import { statusReport } from '../src/app/status.js';
import { Journal } from '../src/state/journal.js';
import { Engine } from '../src/engine/engine.js';
import { WizardStore } from '../src/tui/store.js';
import { Wizard } from '../components/Wizard.js';
import { ThemeProvider, makeTheme } from '../components/theme.js';

export const SCALE_MESHES = 12;
export const SCALE_ZONES = 4;

export interface Timings {
  runs: number[];
  median: number;
  p95: number;
  max: number;
}

export function timings(runs: number[]): Timings {
  const s = [...runs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const mid = Math.floor(s.length / 2);
  return { runs, median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, p95: at(0.95), max: s[s.length - 1]! };
}

/**
 * crossmesh.yaml (version 2) for `meshes` meshes over the given zone contexts, every ordered pair
 * linked: each mesh spans every zone, is at home (gateway and echo) in zone i mod zones, and runs
 * clients in every other zone (in the only zone when there is one).
 */
export function scaleConfigText(meshes: number, contexts: readonly string[], global: Record<string, string>, tag = 's'): string {
  const zones = contexts.map((context, i) => ({ name: `zone${i + 1}`, context }));
  const list = Array.from({ length: meshes }, (_, i) => {
    const home = zones[i % zones.length]!.name;
    const others = zones.map((z) => z.name).filter((z) => z !== home);
    return {
      name: `${tag}m${i + 1}`,
      home,
      namespaces: Object.fromEntries(zones.map((z) => [z.name, `${tag}m${i + 1}-${z.name}`])),
      gateway: { kind: 'builtin', name: `${tag}m${i + 1}-gw`, port: 8080 },
      echo: [home],
      clients: others.length ? others : [home],
      passthrough: true,
    };
  });
  const links = list.flatMap((a) => list.filter((b) => b !== a).map((b) => ({ from: a.name, to: b.name })));
  return stringify({ version: 2, global, zones, meshes: list, links }, { lineWidth: 0 });
}

/** The issue's scale model: 12 meshes over 4 zones, 132 links, a global on Kubernetes. */
export function scaleConfig(): CrossmeshConfig {
  return parseConfigText(scaleConfigText(SCALE_MESHES, ['c1', 'c2', 'c3', 'c4'], { tool: 'kubectl', context: 'global' }));
}

/** planFor(config) `runs` times, after one cold run (reported apart): steps, objects and the time of each run. */
export function planFigures(
  config: CrossmeshConfig,
  runs: number,
): { cold: number; steps: number; objects: number; t: Timings; cpu: Timings } {
  let t = performance.now();
  const plan = planFor(config);
  const cold = performance.now() - t;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    t = performance.now();
    planFor(config);
    times.push(performance.now() - t);
    cpu.push(cpuMs(c));
  }
  return { cold, steps: plan.length, objects: plan.reduce((n, p) => n + p.manifests.length, 0), t: timings(times), cpu: timings(cpu) };
}

/** CPU time of this process since `since` (all its threads, the garbage collector's too), in ms: less swayed by a loaded machine than wall time. */
export function cpuMs(since: NodeJS.CpuUsage, until: NodeJS.CpuUsage = process.cpuUsage()): number {
  return (until.user - since.user + until.system - since.system) / 1000;
}

/** Where a call goes: kubectl's --context, or kumactl (whose control plane comes from its config file). */
function contextOf(file: string, args: string[]): string {
  const i = args.indexOf('--context');
  return i >= 0 && args[i + 1] ? `${file} ${args[i + 1]}` : file;
}

/**
 * A Runner that counts the processes it is asked to start, per context, and hands each call to
 * `inner` (the real one against the sandbox, or an answer of empty lists).
 */
export function countingRunner(inner: Runner): { runner: Runner; calls: Map<string, string[]>; reset(): void } {
  const calls = new Map<string, string[]>();
  const runner: Runner = (req) => {
    const key = contextOf(req.file, req.args);
    calls.set(key, [...(calls.get(key) ?? []), req.args.filter((a) => !a.startsWith('--')).join(' ')]);
    return inner(req);
  };
  return { runner, calls, reset: () => calls.clear() };
}

const CONNECTED_SINCE = '2026-01-01T00:00:00Z';

/**
 * Answers every call with an empty list, as clusters that hold none of the planned objects would;
 * except for the Zone and ZoneInsight objects a `kubectl get -f -` asks for by name (status reads
 * them in the same call as the global's Meshes): those come back as a global whose zones are all
 * connected holds them.
 */
export const emptyListRunner: Runner = (req): Promise<RunResult> => {
  // only the documents that name a Zone kind are parsed: the rest of a read's input is not looked at
  const asked =
    req.args.includes('-f') && req.input
      ? req.input
          .split(/^---$/m)
          .filter((d) => /^kind: Zone(Insight)?$/m.test(d))
          .flatMap((d) => parseAllDocuments(d).map((doc) => doc.toJS() as unknown))
      : [];
  const items = asked.flatMap((o): Array<Record<string, unknown>> => {
    const { kind, metadata } = (o ?? {}) as { kind?: unknown; metadata?: { name?: unknown } };
    if (typeof metadata?.name !== 'string') return [];
    const meta = { name: metadata.name };
    if (kind === 'Zone') return [{ apiVersion: 'kuma.io/v1alpha1', kind, metadata: meta, spec: { enabled: true } }];
    if (kind === 'ZoneInsight')
      return [{ apiVersion: 'kuma.io/v1alpha1', kind, metadata: meta, spec: { subscriptions: [{ connectTime: CONNECTED_SINCE }] } }];
    return [];
  });
  return Promise.resolve({
    exitCode: 0,
    stdout: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    stderr: '',
    notFound: false,
    timedOut: false,
  });
};

/** One `status` (statusReport, as the command runs it) with a counting runner: processes per context, objects read, wall time. */
export async function statusCounts(
  config: CrossmeshConfig,
  inner: Runner,
  journalFile: string,
): Promise<{ perContext: Map<string, number>; objects: number; states: string; ms: number; calls: Map<string, string[]> }> {
  const counting = countingRunner(inner);
  const journal = new Journal(journalFile, { readOnly: true });
  const t = performance.now();
  const report = await statusReport(new Tools({ runner: counting.runner }), config, journal);
  const ms = performance.now() - t;
  const perContext = new Map([...counting.calls].map(([k, v]) => [k, v.length]));
  const objects = report.rows.flatMap((r) => r.objects);
  const tally = new Map<string, number>();
  for (const o of objects) tally.set(o.state, (tally.get(o.state) ?? 0) + 1);
  const zoneTally = new Map<string, number>();
  for (const z of report.zones) zoneTally.set(z.state, (zoneTally.get(z.state) ?? 0) + 1);
  const states =
    [...tally].map(([state, n]) => `${n} ${state}`).join(', ') +
    `; zones at the global: ${report.zoneHealthError ? `not read (${report.zoneHealthError})` : [...zoneTally].map(([state, n]) => `${n} ${state}`).join(', ')}`;
  return { perContext, objects: objects.length, states, ms, calls: counting.calls };
}

/** A key the wizard bench presses, by name, with the bytes a terminal sends for it. */
const KEYS: Record<string, string> = {
  right: '\u001B[C',
  left: '\u001B[D',
  down: '\u001B[B',
  up: '\u001B[A',
  e: 'e',
  m: 'm',
  enter: '\r',
};

/** Resolves once no frame has been written for `quietTurns` turns of the event loop (or after `limitMs`). */
async function settled(frames: () => number, quietTurns = 3, limitMs = 5000): Promise<void> {
  const start = performance.now();
  let seen = frames();
  let quiet = 0;
  while (quiet < quietTurns && performance.now() - start < limitMs) {
    await new Promise((r) => setImmediate(r));
    if (frames() === seen) quiet++;
    else {
      seen = frames();
      quiet = 0;
    }
  }
}

/**
 * The full-screen wizard (components/Wizard.tsx, src/tui/store.ts) rendered with ink-testing-library
 * at `columns` x `rows`, driven by the real engine in rehearsal over `config`'s steps. Each key is
 * timed from the moment it is written until the last frame it caused is written: arrows move
 * between manifests and scroll, `e` opens the explanation, `m` shows and hides the topology map,
 * Enter passes the step (the engine then builds the next step's preview).
 */
export async function wizardKeyFigures(
  config: CrossmeshConfig,
  rounds: number,
  size = { columns: 120, rows: 40 },
): Promise<{ byKey: Map<string, Timings>; cpuByKey: Map<string, Timings>; frames: number; steps: number; error?: string }> {
  const store = new WizardStore(true);
  const steps = stepsFor(config);
  const tools = new Tools({ runner: emptyListRunner });
  const engine = new Engine({ config, steps, tools, ask: store.ask, emit: store.emit, rehearsal: true, rehearsalReason: 'benchmark' });
  const app = render(
    React.createElement(ThemeProvider, {
      theme: makeTheme(false, {}),
      children: React.createElement(Wizard, { store, onQuit: () => {}, config }),
    }),
  );
  Object.defineProperty(app.stdout, 'columns', { value: size.columns });
  Object.defineProperty(app.stdout, 'rows', { value: size.rows });
  app.stdout.emit('resize');
  let lastFrameAt = 0;
  let lastFrameCpu = process.cpuUsage();
  const write = app.stdout.write;
  app.stdout.write = (frame: string) => {
    lastFrameAt = performance.now();
    lastFrameCpu = process.cpuUsage();
    write(frame);
  };
  const frameCount = () => app.frames.length;
  const done = engine.run();
  const byKey = new Map<string, number[]>();
  const cpuByKey = new Map<string, number[]>();
  let error: string | undefined;
  const press = async (name: string) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const before = frameCount();
    app.stdin.write(KEYS[name]!);
    const sync = performance.now();
    const syncCpu = cpuMs(c);
    await settled(frameCount);
    // up to the last frame the key caused, not the quiet turns waited after it
    const drew = frameCount() > before;
    byKey.set(name, [...(byKey.get(name) ?? []), drew ? lastFrameAt - t : sync - t]);
    cpuByKey.set(name, [...(cpuByKey.get(name) ?? []), drew ? cpuMs(c, lastFrameCpu) : syncCpu]);
  };
  try {
    await settled(frameCount);
    // pass the first steps (prerequisites, namespaces, ...) with Enter, then walk into the link steps
    for (let round = 0; round < rounds; round++) {
      for (const k of ['right', 'right', 'left', 'down', 'up', 'e', 'e', 'm', 'm', 'enter']) await press(k);
    }
    if (!app.lastFrame()?.includes('crossmesh')) error = 'the wizard drew no frame';
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  } finally {
    engine.cancel();
    app.unmount();
    app.cleanup();
    void done.catch(() => {});
  }
  return {
    byKey: new Map([...byKey].map(([k, v]) => [k, timings(v)])),
    cpuByKey: new Map([...cpuByKey].map(([k, v]) => [k, timings(v)])),
    frames: app.frames.length,
    steps: steps.length,
    ...(error ? { error } : {}),
  };
}
