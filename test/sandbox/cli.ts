// npm run -s sandbox -- up [--system-namespace kuma-system] | add-zone | down | status | build
//
// `up` starts a detached sandbox (it outlives this command), records PIDs and
// ports in <cache>/run/state.json and prints shell `export` lines on stdout
// (progress goes to stderr), so `eval "$(npm run -s sandbox -- up)"` works.
// `down` stops exactly the recorded PIDs. `status` reports liveness/readiness. `add-zone` gives the
// `up` sandbox its third zone (context c3, zone3; zones.ts ensureThirdZone).
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as https from 'node:https';
import * as path from 'node:path';
import { buildBinaries, cacheRoot, withLock } from './build.js';
import { procAlive } from './procs.js';
import { currentState, sandboxFromState, startSandbox, type Sandbox, type SandboxState } from './sandbox.js';
import { ensureThirdZone } from './zones.js';

/** One `up` sandbox per state file; CROSSMESH_SANDBOX_STATE picks another (e.g. a second user on the machine). */
const stateFile = () => process.env['CROSSMESH_SANDBOX_STATE'] || path.join(cacheRoot(), 'run', 'state.json');
const err = (l: string) => process.stderr.write(`${l}\n`);

/** The `up` sandbox's state as `up` wrote it. */
async function readUpState(): Promise<SandboxState | null> {
  try {
    return JSON.parse(await fs.readFile(stateFile(), 'utf8')) as SandboxState;
  } catch {
    return null;
  }
}

