// npm run bench: the project's benchmark. Every figure is a median, and every ratio is taken against
// its baseline measured in the same run. It starts its own sandbox (test/sandbox) and writes
// BENCHMARKS.md. Prints numbers and budgets; asserts nothing.
//
//   npm run bench                  everything (about 6 minutes on two cores once the sandbox binaries are cached)
//   npm run bench -- --quick       fewer runs (3), for trying a change; BENCHMARKS.md says so
//   npx tsx bench/run.ts --only scale,scale-sandbox
//                                  only those sections (startup, scale, apply, status, scale-sandbox),
//                                  printed and not written to BENCHMARKS.md; scale and scale-sandbox
//                                  need no build of dist/ (issue 12's scale figures, see bench/scale.ts)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, chmodSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { execa } from 'execa';
import { PtySession } from '../test/support/pty.js';
import { Tools } from '../src/adapter/tools.js';
import { execaRunner, type Runner } from '../src/adapter/runner.js';
import { statusReport } from '../src/app/status.js';
import { Journal } from '../src/state/journal.js';
import { parseConfigText } from '../src/config/file.js';
import { defaultConfig } from '../src/config/defaults.js';
import { BINARIES, binDirFor } from '../test/sandbox/build.js';
import type { Sandbox } from '../test/sandbox/sandbox.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/crossmesh.js');
const QUICK = process.argv.includes('--quick');
const SECTIONS = ['startup', 'scale', 'apply', 'status', 'scale-sandbox'] as const;
type Section = (typeof SECTIONS)[number];
/** --only a,b (or --only=a,b): the sections to run; undefined runs them all */
const ONLY = ((): Set<Section> | undefined => {
  const i = process.argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return undefined;
  const arg = process.argv[i]!;
  const names = (arg === '--only' ? (process.argv[i + 1] ?? '') : arg.slice('--only='.length)).split(',').filter(Boolean);
  const unknown = names.filter((n) => !SECTIONS.some((s) => s === n));
  if (unknown.length || !names.length) throw new Error(`--only takes some of ${SECTIONS.join(', ')}; got ${names.join(', ') || 'nothing'}`);
  return new Set(names as Section[]);
})();
const runs = (section: Section) => !ONLY || ONLY.has(section);
const RUNS = QUICK ? 3 : 10;
/** runs of a figure that takes seconds */
const SLOW_RUNS = QUICK ? 3 : 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const LOAD_AT_START = loadavg()
  .map((l) => l.toFixed(2))
  .join(', ');
const ms = (x: number) => (x >= 2000 ? `${(x / 1000).toFixed(2)} s` : x < 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  budget: string;
  met: boolean | undefined;
}
const rows: Row[] = [];
const notes: string[] = [];

function row(figure: string, value: string, baseline: string, ratio: number | undefined, budget: string, met: boolean | undefined): void {
  const r = { figure, value, baseline, ratio: ratio === undefined ? '-' : `${ratio.toFixed(2)}x`, budget, met };
  rows.push(r);
  console.log(
    `${figure.padEnd(62)} ${value.padStart(10)}  vs ${baseline.padStart(10)}  ${r.ratio.padStart(6)}  budget ${budget}${met === undefined ? '' : met ? ' (met)' : ' (NOT met)'}`,
  );
}

function timeProcess(file: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): number {
  const t = performance.now();
  const r = spawnSync(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return performance.now() - t;
}

/** Time until the first frame's text is on the pseudo-terminal (the 150 ms settle pause of waitFor taken off). */
async function firstFrame(cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const t = performance.now();
  const s = new PtySession(['--rehearse'], { cwd, env });
  try {
    await s.waitFor('step 1 of 9', 20_000);
    return performance.now() - t - 150;
  } finally {
    s.kill();
  }
}

/** Peak resident memory (VmHWM) of the wizard through a whole rehearsal walk, in MB. */
async function rehearsalPeakMb(cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const s = new PtySession(['--rehearse'], { cwd, env });
  const status = `/proc/${s.pty.pid}/status`;
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* gone */
    }
  };
  const timer = setInterval(sample, 20);
  try {
    await s.waitFor('step 1 of 9', 20_000);
    for (let i = 2; i <= 9; i++) {
      s.press('a');
      await s.waitFor(`step ${i} of 9`, 20_000);
    }
    s.press('a');
    await s.waitFor('Rehearsal finished', 20_000);
    sample();
    return peak;
  } finally {
    clearInterval(timer);
    s.kill();
  }
}

