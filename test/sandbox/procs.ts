// Process helpers: free ports, detached starts with recorded PIDs, and stopping
// exactly those PIDs (checked against their /proc start time so a recycled PID
// is never signalled).
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import * as net from 'node:net';

export interface ProcRecord {
  name: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat (start time in clock ticks), to detect PID reuse. */
  startTicks: string | null;
  cmd: string[];
  log: string;
}

/** Asks the kernel for a free port by binding port 0 on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** n distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces; fields after the closing paren are fixed.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return after[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

/** Alive and still the process we started (same start time). Zombies count as dead. */
export function procAlive(p: ProcRecord): boolean {
  const ticks = startTicks(p.pid);
  if (ticks === null) return false;
  if (p.startTicks !== null && ticks !== p.startTicks) return false;
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Starts a process detached from ours (own session, stdio to a log file), so
 * it outlives a CLI that exits. Argument array only, never a shell.
 */
export function startDetached(
  name: string,
  cmd: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; log: string; cwd?: string },
): ProcRecord {
  const fd = openSync(opts.log, 'a');
  try {
    const child = spawn(cmd, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: opts.env,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    if (child.pid === undefined) throw new Error(`failed to start ${name} (${cmd})`);
    child.on('error', () => {
      /* reported through readiness checks and the log */
    });
    child.unref();
    return { name, pid: child.pid, startTicks: startTicks(child.pid), cmd: [cmd, ...args], log: opts.log };
  } finally {
    closeSync(fd);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to graceMs, then SIGKILL; only if it is still our process. */
export async function stopProc(p: ProcRecord, graceMs = 10_000): Promise<void> {
  await terminate(p, graceMs);
  // A detached process whose starter has exited is reaped by PID 1: give it a
  // moment so callers do not see a leftover zombie in `ps`.
  for (let i = 0; i < 30 && startTicks(p.pid) === p.startTicks && p.startTicks !== null; i++) await sleep(100);
}

async function terminate(p: ProcRecord, graceMs: number): Promise<void> {
  if (!procAlive(p)) return;
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    if (!procAlive(p)) return;
    await sleep(100);
  }
  if (procAlive(p)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 50 && procAlive(p); i++) await sleep(100);
  }
}

export function tailFile(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