/** The same, with what was added since (a third zone: `<dir>/state.json`). */
async function readState(): Promise<SandboxState | null> {
  const st = await readUpState();
  return st ? currentState(st) : null;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function printExports(sb: Sandbox): void {
  const lines = [
    // Prepend to the caller's own PATH (not ours, which npm has extended).
    `export PATH=${shQuote(sb.binDir)}:"$PATH"`,
    `export KUBECONFIG=${shQuote(sb.env.KUBECONFIG)}`,
    sb.env.CROSSMESH_KUMACTL_CONFIG
      ? `export CROSSMESH_KUMACTL_CONFIG=${shQuote(sb.env.CROSSMESH_KUMACTL_CONFIG)}`
      : `# no kuma-cp in this sandbox (Kuma is not buildable from the module proxy); global = kube context 'global'`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function ready(url: string, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(url, { headers: { Authorization: `Bearer ${token}` }, rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function status(): Promise<number> {
  const st = await readState();
  if (!st) {
    err('sandbox: not running (no state file)');
    return 1;
  }
  let allOk = true;
  for (const p of st.procs) {
    const alive = procAlive(p);
    let readiness = '';
    if (alive && p.name === 'etcd') {
      const ok = await fetch(`${st.etcd.clientUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
      readiness = ok ? 'healthy' : 'NOT healthy';
      allOk &&= ok;
    } else if (alive && p.name === 'kuma-standin' && st.standin) {
      const ok = existsSync(st.standin.readyFile);
      readiness = `https://127.0.0.1:${st.standin.port} ${ok ? 'ready' : 'NOT ready'}`;
      allOk &&= ok;
    } else if (alive && p.name.startsWith('kube-apiserver-')) {
      const ctx = p.name.replace('kube-apiserver-', '') as keyof SandboxState['apiservers'];
      const url = st.apiservers[ctx]?.url;
      const ok = !!url && (await ready(`${url}/readyz`, st.token));
      readiness = `${url ?? '(no URL recorded)'} ${ok ? 'ready' : 'NOT ready'}`;
      allOk &&= ok;
    }
    allOk &&= alive;
    process.stdout.write(`${p.name.padEnd(22)} pid ${String(p.pid).padEnd(8)} ${alive ? 'running' : 'DEAD'} ${readiness}\n`);
  }
  process.stdout.write(`dir ${st.dir}\nkubeconfig ${st.kubeconfig}\nsystem namespace ${st.systemNamespace}\n`);
  return allOk ? 0 : 1;
}

async function down(): Promise<number> {
  const st = await readState();
  if (!st) {
    err('sandbox: nothing to stop (no state file)');
    return 0;
  }
  await sandboxFromState(st).stop();
  // The `up` sandbox dir lives under /dev/shm or tmp and is removed by stop().
  await fs.rm(stateFile(), { force: true });
  const left = st.procs.filter((p) => procAlive(p));
  if (left.length) {
    err(`sandbox: still running: ${left.map((p) => `${p.name}(${p.pid})`).join(', ')}`);
    return 1;
  }
  err(`sandbox: stopped ${st.procs.map((p) => `${p.name}(${p.pid})`).join(', ')}`);
  return 0;
}

/** Serialises concurrent `up`s on one state file, so two never both start and orphan one sandbox. */
function withUpLock<T>(fn: () => Promise<T>): Promise<T> {
  return withLock(`${stateFile()}.lock`, { pollMs: 500, onWait: (holder) => err(`sandbox: waiting for another 'up' (pid ${holder})`) }, fn);
}

async function up(args: string[]): Promise<number> {
  return withUpLock(() => upLocked(args));
}

async function upLocked(args: string[]): Promise<number> {
  const i = args.indexOf('--system-namespace');
  const nsArg = i >= 0 ? args[i + 1] : undefined;
  if (nsArg !== undefined && nsArg !== 'kong-mesh-system' && nsArg !== 'kuma-system') {
    err(`--system-namespace must be kong-mesh-system or kuma-system, got ${nsArg}`);
    return 2;
  }
  // as `up` started it: a third zone added (and perhaps stopped) since does not decide whether it is alive
  const existing = await readUpState();
  if (existing) {
    const alive = existing.procs.every((p) => procAlive(p));
    // a sandbox started before the zones carried Kong Operator lacks its CRDs, Deployment and stand-in: start afresh
    const current = existing.kongOperator !== undefined;
    if (alive && current) {
      if (nsArg && nsArg !== existing.systemNamespace) {
        err(`sandbox: already up with ${existing.systemNamespace}; run down first`);
        return 1;
      }
      err(`sandbox: already up (${existing.dir})`);
      printExports(sandboxFromState(existing));
      return 0;
    }
    err(
      alive
        ? 'sandbox: the running sandbox was started by an older sandbox version (no Kong Operator), restarting it'
        : 'sandbox: stale state found, stopping what is left of it',
    );
    await down();
  }
  const t0 = Date.now();
  const sb = await startSandbox({
    outliveCaller: true,
    ...(nsArg ? { systemNamespace: nsArg } : {}),
    log: (l) => err(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${l}`),
  });
  await fs.mkdir(path.dirname(stateFile()), { recursive: true });
  await fs.writeFile(stateFile(), JSON.stringify(sb.state, null, 2), { mode: 0o600 });
  err(`sandbox: up in ${((Date.now() - t0) / 1000).toFixed(1)}s; state ${stateFile()}; contexts c1 c2 global`);
  printExports(sb);
  return 0;
}

async function addZone(): Promise<number> {
  const st = await readState();
  if (!st) {
    err('sandbox: not running (no state file); run up first');
    return 1;
  }
  const z = await ensureThirdZone(sandboxFromState(st), { log: (l) => err(`sandbox: ${l}`) });
  err(`sandbox: contexts c1 c2 ${z.context} global (${z.zone} ${z.added ? 'added' : 'was already there'})`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'up':
      return up(rest);
    case 'add-zone':
      return addZone();
    case 'down':
      return down();
    case 'status':
      return status();
    case 'build':
      await buildBinaries(err);
      return 0;
    default:
      err('usage: npm run -s sandbox -- up [--system-namespace kong-mesh-system|kuma-system] | add-zone | down | status | build');
      return 2;
  }
}

if (!existsSync(cacheRoot())) await fs.mkdir(cacheRoot(), { recursive: true });
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