async function startup(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'crossmesh-bench-'));
  writeFileSync(join(cwd, 'kubeconfig'), 'apiVersion: v1\nkind: Config\ncontexts: []\nclusters: []\nusers: []\n');
  const env = { ...process.env, KUBECONFIG: join(cwd, 'kubeconfig'), CROSSMESH_KUMACTL_CONFIG: join(cwd, 'kumactl.yaml') };
  timeProcess(process.execPath, [CLI, '--version']); // warm the file cache; every run below is a new process
  const node: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(timeProcess(process.execPath, ['-e', '0']));
    version.push(timeProcess(process.execPath, [CLI, '--version']));
  }
  const v = median(version) / median(node);
  row('`crossmesh --version` vs `node -e 0`', ms(median(version)), ms(median(node)), v, '<= 1.5x', v <= 1.5);
  const frames: number[] = [];
  const node2: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node2.push(timeProcess(process.execPath, ['-e', '0']));
    frames.push(await firstFrame(cwd, env));
  }
  const f = median(frames) / median(node2);
  row('first wizard frame in a pseudo-terminal (`--rehearse`) vs `node -e 0`', ms(median(frames)), ms(median(node2)), f, '<= 3x', f <= 3);
  const peaks: number[] = [];
  for (let i = 0; i < SLOW_RUNS; i++) peaks.push(await rehearsalPeakMb(cwd, env));
  row(
    'peak memory of the wizard through a full rehearsal walk',
    `${median(peaks).toFixed(0)} MB`,
    '-',
    undefined,
    '< 120 MB',
    median(peaks) < 120,
  );
}

function benchConfig(tag: string): string {
  return stringify({
    global: { tool: 'kubectl', context: 'global' },
    meshes: {
      mesh1: {
        name: `${tag}m1`,
        cluster1Namespace: `${tag}-c1m1`,
        cluster2Namespace: `${tag}-c2m1`,
        gateway: { name: `${tag}-gw1`, port: 8080 },
      },
      mesh2: {
        name: `${tag}m2`,
        cluster1Namespace: `${tag}-c1m2`,
        cluster2Namespace: `${tag}-c2m2`,
        gateway: { name: `${tag}-gw2`, port: 8080 },
      },
    },
  });
}

const GATEWAY_FLAGS = ['--gateway-address', 'mesh1=203.0.113.1', '--gateway-address', 'mesh2=203.0.113.2'];

/** A working folder with crossmesh.yaml for a setup whose names start with `tag`, and its exported apply.sh. */
async function setupDir(tag: string, env: NodeJS.ProcessEnv): Promise<{ dir: string; script: string; scriptEnv: NodeJS.ProcessEnv }> {
  const dir = mkdtempSync(join(tmpdir(), `crossmesh-bench-${tag}-`));
  writeFileSync(join(dir, 'crossmesh.yaml'), benchConfig(tag));
  const exported = await execa(process.execPath, [CLI, 'export', join(dir, 'export')], { cwd: dir, env, reject: false });
  if (exported.exitCode !== 0) throw new Error(`export failed: ${exported.stderr}`);
  // apply.sh reads each gateway's address from GATEWAY_ADDRESS_<MESH NAME>, so neither side waits
  const scriptEnv = {
    ...env,
    [`GATEWAY_ADDRESS_${tag.toUpperCase()}M1`]: '203.0.113.1',
    [`GATEWAY_ADDRESS_${tag.toUpperCase()}M2`]: '203.0.113.2',
  };
  return { dir, script: join(dir, 'export', 'apply.sh'), scriptEnv };
}

async function timed(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const t = performance.now();
  const r = await execa(file, args, { cwd, env, reject: false });
  const took = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
  return took;
}

/** A kubectl in front of the real one that logs start, end and arguments of every call. */
function tracingKubectl(realKubectl: string): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'crossmesh-bench-trace-'));
  const log = join(dir, 'calls.log');
  mkdirSync(join(dir, 'bin'));
  const shim = join(dir, 'bin', 'kubectl');
  writeFileSync(shim, `#!/bin/bash\ns=$(date +%s%N)\n'${realKubectl}' "$@"\nrc=$?\necho "$s $(date +%s%N) $*" >> '${log}'\nexit $rc\n`);
  chmodSync(shim, 0o755);
  return { dir: join(dir, 'bin'), log };
}

