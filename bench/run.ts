// npm run bench: start-up figures and the status scan against the sandbox. Prints numbers; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { execa } from 'execa';
import { PtySession } from '../test/support/pty.js';
import { Tools } from '../src/adapter/tools.js';
import { execaRunner, type Runner } from '../src/adapter/runner.js';
import { statusReport } from '../src/app/status.js';
import { Journal } from '../src/state/journal.js';
import { parseConfigText } from '../src/config/file.js';
import { BINARIES, binDirFor } from '../test/sandbox/build.js';

const CLI = resolve(import.meta.dirname, '../dist/crossmesh.js');
const RUNS = 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

function timeCommand(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`crossmesh ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t;
}

async function firstFrame(cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const t = performance.now();
  const s = new PtySession(['--rehearse'], { cwd, env });
  try {
    await s.waitFor('step 1 of 9', 20_000);
    return performance.now() - t - 150; // waitFor adds a 150 ms settle pause after the match
  } finally {
    s.kill();
  }
}

async function startup(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'crossmesh-bench-'));
  writeFileSync(join(cwd, 'kubeconfig'), 'apiVersion: v1\nkind: Config\ncontexts: []\nclusters: []\nusers: []\n');
  const env = { ...process.env, KUBECONFIG: join(cwd, 'kubeconfig') };
  timeCommand(['--version']); // warm the file cache; every run below is a new process
  const version = Array.from({ length: RUNS }, () => timeCommand(['--version']));
  const plan = Array.from({ length: RUNS }, () => timeCommand(['plan'], env));
  const frames: number[] = [];
  for (let i = 0; i < RUNS; i++) frames.push(await firstFrame(cwd, env));
  console.log(`start-up (median of ${RUNS}, node ${process.version})`);
  line('crossmesh --version', fmt(median(version)));
  line('crossmesh plan (26 manifests)', fmt(median(plan)));
  line('first wizard frame in a pseudo-terminal (--rehearse)', fmt(median(frames)));
}

async function statusScan(): Promise<void> {
  const binDir = await binDirFor();
  if (!BINARIES.every((b) => existsSync(join(binDir, b)))) {
    console.log('status scan: skipped (no sandbox binaries cached; npm test builds them)');
    return;
  }
  const { startSandbox } = await import('../test/sandbox/sandbox.js');
  const sb = await startSandbox();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'crossmesh-bench-scan-'));
    const configText = stringify({
      global: { tool: 'kubectl', context: 'global' },
      meshes: {
        mesh1: { name: 'bmesh1', cluster1Namespace: 'b-c1m1', cluster2Namespace: 'b-c2m1', gateway: { name: 'b-gw1', port: 8080 } },
        mesh2: { name: 'bmesh2', cluster1Namespace: 'b-c1m2', cluster2Namespace: 'b-c2m2', gateway: { name: 'b-gw2', port: 8080 } },
      },
    });
    writeFileSync(join(dir, 'crossmesh.yaml'), configText);
    const env = { ...process.env, ...sb.env };
    const applied = await execa(
      process.execPath,
      [CLI, 'apply', '--yes', '--no-verify', '--gateway-address', 'mesh1=203.0.113.1', '--gateway-address', 'mesh2=203.0.113.2'],
      { cwd: dir, env, reject: false },
    );
    if (applied.exitCode !== 0) throw new Error(`setup apply failed:\n${applied.stdout}\n${applied.stderr}`);

    process.env.PATH = sb.env.PATH;
    process.env.KUBECONFIG = sb.env.KUBECONFIG;
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
    for (let i = 0; i < 5; i++) {
      calls = 0;
      const t = performance.now();
      const report = await statusReport(new Tools({ runner: counting }), config, journal);
      scans.push(performance.now() - t);
      perScan = calls;
      objects = report.rows.reduce((n, r) => n + r.objects.length, 0);
      if (report.exitCode !== 0) throw new Error('the scanned setup is not in sync');
      // the same number of bare kubectl calls, side by side
      const contexts = Array.from({ length: calls }, (_, i) => ['c1', 'c2', 'global'][i % 3]!);
      const t2 = performance.now();
      await Promise.all(
        contexts.map((c) => execa(join(sb.binDir, 'kubectl'), ['--context', c, 'get', 'namespace', 'kube-system', '-o', 'name'], { env })),
      );
      bare.push(performance.now() - t2);
    }
    console.log(`status scan against the sandbox (median of 5, ${objects} objects, 2 zone contexts + 1 global)`);
    // the scan reads each context once; the global is asked once more, for its zones' health
    line('child processes per scan (budget: 2 contexts + 1 global = 3)', String(perScan));
    line('status scan wall time', fmt(median(scans)));
    line(`${perScan} bare kubectl get calls side by side`, fmt(median(bare)));
    line('ratio (budget: at most 1.5)', (median(scans) / median(bare)).toFixed(2));
  } finally {
    await sb.stop();
  }
}

await startup();
await statusScan();
