// Test helpers that steer the Kuma stand-in (kuma-standin.ts) through its control ConfigMap on
// the global, and make the objects it reacts to. They run the sandbox's own kubectl.
//
// The sandbox is shared by every end-to-end file: whoever changes the delay or takes a zone
// offline restores it (resetStandin) in a `finally`; whoever removes Kong Operator from a zone
// puts it back (restoreKongOperator) in a `finally`.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { kongCrdDir, kongOperatorObjects, type AnyZoneContext, type Sandbox } from './sandbox.js';
import { KONG_CONTROL, KONG_OPERATOR } from './standin/kong-names.js';
import { CONTROL, DEFAULT_MESH_SYNC_MS } from './standin/settings.js';

const POLL_MS = 150;

async function kubectl(
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

async function kubectlOk(sb: Sandbox, context: string, args: string[], input?: string): Promise<string> {
  const r = await kubectl(sb, context, args, input);
  if (r.exitCode !== 0) throw new Error(`kubectl --context ${context} ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Polls `check` until it returns true; throws after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const patchControl = (sb: Sandbox, data: Record<string, string>) =>
  kubectlOk(sb, sb.globalContext, [
    '-n',
    CONTROL.namespace,
    'patch',
    'configmap',
    CONTROL.name,
    '--type=merge',
    '-p',
    JSON.stringify({ data }),
  ]);

async function controlData(sb: Sandbox): Promise<Record<string, string>> {
  const out = await kubectlOk(sb, sb.globalContext, ['-n', CONTROL.namespace, 'get', 'configmap', CONTROL.name, '-o', 'json']);
  return (JSON.parse(out) as { data?: Record<string, string> }).data ?? {};
}

/** The stand-in copies Mesh changes to the zones `ms` after it sees them (read every ~200 ms). */
export async function setMeshSyncDelay(sb: Sandbox, ms: number): Promise<void> {
  await patchControl(sb, { [CONTROL.delayKey]: String(ms) });
}

interface Subscription {
  connectTime?: string;
  disconnectTime?: string;
}

/** Subscriptions of a zone's ZoneInsight on the global (oldest first). */
export async function zoneSubscriptions(sb: Sandbox, zone: string): Promise<Subscription[]> {
  const r = await kubectl(sb, sb.globalContext, ['get', 'zoneinsights.kuma.io', zone, '-o', 'json']);
  if (r.exitCode !== 0) return [];
  const subs = (JSON.parse(r.stdout) as { spec?: { subscriptions?: Subscription[] } }).spec?.subscriptions;
  return Array.isArray(subs) ? subs : [];
}

/** Online = the ZoneInsight's last subscription has no disconnectTime. */
export async function zoneOnline(sb: Sandbox, zone: string): Promise<boolean> {
  const subs = await zoneSubscriptions(sb, zone);
  const last = subs[subs.length - 1];
  return !!last && !last.disconnectTime;
}

/** Takes a zone offline or brings it back; returns once its ZoneInsight shows it. */
export async function setZoneOnline(sb: Sandbox, zone: string, online: boolean, timeoutMs = 15_000): Promise<void> {
  const zones = new Set(
    (await controlData(sb))[CONTROL.offlineKey]
      ?.split(',')
      .map((z) => z.trim())
      .filter(Boolean) ?? [],
  );
  if (online) zones.delete(zone);
  else zones.add(zone);
  await patchControl(sb, { [CONTROL.offlineKey]: [...zones].sort().join(',') });
  await waitUntil(
    `zone ${zone} ${online ? 'online' : 'offline'} in its ZoneInsight`,
    async () => (await zoneOnline(sb, zone)) === online,
    timeoutMs,
  );
}

/** Default delay and every zone online, as after startSandbox; returns once the ZoneInsights show it. */
export async function resetStandin(sb: Sandbox): Promise<void> {
  await patchControl(sb, {
    [CONTROL.delayKey]: String(sb.standin?.defaultMeshSyncDelayMs ?? DEFAULT_MESH_SYNC_MS),
    [CONTROL.offlineKey]: '',
  });
  for (const zone of Object.values(sb.zones)) {
    await waitUntil(`zone ${zone} online after reset`, () => zoneOnline(sb, zone), 15_000);
  }
}

export interface DataplaneRef {
  context: string;
  namespace: string;
  name: string;
  /** needed by addDataplane */
  mesh?: string;
}

/**
 * A minimal Dataplane (top-level `mesh`, one inbound), standing for a proxy of a running pod: the
 * global then refuses to delete its Mesh. The namespace is created when missing; the Mesh must
 * already be in that zone (waitForMeshInZone), as the zone's owner-reference webhook checks it.
 */
export async function addDataplane(sb: Sandbox, d: DataplaneRef & { mesh: string }): Promise<void> {
  const ns = await kubectl(sb, d.context, ['get', 'namespace', d.namespace, '-o', 'name']);
  if (ns.exitCode !== 0) await kubectlOk(sb, d.context, ['create', 'namespace', d.namespace]);
  const dataplane = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'Dataplane',
    mesh: d.mesh,
    metadata: { name: d.name, namespace: d.namespace },
    spec: {
      networking: {
        address: '10.244.0.10',
        inbound: [{ port: 8080, tags: { 'kuma.io/service': `${d.name}_${d.namespace}_svc_8080`, 'kuma.io/protocol': 'http' } }],
      },
    },
  };
  await kubectlOk(sb, d.context, ['apply', '-f', '-'], JSON.stringify(dataplane));
}

export async function removeDataplane(sb: Sandbox, d: DataplaneRef): Promise<void> {
  await kubectlOk(sb, d.context, ['-n', d.namespace, 'delete', 'dataplanes.kuma.io', d.name, '--ignore-not-found']);
}

/** Whether a zone (kube context) has the Mesh. */
export async function meshInZone(sb: Sandbox, context: string, mesh: string): Promise<boolean> {
  const r = await kubectl(sb, context, ['get', 'meshes.kuma.io', mesh, '-o', 'name', '--ignore-not-found']);
  return r.exitCode === 0 && r.stdout.trim() !== '';
}

/** Waits until the stand-in has copied the Mesh into the zone. */
export async function waitForMeshInZone(sb: Sandbox, context: string, mesh: string, timeoutMs = 30_000): Promise<void> {
  await waitUntil(`Mesh ${mesh} in ${context}`, () => meshInZone(sb, context, mesh), timeoutMs);
}

// ---- Kong Operator (README "Kong Operator") ----

/** Whether the zone has the kong-operator Helm install's Deployment (the stand-in reconciles only then). */
export async function kongOperatorInstalled(sb: Sandbox, context: AnyZoneContext): Promise<boolean> {
  const r = await kubectl(sb, context, ['-n', KONG_OPERATOR.namespace, 'get', 'deployment', KONG_OPERATOR.deployment, '-o', 'name']);
  return r.exitCode === 0 && r.stdout.trim() !== '';
}

const KONG_OPERATOR_CRD_SUFFIX = '.gateway-operator.konghq.com';
const GATEWAY_API_CRD_SUFFIX = '.gateway.networking.k8s.io';

async function crdNames(sb: Sandbox, context: string, suffix: string): Promise<string[]> {
  const out = await kubectlOk(sb, context, ['get', 'crd', '-o', 'name']);
  return out
    .split('\n')
    .map((l) => l.trim().replace(/^customresourcedefinition\.apiextensions\.k8s\.io\//, ''))
    .filter((n) => n.endsWith(suffix));
}

/**
 * Makes `context` a zone without Kong Operator: deletes the operator's Deployment (the stand-in then
 * leaves the zone's Gateway API objects alone; objects made after this call are never acted on).
 * `crds: 'operator'` also deletes the gateway-operator.konghq.com CRDs (and with them every
 * GatewayConfiguration, DataPlane, ControlPlane); `crds: 'all'` the Gateway API CRDs too (every
 * Gateway, HTTPRoute, ...). The namespace stays, as after `helm uninstall`. Undo with
 * restoreKongOperator in a `finally`: the sandbox is shared.
 */
export async function removeKongOperator(sb: Sandbox, context: AnyZoneContext, opts: { crds?: 'operator' | 'all' } = {}): Promise<void> {
  await kubectlOk(sb, context, ['-n', KONG_OPERATOR.namespace, 'delete', 'deployment', KONG_OPERATOR.deployment, '--ignore-not-found']);
  if (!opts.crds) return;
  const names = await crdNames(sb, context, KONG_OPERATOR_CRD_SUFFIX);
  if (opts.crds === 'all') names.push(...(await crdNames(sb, context, GATEWAY_API_CRD_SUFFIX)));
  // the API server itself removes a CRD's objects before the CRD goes (no controller needed)
  if (names.length) await kubectlOk(sb, context, ['delete', 'crd', ...names, '--ignore-not-found', '--timeout=120s']);
}

/** CRD names defined in each YAML file of `dir` (a document of kind CustomResourceDefinition; its metadata.name). */
async function crdFiles(dir: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const f of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const docs = (await readFile(join(dir, f), 'utf8')).split(/^---\s*$/m);
    const names = docs
      .filter((d) => /^kind: CustomResourceDefinition\s*$/m.test(d))
      .map((d) => /^ {2}name: (\S+)\s*$/m.exec(d)?.[1])
      .filter((n): n is string => !!n);
    if (names.length) out.set(join(dir, f), names);
  }
  return out;
}

/** Puts back what startSandbox installed: the CRD files with a missing CRD, the namespace and the operator's Deployment. */
export async function restoreKongOperator(sb: Sandbox, context: AnyZoneContext): Promise<void> {
  const dir = sb.kongOperator?.crdDir ?? kongCrdDir();
  const have = new Set([
    ...(await crdNames(sb, context, KONG_OPERATOR_CRD_SUFFIX)),
    ...(await crdNames(sb, context, GATEWAY_API_CRD_SUFFIX)),
  ]);
  const missing = [...(await crdFiles(dir))].filter(([, names]) => names.some((n) => !have.has(n)));
  if (missing.length) {
    await kubectlOk(sb, context, ['apply', '--server-side', '--force-conflicts', ...missing.flatMap(([file]) => ['-f', file])]);
    const names = missing.flatMap(([, n]) => n).map((n) => `crd/${n}`);
    // retried: kubectl wait fails instead of waiting on a CRD too new to have status.conditions
    await waitUntil(
      `Kong Operator CRDs established in ${context}`,
      async () => (await kubectl(sb, context, ['wait', '--for=condition=Established', '--timeout=60s', ...names])).exitCode === 0,
      120_000,
    );
  }
  const input = kongOperatorObjects()
    .map((o) => stringify(o))
    .join('---\n');
  await kubectlOk(sb, context, ['apply', '-f', '-'], input);
}

/**
 * Returns once the Kong Operator stand-in has made a whole pass over the zone that began after this
 * call (its test barrier, see standin/kong-names.ts KONG_CONTROL): everything a test did before is
 * then reflected, or, in a zone without the operator, proven ignored.
 */
export async function waitForKongOperatorPass(sb: Sandbox, context: AnyZoneContext, timeoutMs = 15_000): Promise<void> {
  const nonce = randomBytes(6).toString('hex');
  const cm = ['-n', KONG_CONTROL.namespace, 'configmap', KONG_CONTROL.name];
  const patch = await kubectl(sb, context, [
    'patch',
    ...cm,
    '--type=merge',
    '-p',
    JSON.stringify({ data: { [KONG_CONTROL.pingKey]: nonce } }),
  ]);
  if (patch.exitCode !== 0) {
    const made = await kubectl(sb, context, ['create', ...cm, `--from-literal=${KONG_CONTROL.pingKey}=${nonce}`]);
    // a concurrent creation is fine: patch again
    if (made.exitCode !== 0)
      await kubectlOk(sb, context, ['patch', ...cm, '--type=merge', '-p', JSON.stringify({ data: { [KONG_CONTROL.pingKey]: nonce } })]);
  }
  await waitUntil(
    `a Kong Operator stand-in pass over ${context}`,
    async () => {
      const r = await kubectl(sb, context, ['get', ...cm, '-o', `jsonpath={.data.${KONG_CONTROL.pongKey}}`]);
      return r.exitCode === 0 && r.stdout.trim() === nonce;
    },
    timeoutMs,
  );
}