function phaseOf(args: string): string {
  if (/ apply --dry-run/.test(args)) return 'validate';
  if (/ apply /.test(args)) return 'apply';
  if (/get meshes\.kuma\.io/.test(args)) return 'wait: Mesh sync';
  if (/get service .*--ignore-not-found/.test(args)) return 'read: gateway address';
  if (/ get -f - /.test(args)) return 'read (before and back)';
  return 'prerequisites and start';
}

/** Wall time per phase: the union of the intervals of its calls, so parallel calls count once. */
function phases(log: string, t0: number, t1: number): string {
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [s, e, ...rest] = l.split(' ');
      return { s: Number(s) / 1e6, e: Number(e) / 1e6, phase: phaseOf(` ${rest.join(' ')} `) };
    });
  const byPhase = new Map<string, Array<[number, number]>>();
  for (const c of calls) byPhase.set(c.phase, [...(byPhase.get(c.phase) ?? []), [c.s, c.e]]);
  const union = (xs: Array<[number, number]>) => {
    let total = 0;
    let end = -Infinity;
    for (const [s, e] of [...xs].sort((a, b) => a[0] - b[0])) {
      if (e <= end) continue;
      total += e - Math.max(s, end);
      end = e;
    }
    return total;
  };
  const all = union(calls.map((c) => [c.s, c.e]));
  const parts = [...byPhase].map(([p, xs]) => `${p} ${ms(union(xs))} (${xs.length} calls)`);
  return `${parts.join(', ')}; total ${ms(t1 - t0)}, of which no kubectl running ${ms(t1 - t0 - all)}`;
}

async function applyFigures(sb: Sandbox): Promise<void> {
  const env = { ...process.env, ...sb.env };
  const cross: number[] = [];
  const script: number[] = [];
  const crossAgain: number[] = [];
  const scriptAgain: number[] = [];
  for (let i = 0; i < SLOW_RUNS; i++) {
    // fresh names for each run, so both start from nothing; which one goes first alternates
    const a = await setupDir(`ba${i}`, env);
    const b = await setupDir(`bb${i}`, env);
    const runCross = async () =>
      cross.push(await timed(process.execPath, [CLI, 'apply', '--yes', '--no-verify', ...GATEWAY_FLAGS], a.dir, env));
    const runScript = async () => script.push(await timed('bash', [b.script], b.dir, b.scriptEnv));
    if (i % 2) {
      await runScript();
      await runCross();
    } else {
      await runCross();
      await runScript();
    }
    // everything already in place: both again on the same setup
    crossAgain.push(await timed(process.execPath, [CLI, 'apply', '--yes', '--no-verify', ...GATEWAY_FLAGS], a.dir, env));
    scriptAgain.push(await timed('bash', [a.script], a.dir, a.scriptEnv));
  }
  const c = median(cross) / median(script);
  row('`apply --yes` creating the 26 objects vs exported `apply.sh`', ms(median(cross)), ms(median(script)), c, '<= 1.0x', c <= 1.0);
  notes.push(
    `apply, creating: crossmesh ${c <= 1 ? `beats apply.sh by ${ms(median(script) - median(cross))} (${((1 - c) * 100).toFixed(0)} %)` : `is ${ms(median(cross) - median(script))} slower than apply.sh`}; runs: crossmesh ${cross.map(ms).join(', ')}; apply.sh ${script.map(ms).join(', ')}`,
  );
  const a = median(crossAgain) / median(scriptAgain);
  row(
    '`apply --yes` with everything in place vs the same `apply.sh`',
    ms(median(crossAgain)),
    ms(median(scriptAgain)),
    a,
    'keep (0.23x)',
    a <= 0.3,
  );

  // where the time goes: one more creating run of each, every kubectl call logged
  const trace = tracingKubectl(join(sb.binDir, 'kubectl'));
  const traced = { ...env, PATH: `${trace.dir}:${env.PATH ?? ''}` };
  const t = await setupDir('bt', traced);
  writeFileSync(trace.log, '');
  let t0 = Date.now();
  await timed(process.execPath, [CLI, 'apply', '--yes', '--no-verify', ...GATEWAY_FLAGS], t.dir, traced);
  notes.push(`apply, creating, per phase (crossmesh): ${phases(trace.log, t0, Date.now())}`);
  const u = await setupDir('bu', traced);
  writeFileSync(trace.log, '');
  t0 = Date.now();
  await timed('bash', [u.script], u.dir, { ...u.scriptEnv, PATH: traced.PATH });
  notes.push(`apply, creating, per phase (apply.sh): ${phases(trace.log, t0, Date.now())}`);
}

