// Helpers for the end-to-end suite: the built CLI run against the one sandbox of the test run.
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Sandbox } from '../sandbox/sandbox.js';
import { assignLoadBalancerAddress } from '../sandbox/gateway-sim.js';

export const CLI = resolve(import.meta.dirname, '../../dist/crossmesh.js');

export interface Scenario {
  dir: string;
  prefix: string;
  names: { mesh1: string; mesh2: string; ns: { c1m1: string; c1m2: string; c2m1: string; c2m2: string }; gw1: string; gw2: string };
  env: NodeJS.ProcessEnv;
}

/**
 * A working folder with a crossmesh.yaml whose mesh, namespace and gateway names start with
 * `prefix`, so scenarios sharing the sandbox never touch each other's objects.
 */
export function scenario(sb: Sandbox, prefix: string, extra: Record<string, unknown> = {}): Scenario {
  const dir = mkdtempSync(join(tmpdir(), `crossmesh-e2e-${prefix}-`));
  const names = {
    mesh1: `${prefix}mesh1`,
    mesh2: `${prefix}mesh2`,
    ns: { c1m1: `${prefix}-c1m1`, c1m2: `${prefix}-c1m2`, c2m1: `${prefix}-c2m1`, c2m2: `${prefix}-c2m2` },
    gw1: `${prefix}-gw1`,
    gw2: `${prefix}-gw2`,
  };
  const config = {
    version: 1,
    global: { tool: 'kubectl', context: sb.globalContext },
    meshes: {
      mesh1: {
        name: names.mesh1,
        cluster1Namespace: names.ns.c1m1,
        cluster2Namespace: names.ns.c2m1,
        gateway: { name: names.gw1, port: 8080 },
      },
      mesh2: {
        name: names.mesh2,
        cluster1Namespace: names.ns.c1m2,
        cluster2Namespace: names.ns.c2m2,
        gateway: { name: names.gw2, port: 8080 },
      },
    },
    gatewayWait: '60s',
    ...extra,
  };
  writeFileSync(join(dir, 'crossmesh.yaml'), stringify(config));
  return { dir, prefix, names, env: { ...process.env, ...sb.env, CI: 'false', NO_COLOR: '1' } };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function crossmesh(
  s: Scenario,
  args: string[],
  opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const r = await execa(process.execPath, [CLI, ...args], {
    cwd: s.dir,
    env: { ...s.env, ...opts.env },
    reject: false,
    input: opts.input ?? '',
    timeout: opts.timeoutMs ?? 170_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export async function kubectl(
  sb: Sandbox,
  context: string,
  args: string[],
  input?: string,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(join(sb.binDir, 'kubectl'), ['--kubeconfig', sb.kubeconfig, '--context', context, ...args], {
    reject: false,
    input: input ?? '',
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export async function getJson(sb: Sandbox, context: string, args: string[]): Promise<Record<string, unknown> | undefined> {
  const r = await kubectl(sb, context, ['get', ...args, '-o', 'json', '--ignore-not-found']);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
}

/**
 * Plays the cloud load balancer for one gateway: once the Kuma stand-in has made the
 * MeshGatewayInstance's Service in c1 (after a MeshGateway selects the instance), gives it
 * `address`. Stops waiting when the returned function is called. `mesh` and `port` are not needed
 * any more (the stand-in takes the ports from the MeshGateway's listeners).
 */
export function gatewayController(
  sb: Sandbox,
  o: { namespace: string; name: string; mesh: string; address: string; port?: number },
): () => void {
  const abort = new AbortController();
  void assignLoadBalancerAddress({
    kubectl: join(sb.binDir, 'kubectl'),
    kubeconfig: sb.kubeconfig,
    context: 'c1',
    namespace: o.namespace,
    name: o.name,
    address: o.address,
    timeoutMs: 30 * 60_000,
    signal: abort.signal,
  }).catch(() => {
    /* stopped, or the Service never came: the test's own assertions report it */
  });
  return () => abort.abort();
}