/** Median wall time of the status scan and of as many bare kubectl gets side by side; the scan's process count. */
async function scanFigures(
  sb: Sandbox,
  dir: string,
  configText: string,
): Promise<{ scan: number; bare: number; calls: number; objects: number }> {
  const env = { ...process.env, ...sb.env };
  let calls = 0;
  const counting: Runner = (req) => {
    calls++;
    return execaRunner(req);
  };
  const config = parseConfigText(configText);
  const journal = new Journal(join(dir, '.crossmesh', 'journal.json'), { readOnly: true });
  const scans: number[] = [];
  const bare: number[] = [];
  let perScan = 0;
  let objects = 0;
  for (let i = 0; i < RUNS; i++) {
    calls = 0;
    const t = performance.now();
    const report = await statusReport(new Tools({ runner: counting }), config, journal);
    scans.push(performance.now() - t);
    perScan = calls;
    objects = report.rows.reduce((n, r) => n + r.objects.length, 0);
    if (report.exitCode !== 0) throw new Error('the scanned setup is not in sync');
    const contexts = Array.from({ length: calls }, (_, k) => ['c1', 'c2', 'global'][k % 3]!);
    const t2 = performance.now();
    await Promise.all(
      contexts.map((c) => execa(join(sb.binDir, 'kubectl'), ['--context', c, 'get', 'namespace', 'kube-system', '-o', 'name'], { env })),
    );
    bare.push(performance.now() - t2);
  }
  return { scan: median(scans), bare: median(bare), calls: perScan, objects };
}

async function statusFigures(sb: Sandbox): Promise<void> {
  const env = { ...process.env, ...sb.env };
  const dir = mkdtempSync(join(tmpdir(), 'crossmesh-bench-scan-'));
  const configText = benchConfig('bs');
  writeFileSync(join(dir, 'crossmesh.yaml'), configText);
  await timed(process.execPath, [CLI, 'apply', '--yes', '--no-verify', ...GATEWAY_FLAGS], dir, env);
  process.env.PATH = sb.env.PATH;
  process.env.KUBECONFIG = sb.env.KUBECONFIG;
  const empty = await scanFigures(sb, dir, configText);
  const r = empty.scan / empty.bare;
  row(
    `\`status\` scan (${empty.calls} processes, ${empty.objects} objects) vs ${empty.calls} bare \`kubectl get\``,
    ms(empty.scan),
    ms(empty.bare),
    r,
    '<= 1.2x',
    r <= 1.2,
  );
  const { fillZone, countFill } = await import('../test/sandbox/fill.js');
  const took = await fillZone(join(sb.binDir, 'kubectl'), sb.kubeconfig, 'c1', { namespaces: 2000, services: 5000 });
  const count = await countFill(join(sb.binDir, 'kubectl'), sb.kubeconfig, 'c1');
  notes.push(`filled zone c1 with ${count.namespaces} namespaces and ${count.services} Services in ${ms(took)} (test/sandbox/fill.ts)`);
  const full = await scanFigures(sb, dir, configText);
  const f = full.scan / empty.scan;
  row(
    `\`status\` scan, c1 holding ${count.namespaces} other namespaces and ${count.services} Services, vs the scan above`,
    ms(full.scan),
    ms(empty.scan),
    f,
    '<= 1.2x',
    f <= 1.2,
  );
  notes.push(
    `status scan on the filled cluster vs ${full.calls} bare kubectl gets in the same state: ${(full.scan / full.bare).toFixed(2)}x (${ms(full.scan)} vs ${ms(full.bare)})`,
  );
}

/** The scale module, loaded with React's production build, as dist/ bundles it (the development build is several times slower). */
async function loadScale(): Promise<typeof import('./scale.js')> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await import('./scale.js');
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

/** "1 per zone, 2 on the global": the most any zone context got, and what the rest got. */
function perContextValue(counts: Map<string, number>, zoneContexts: string[]): string {
  const zone = Math.max(0, ...zoneContexts.map((c) => counts.get(`kubectl ${c}`) ?? 0));
  const other = [...counts].filter(([c]) => !zoneContexts.some((z) => c === `kubectl ${z}`)).map(([, n]) => n);
  return `${zone} per zone${other.length ? `, ${Math.max(...other)} on the global` : ''}`;
}

const perContextText = (counts: Map<string, number>) => [...counts].map(([c, n]) => `${c.replace(/^kubectl /, '')} ${n}`).join(', ');

/** Issue 12, scale: the plan for 12 meshes over 4 zones with 132 links, status's processes per context, and the wizard's keys. */
async function scaleFigures(): Promise<void> {
  const scale = await loadScale();
  const config = scale.scaleConfig();
  const shape = `${config.meshes.length} meshes x ${config.zones.length} zones, ${config.links.length} links`;
  const planRuns = QUICK ? 20 : 100;
  const plan = scale.planFigures(config, planRuns);
  // the guide's 2x2, measured the same way in the same run
  const guide = scale.planFigures(defaultConfig(), planRuns);
  row(
    `\`planFor\` in process, ${shape} (${plan.steps} steps, ${plan.objects} objects), p95 of ${planRuns} vs the default 2x2`,
    ms(plan.t.p95),
    ms(guide.t.p95),
    plan.t.p95 / guide.t.p95,
    '< 100 ms',
    plan.t.p95 < 100,
  );
  notes.push(
    `plan, ${shape}: median ${plan.t.median.toFixed(1)} ms, p95 ${plan.t.p95.toFixed(1)} ms, max ${plan.t.max.toFixed(1)} ms over ${planRuns} runs ` +
      `(CPU time: median ${plan.cpu.median.toFixed(1)} ms, p95 ${plan.cpu.p95.toFixed(1)} ms); the first (cold) run ${plan.cold.toFixed(1)} ms`,
  );

  // a fake runner answering empty lists: the sandbox has two zones, the model four
  const dir = mkdtempSync(join(tmpdir(), 'crossmesh-bench-scale-'));
  const counted = await scale.statusCounts(config, scale.emptyListRunner, join(dir, '.crossmesh', 'journal.json'));
  const zoneMax = Math.max(...config.zones.map((z) => counted.perContext.get(`kubectl ${z.context}`) ?? 0));
  const max = Math.max(...counted.perContext.values());
  row(
    `processes \`status\` starts per context, ${shape}, a global on Kubernetes (runner answering empty lists; a kumactl global takes 2: \`kumactl get meshes\` and \`kumactl inspect zones\`)`,
    perContextValue(
      counted.perContext,
      config.zones.map((z) => z.context),
    ),
    '-',
    undefined,
    '<= 1 per context',
    max <= 1,
  );
  notes.push(
    `status, ${shape}, counted through an injected Runner that answers every call with an empty list, but for the Zones and ZoneInsights of connected zones (in process, ${counted.objects} objects: ${counted.states}; ${ms(counted.ms)}): ${perContextText(counted.perContext)}; ` +
      `at most ${zoneMax} per zone context; the global's calls: ${(counted.calls.get(`kubectl ${config.global.tool === 'kubectl' ? config.global.context : ''}`) ?? []).join('; ')}`,
  );

  const rounds = QUICK ? 3 : 10;
  const wizard = await scale.wizardKeyFigures(config, rounds, { columns: 120, rows: 40 });
  if (wizard.error) notes.push(`wizard keys: ${wizard.error}`);
  const guideWizard = await scale.wizardKeyFigures(defaultConfig(), rounds, { columns: 120, rows: 40 });
  if (guideWizard.error) notes.push(`wizard keys, default 2x2: ${guideWizard.error}`);
  const groups: Array<[string, string[]]> = [
    ['arrows and `e`', ['right', 'left', 'down', 'up', 'e']],
    ['Enter (the engine builds the next step)', ['enter']],
    ['`m` (topology map on and off)', ['m']],
  ];
  for (const [label, keys] of groups) {
    const all = keys.flatMap((k) => wizard.byKey.get(k)?.runs ?? []);
    if (!all.length) continue;
    const t = scale.timings(all);
    const base = keys.flatMap((k) => guideWizard.byKey.get(k)?.runs ?? []);
    const b = base.length ? scale.timings(base).max : undefined;
    row(
      `wizard key handling, ${label}, ${shape}: slowest of ${all.length} vs the default 2x2`,
      ms(t.max),
      b === undefined ? '-' : ms(b),
      b === undefined ? undefined : t.max / b,
      '< 50 ms each',
      t.max < 50,
    );
  }
  const fig = (t: { median: number; p95: number; max: number }) => `${t.median.toFixed(1)} / ${t.p95.toFixed(1)} / ${t.max.toFixed(1)} ms`;
  notes.push(
    `wizard keys (ink-testing-library, 120 x 40, the real engine in rehearsal over the ${wizard.steps} steps, React production build; from the key written to the last frame it caused), ` +
      `median / p95 / max of wall time, then of CPU time: ` +
      [...wizard.byKey]
        .map(([k, t]) => `${k} (${t.runs.length}) ${fig(t)}, CPU ${wizard.cpuByKey.has(k) ? fig(wizard.cpuByKey.get(k)!) : '-'}`)
        .join('; ') +
      `; the default 2x2 (${guideWizard.steps} steps): ` +
      [...guideWizard.byKey].map(([k, t]) => `${k} ${fig(t)}`).join('; '),
  );
}

/** The same status count against the sandbox: 12 meshes over its two zones, 132 links, nothing applied (every object missing). */
async function scaleSandboxFigures(sb: Sandbox): Promise<void> {
  const scale = await loadScale();
  process.env.PATH = sb.env.PATH;
  process.env.KUBECONFIG = sb.env.KUBECONFIG;
  const config = parseConfigText(
    scale.scaleConfigText(scale.SCALE_MESHES, sb.contexts, { tool: 'kubectl', context: sb.globalContext }, 'bx'),
  );
  const shape = `${config.meshes.length} meshes x ${config.zones.length} zones, ${config.links.length} links`;
  const dir = mkdtempSync(join(tmpdir(), 'crossmesh-bench-scale-'));
  const times: number[] = [];
  let counted: Awaited<ReturnType<typeof scale.statusCounts>> | undefined;
  for (let i = 0; i < RUNS; i++) {
    counted = await scale.statusCounts(config, execaRunner, join(dir, '.crossmesh', 'journal.json'));
    times.push(counted.ms);
  }
  const max = Math.max(...counted!.perContext.values());
  row(
    `processes \`status\` starts per context, ${shape}, against the sandbox`,
    perContextValue(counted!.perContext, [...sb.contexts]),
    '-',
    undefined,
    '<= 1 per context',
    max <= 1,
  );
  notes.push(
    `status against the sandbox, ${shape}, nothing applied (${counted!.objects} objects: ${counted!.states}; median ${ms(median(times))} over ${RUNS} runs): ${perContextText(counted!.perContext)}`,
  );
}

function writeReport(): void {
  const cpu = cpus();
  const machine = `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}`;
  const when = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${QUICK || ONLY ? ' --' : ''}${QUICK ? ' --quick' : ''}${ONLY ? ` --only ${[...ONLY].join(',')}` : ''}\` on ${when}.`,
    '',
    `- machine: ${machine}`,
    `- Node ${process.version}; medians of ${RUNS} runs (${SLOW_RUNS} where a run takes seconds), each ratio against its baseline measured in the same run`,
    '- the sandbox of test/sandbox (three kube-apiservers, one etcd and the Kuma stand-in on this machine); Mesh sync delay 1 s',
    `- load average when the benchmark started: ${LOAD_AT_START}`,
    "- scale rows (issue 12): in process, bench/scale.ts; the plan's p95, and the slowest key of each kind, are held to the budget",
    '',
    '| figure | measured | baseline | ratio | budget |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.budget}${r.met === undefined ? '' : r.met ? ' (met)' : ' (**not met**)'} |`,
    ),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  if (ONLY) {
    console.log(`\n${lines.join('\n')}\n(only ${[...ONLY].join(', ')}: BENCHMARKS.md not written)`);
    return;
  }
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), lines.join('\n'));
  console.log(`\nwrote BENCHMARKS.md`);
}

const cpu0 = cpus()[0]?.model.trim();
console.log(
  `crossmesh benchmark: ${cpus().length} x ${cpu0}, Node ${process.version}${QUICK ? ' (quick)' : ''}${ONLY ? ` (only ${[...ONLY].join(', ')})` : ''}`,
);
if (runs('startup')) await startup();
if (runs('scale')) await scaleFigures();
if (runs('apply') || runs('status') || runs('scale-sandbox')) {
  const binDir = await binDirFor();
  if (!BINARIES.every((b) => existsSync(join(binDir, b))))
    console.log('(the first start builds the sandbox binaries: about 12 minutes on two cores)');
  const { startSandbox } = await import('../test/sandbox/sandbox.js');
  const sb = await startSandbox();
  try {
    if (runs('apply')) await applyFigures(sb);
    if (runs('status')) await statusFigures(sb);
    if (runs('scale-sandbox')) await scaleSandboxFigures(sb);
  } finally {
    await sb.stop();
  }
}
for (const n of notes) console.log(n);
writeReport();
