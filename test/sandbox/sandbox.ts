// The multi-zone test sandbox: one etcd, two real kube-apiservers (contexts c1
// and c2, standing for the zone clusters) with all Kuma v2.14.3 CRDs, and the
// objects a Helm install of Kong Mesh / Kuma leaves behind for detection. The
// zones also carry the Gateway API v1.5.1 standard CRDs, the Kong Operator v2.2.3
// CRDs and what a Helm install of the kong-operator chart leaves (README "Kong Operator").
//
// Global control plane: Kuma's Go modules are NOT served by the module proxy
// on this workplace (HTTP 403, see PROBE.md), so kuma-cp and kumactl cannot be
// built. As the sandbox plan's fallback, a THIRD kube-apiserver (context
// `global`) stands for a global control plane on Kubernetes: it has the Kuma
// CRDs and a `<release>-control-plane` Deployment with KUMA_MODE=global, and a
// Mesh is applied there with kubectl. `globalApiUrl` and `kumactlConfig` are
// null until a kuma-cp can be built (then they point at a real universal CP).
//
// No kubelet or Kubernetes controllers run: pods never start, namespaces never
// finish deleting, LoadBalancer Services get no address (see gateway-sim.ts).
// A Kuma stand-in process (kuma-standin.ts) plays what the wizard needs of Kuma:
// Mesh sync global -> zones, the admission webhooks, the gateway-instance
// controller and zone health; see README "Kuma stand-in". The same process plays
// Kong Operator's visible effects on the zones (standin/kong-operator.ts).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { cacheRoot, ensureBuilt } from './build.js';
import { freePorts, procAlive, startDetached, stopProc, tailFile, type ProcRecord } from './procs.js';
import { KONG_OPERATOR, KONG_OPERATOR_LABELS, KONG_OPERATOR_SELECTOR } from './standin/kong-names.js';
import { defaultMeshSyncDelayFromEnv, type StandinSettings } from './standin/settings.js';
import { KONG_OPERATOR_VERSION, KUMA_VERSION } from './versions.js';

export type ZoneContext = 'c1' | 'c2';
/** A zone a test may ask for on top of c1 and c2 (zones.ts ensureThirdZone); absent until then. */
export type ExtraZoneContext = 'c3';
export type AnyZoneContext = ZoneContext | ExtraZoneContext;
export const EXTRA_ZONES = { c3: 'zone3' } as const;
export type SystemNamespace = 'kong-mesh-system' | 'kuma-system';

export type SandboxEnv = {
  PATH: string;
  KUBECONFIG: string;
  /** Set only when a real kuma-cp runs (never in the current fallback). */
  CROSSMESH_KUMACTL_CONFIG?: string;
};

/** The Kuma stand-in process (kuma-standin.ts); its ProcRecord is in `procs` as "kuma-standin". */
export interface StandinInfo {
  /** 127.0.0.1 port of its admission webhook server */
  port: number;
  settingsFile: string;
  readyFile: string;
  /** Mesh sync delay when the control ConfigMap does not set one (CROSSMESH_SANDBOX_MESH_SYNC_MS, default 1000) */
  defaultMeshSyncDelayMs: number;
  /** JSON array of the zones the stand-in serves in full (absent in state files written before zones could be added) */
  servedZonesFile?: string;
}

/** What startSandbox installed of Kong Operator on the zones (README "Kong Operator"). */
export interface KongOperatorInfo {
  version: string;
  /** the CRD directory applied (CROSSMESH_KONG_CRDS or ../shared/kong-operator-crds/v2.2.3) */
  crdDir: string;
  namespace: string;
  deployment: string;
}

export interface ApiServerInfo {
  url: string;
  port: number;
}

/** Everything needed to find and stop a sandbox again (state.json). */
export interface SandboxState {
  version: 1;
  dir: string;
  binDir: string;
  kubeconfig: string;
  token: string;
  systemNamespace: SystemNamespace;
  etcd: { clientUrl: string };
  apiservers: Record<ZoneContext | 'global', ApiServerInfo> & Partial<Record<ExtraZoneContext, ApiServerInfo>>;
  /** Zones added after the start (zones.ts); `installed` once CRDs and objects are applied. */
  extraZones?: Partial<Record<ExtraZoneContext, { zone: string; installed: boolean }>>;
  globalMode: 'kubernetes';
  globalApiUrl: string | null;
  kumactlConfig: string | null;
  /** null until the stand-in has started (and in state files written before it existed) */
  standin: StandinInfo | null;
  /** Kong Operator CRDs and Helm objects on c1 and c2; absent in state files written before they existed */
  kongOperator?: KongOperatorInfo;
  procs: ProcRecord[];
  /** Watchdog that stops procs if the starting process dies (absent for `up`). */
  reaper?: ProcRecord;
  startedAt: string;
  startSeconds: number;
}

export interface Sandbox {
  dir: string;
  binDir: string;
  kubeconfig: string;
  /** null: no kuma-cp/kumactl in this sandbox (Kuma not buildable from the module proxy). */
  kumactlConfig: string | null;
  env: SandboxEnv;
  /** The two zones every sandbox has; a third (c3) only once a test asks for it (zones.ts ensureThirdZone). */
  contexts: ['c1', 'c2'];
  /** c3 is set once ensureThirdZone ran on this object (or on the state it was made from). */
  zones: { c1: 'zone1'; c2: 'zone2'; c3?: 'zone3' };
  /** Kube context of the global control plane stand-in (a Kubernetes-mode global). */
  globalContext: 'global';
  globalMode: 'kubernetes';
  systemNamespace: SystemNamespace;
  /** URL of a universal kuma-cp API; null in the Kubernetes-global fallback. */
  globalApiUrl: string | null;
  /** The Kuma stand-in (see README "Kuma stand-in"); null only for a sandbox that failed to start. */
  standin: StandinInfo | null;
  /** Kong Operator on c1 and c2 (README "Kong Operator"); null for a state file written before it existed. */
  kongOperator: KongOperatorInfo | null;
  state: SandboxState;
  stopApiServer(ctx: AnyZoneContext | 'global'): Promise<void>;
  /** Stops every process recorded in memory or in `<dir>/state.json` (so also a zone added later). */
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** Kuma CRDs: ../shared/kuma-crds/v2.14.3 beside the checkout, overridable. */
export function kumaCrdDir(): string {
  const env = process.env['CROSSMESH_KUMA_CRDS'];
  if (env) return env;
  const candidates = [
    path.resolve(here, '../../../shared/kuma-crds', KUMA_VERSION),
    path.resolve(here, '../../shared/kuma-crds', KUMA_VERSION),
    path.join('/work/shared/kuma-crds', KUMA_VERSION),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Kuma CRDs not found (tried ${candidates.join(', ')}); set CROSSMESH_KUMA_CRDS`);
  return found;
}

/** Kong Operator + Gateway API CRDs: ../shared/kong-operator-crds/v2.2.3 beside the checkout, overridable. */
export function kongCrdDir(): string {
  const env = process.env['CROSSMESH_KONG_CRDS'];
  if (env) return env;
  const candidates = [
    path.resolve(here, '../../../shared/kong-operator-crds', KONG_OPERATOR_VERSION),
    path.resolve(here, '../../shared/kong-operator-crds', KONG_OPERATOR_VERSION),
    path.join('/work/shared/kong-operator-crds', KONG_OPERATOR_VERSION),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Kong Operator CRDs not found (tried ${candidates.join(', ')}); set CROSSMESH_KONG_CRDS`);
  return found;
}

export async function ensureBinaries(log?: (line: string) => void): Promise<{ binDir: string }> {
  return { binDir: await ensureBuilt(log ?? (() => {})) };
}

const ZONES = { c1: 'zone1', c2: 'zone2' } as const;
const SERVICE_RANGES: Record<AnyZoneContext | 'global', string> = {
  c1: '10.96.1.0/24',
  c2: '10.96.2.0/24',
  global: '10.96.3.0/24',
  c3: '10.96.4.0/24',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function httpsGet(url: string, token: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      { headers: { Authorization: `Bearer ${token}` }, ...(ca ? { ca } : { rejectUnauthorized: false }), timeout: 3000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export async function waitFor(what: string, proc: ProcRecord, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (!procAlive(proc)) throw new Error(`${what} exited during startup; log ${proc.log}:\n${tailFile(proc.log)}`);
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${what} not ready after ${timeoutMs / 1000}s; log ${proc.log}:\n${tailFile(proc.log)}`);
    await sleep(250);
  }
}

export function controlPlaneObjects(ns: SystemNamespace, mode: 'zone' | 'global', zone?: string): unknown[] {
  const product = ns === 'kong-mesh-system' ? 'kong-mesh' : 'kuma';
  const name = `${product}-control-plane`;
  const version = KUMA_VERSION.replace(/^v/, '');
  const labels = {
    'app.kubernetes.io/name': product,
    'app.kubernetes.io/instance': product,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/managed-by': 'Helm',
    app: name,
  };
  const env = [
    { name: 'KUMA_MODE', value: mode },
    ...(zone ? [{ name: 'KUMA_MULTIZONE_ZONE_NAME', value: zone }] : []),
    { name: 'KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE', value: ns },
    { name: 'KUMA_ENVIRONMENT', value: 'kubernetes' },
  ];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kuma.io/system-namespace': 'true' } } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': product, 'app.kubernetes.io/instance': product, app: name } },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'control-plane',
                image: `docker.io/kong/kuma-cp:${version}`,
                args: ['run', '--log-level=info'],
                env,
                ports: [
                  { containerPort: 5680, name: 'diagnostics' },
                  { containerPort: 5681, name: 'http-api' },
                  { containerPort: 5682, name: 'https-api' },
                  { containerPort: 5685, name: 'kds' },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': product, 'app.kubernetes.io/instance': product, app: name },
        ports: [
          { name: 'diagnostics', port: 5680 },
          { name: 'http-api-server', port: 5681 },
          { name: 'https-api-server', port: 5682 },
          ...(mode === 'global' ? [{ name: 'global-zone-sync', port: 5685 }] : []),
        ],
      },
    },
  ];
}

/**
 * What `helm upgrade --install kong-operator kong/kong-operator -n kong-system --create-namespace`
 * (chart 1.3.1, app 2.2.3) leaves that a wizard can detect: the namespace and the operator's
 * Deployment, rendered from charts/kong-operator/templates/deployment.yaml with default values
 * (no pods run in the sandbox). Helm adds the managed-by label and the release annotations.
 */
export function kongOperatorObjects(): unknown[] {
  const ko = KONG_OPERATOR;
  const helm = { 'meta.helm.sh/release-name': ko.release, 'meta.helm.sh/release-namespace': ko.namespace };
  const fullname = `${ko.release}-kong-operator`;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ko.namespace } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: ko.deployment, namespace: ko.namespace, labels: { ...KONG_OPERATOR_LABELS }, annotations: helm },
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...KONG_OPERATOR_SELECTOR } },
        strategy: { type: 'Recreate' },
        template: {
          metadata: {
            annotations: { 'kubectl.kubernetes.io/default-container': ko.container },
            labels: { 'control-plane': 'controller-manager', ...KONG_OPERATOR_LABELS, app: fullname, version: ko.appVersion },
          },
          spec: {
            serviceAccountName: 'controller-manager',
            terminationGracePeriodSeconds: 10,
            containers: [
              {
                name: ko.container,
                image: ko.image,
                env: [
                  { name: 'KONG_OPERATOR_CLUSTER_CA_SECRET', value: 'kong-operator-ca' },
                  { name: 'KONG_OPERATOR_CLUSTER_CA_SECRET_NAMESPACE', value: ko.namespace },
                  { name: 'KONG_OPERATOR_HEALTH_PROBE_BIND_ADDRESS', value: ':8081' },
                  { name: 'KONG_OPERATOR_METRICS_BIND_ADDRESS', value: '0.0.0.0:8080' },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ],
                ports: [
                  { containerPort: 8081, name: 'probe', protocol: 'TCP' },
                  { containerPort: 8080, name: 'metrics', protocol: 'TCP' },
                  { containerPort: 9443, name: 'webhook-server', protocol: 'TCP' },
                  { containerPort: 5443, name: 'admission', protocol: 'TCP' },
                ],
                livenessProbe: { httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 15, periodSeconds: 20 },
                readinessProbe: { httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 5, periodSeconds: 10 },
                resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '10m', memory: '128Mi' } },
              },
            ],
          },
        },
      },
    },
  ];
}

async function writeKubeconfig(file: string, token: string, servers: Record<string, { url: string; caFile: string }>): Promise<void> {
  const names = Object.keys(servers);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'c1',
    clusters: names.map((n) => ({ name: n, cluster: { server: servers[n]!.url, 'certificate-authority': servers[n]!.caFile } })),
    users: [{ name: 'admin', user: { token } }],
    contexts: names.map((n) => ({ name: n, context: { cluster: n, user: 'admin' } })),
  };
  await fs.writeFile(file, stringify(doc), { mode: 0o600 });
}

/**
 * Adds (or replaces) cluster, context and user entry `name` in the sandbox kubeconfig, by rename so
 * a kubectl reading it never sees half a file. Used for a zone added after the start.
 */
export async function addKubeconfigContext(
  file: string,
  token: string,
  name: string,
  server: { url: string; caFile: string },
): Promise<void> {
  const doc = parse(await fs.readFile(file, 'utf8')) as {
    clusters?: { name: string; cluster: unknown }[];
    contexts?: { name: string; context: unknown }[];
    users?: { name: string; user: unknown }[];
  };
  const put = <T extends { name: string }>(list: T[] | undefined, entry: T): T[] => [
    ...(list ?? []).filter((e) => e.name !== entry.name),
    entry,
  ];
  const before = stringify(doc);
  doc.clusters = put(doc.clusters, { name, cluster: { server: server.url, 'certificate-authority': server.caFile } });
  doc.contexts = put(doc.contexts, { name, context: { cluster: name, user: 'admin' } });
  if (!doc.users?.some((u) => u.name === 'admin')) doc.users = put(doc.users, { name: 'admin', user: { token } });
  const after = stringify(doc);
  if (after !== before) await writeFileAtomic(file, after);
}

/** Writes by rename (mode 0600): readers see the old or the new file, never a part. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, text, { mode: 0o600 });
  await fs.rename(tmp, file);
}

/** `<dir>/state.json`: the sandbox's own record, kept current when a zone is added (reaper.ts reads it). */
export const stateFileIn = (dir: string) => path.join(dir, 'state.json');

/** The state in `<dir>/state.json`, or null when it is missing or unreadable. */
export function readStateFile(file: string): SandboxState | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
  } catch {
    return null;
  }
}

/** `state.procs` plus any process `<dir>/state.json` records beyond them (e.g. the API server of a zone added later). */
export function recordedProcs(state: SandboxState): ProcRecord[] {
  const all = [...state.procs];
  const onDisk = readStateFile(stateFileIn(state.dir));
  for (const p of onDisk?.procs ?? []) {
    if (!all.some((q) => q.pid === p.pid && q.startTicks === p.startTicks)) all.push(p);
  }
  return all;
}

/** `state` brought up to date from `<dir>/state.json` (zones added since `state` was copied). */
export function currentState(state: SandboxState): SandboxState {
  const onDisk = readStateFile(stateFileIn(state.dir));
  return onDisk && onDisk.dir === state.dir ? { ...state, ...onDisk, procs: recordedProcs(state) } : state;
}

export function sandboxFromState(state: SandboxState): Sandbox {
  const kubectlEnv: SandboxEnv = {
    PATH: `${state.binDir}${path.delimiter}${process.env['PATH'] ?? ''}`,
    KUBECONFIG: state.kubeconfig,
    ...(state.kumactlConfig ? { CROSSMESH_KUMACTL_CONFIG: state.kumactlConfig } : {}),
  };
  // the newest record of that name: a restarted API server replaces its entry
  const find = (name: string) =>
    recordedProcs(state)
      .reverse()
      .find((p) => p.name === name && procAlive(p));
  return {
    dir: state.dir,
    binDir: state.binDir,
    kubeconfig: state.kubeconfig,
    kumactlConfig: state.kumactlConfig,
    env: kubectlEnv,
    contexts: ['c1', 'c2'],
    zones: { c1: 'zone1', c2: 'zone2', ...(state.extraZones?.c3?.installed ? { c3: EXTRA_ZONES.c3 } : {}) },
    globalContext: 'global',
    globalMode: state.globalMode,
    systemNamespace: state.systemNamespace,
    globalApiUrl: state.globalApiUrl,
    standin: state.standin ?? null,
    kongOperator: state.kongOperator ?? null,
    state,
    async stopApiServer(ctx) {
      const p = find(`kube-apiserver-${ctx}`);
      if (p) await stopProc(p);
    },
    async stop() {
      if (state.reaper) await stopProc(state.reaper, 2000);
      // API servers first (they hold etcd connections), then etcd.
      const order = recordedProcs(state).sort((a, b) => Number(a.name === 'etcd') - Number(b.name === 'etcd'));
      await Promise.all(order.filter((p) => p.name !== 'etcd').map((p) => stopProc(p)));
      await Promise.all(order.filter((p) => p.name === 'etcd').map((p) => stopProc(p)));
      if (state.dir.startsWith(os.tmpdir()) || state.dir.startsWith('/dev/shm/')) {
        await fs.rm(state.dir, { recursive: true, force: true }).catch(() => {});
      }
    },
  };
}

// GOGC 200 (Go's default is 100): a fifth less API server CPU while CRDs are installed, at about
// 300 MB more memory each (measured README "Kong Operator"); CROSSMESH_SANDBOX_APISERVER_GOGC overrides.
export const apiServerEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...env,
  GOGC: process.env['CROSSMESH_SANDBOX_APISERVER_GOGC'] || '200',
});

/**
 * Starts one kube-apiserver detached on the sandbox's etcd under its own prefix `/<name>`, with the
 * sandbox's token file and service-account keys in `dir`. Not yet ready: see waitApiServerReady.
 */
export function startApiServer(o: {
  name: AnyZoneContext | 'global';
  port: number;
  dir: string;
  binDir: string;
  etcdUrl: string;
  env: NodeJS.ProcessEnv;
}): { proc: ProcRecord; url: string; port: number; caFile: string } {
  const certDir = path.join(o.dir, `certs-${o.name}`);
  const proc = startDetached(
    `kube-apiserver-${o.name}`,
    path.join(o.binDir, 'kube-apiserver'),
    [
      `--etcd-servers=${o.etcdUrl}`,
      `--etcd-prefix=/${o.name}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${o.port}`,
      `--cert-dir=${certDir}`,
      `--service-cluster-ip-range=${SERVICE_RANGES[o.name]}`,
      `--service-account-issuer=https://${o.name}.sandbox.crossmesh.invalid`,
      `--service-account-key-file=${path.join(o.dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(o.dir, 'sa.key')}`,
      `--token-auth-file=${path.join(o.dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      '--profiling=false',
      '--v=0',
    ],
    { env: o.env, log: path.join(o.dir, `kube-apiserver-${o.name}.log`) },
  );
  return { proc, url: `https://127.0.0.1:${o.port}`, port: o.port, caFile: path.join(certDir, 'apiserver.crt') };
}

export function waitApiServerReady(name: string, proc: ProcRecord, url: string, token: string): Promise<void> {
  return waitFor(`kube-apiserver ${name}`, proc, 120_000, async () => (await httpsGet(`${url}/readyz`, token)).status === 200);
}

/** The sandbox's kubectl and the environment it runs with (KUBECONFIG = the sandbox kubeconfig). */
export interface Kubectl {
  kubectl: string;
  env: NodeJS.ProcessEnv;
}

/**
 * `kubectl wait --for=condition=Established` on `targets`, retried while a CRD is too new to
 * have conditions (kubectl fails on `status.conditions: null` instead of waiting; seen when the
 * API servers are busy with both CRD sets).
 */
async function waitEstablished(k: Kubectl, n: string, targets: string[]): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    const r = await execa(k.kubectl, ['--context', n, 'wait', '--for=condition=Established', '--timeout=180s', ...targets], {
      env: k.env,
      reject: false,
    });
    if (r.exitCode === 0) return;
    if (!/accessor error/.test(String(r.stderr)) || Date.now() > until)
      throw new Error(`kubectl --context ${n} wait --for=condition=Established ${targets.join(' ')}: ${String(r.stderr).trim()}`);
    await sleep(250);
  }
}

/** What a zone cluster carries besides the CRDs: the Kuma control-plane objects, then the kong-operator Helm objects. */
export function zoneObjects(ns: SystemNamespace, zone: string): unknown[] {
  return [...controlPlaneObjects(ns, 'zone', zone), ...kongOperatorObjects()];
}

/**
 * The Kuma part of a cluster's setup: every Kuma CRD (established), kube-system if missing, then
 * `objects` (the system namespace, control-plane Deployment and Service, ...).
 */
export async function installKuma(k: Kubectl, n: string, crdDir: string, objects: unknown[]): Promise<void> {
  await execa(k.kubectl, ['--context', n, 'apply', '--server-side', '--force-conflicts', '-f', crdDir], { env: k.env });
  await waitEstablished(k, n, ['-f', crdDir]);
  // kube-apiserver creates kube-system itself; create it only if missing.
  const ks = await execa(k.kubectl, ['--context', n, 'get', 'namespace', 'kube-system', '-o', 'name'], { env: k.env, reject: false });
  if (ks.exitCode !== 0) await execa(k.kubectl, ['--context', n, 'create', 'namespace', 'kube-system'], { env: k.env });
  const input = objects.map((o) => stringify(o)).join('---\n');
  await execa(k.kubectl, ['--context', n, 'apply', '-f', '-'], { env: k.env, input });
}

/** A zone's Gateway API + Kong Operator CRDs (server-side applied), awaited until established. */
export async function installKongCrds(k: Kubectl, n: string, crdDir: string): Promise<void> {
  const applied = await execa(k.kubectl, ['--context', n, 'apply', '--server-side', '--force-conflicts', '-f', crdDir, '-o', 'name'], {
    env: k.env,
  });
  const names = String(applied.stdout)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('customresourcedefinition.'));
  await waitEstablished(k, n, names);
}

export interface StartOptions {
  systemNamespace?: SystemNamespace;
  log?: (line: string) => void;
  /** Where to keep certs, logs and data; default a fresh dir under /dev/shm or os.tmpdir(). */
  dir?: string;
  /**
   * false (default): a watchdog (reaper.ts) stops the sandbox if this process dies
   * without calling stop(). true: the sandbox outlives this process (`sandbox up`).
   */
  outliveCaller?: boolean;
}

/** Starts kuma-standin.ts detached (recorded in `procs`) and waits for its ready file. */
async function startStandin(o: {
  dir: string;
  token: string;
  ns: SystemNamespace;
  servers: Record<string, { url: string; caFile: string }>;
  procs: ProcRecord[];
  /** called once the process is recorded in `procs`, so the reaper knows it before it is ready */
  recorded: () => Promise<void>;
}): Promise<StandinInfo> {
  const [port] = await freePorts(1);
  const server = (context: string) => ({ context, url: o.servers[context]!.url, caFile: o.servers[context]!.caFile });
  const settings: StandinSettings = {
    port: port!,
    token: o.token,
    systemNamespace: o.ns,
    certDir: path.join(o.dir, 'certs-kuma-standin'),
    readyFile: path.join(o.dir, 'kuma-standin.ready'),
    servedZonesFile: path.join(o.dir, 'kuma-standin.zones.json'),
    defaultMeshSyncDelayMs: defaultMeshSyncDelayFromEnv(),
    global: server('global'),
    zones: (['c1', 'c2'] as const).map((c) => ({ ...server(c), zone: ZONES[c] })),
  };
  const settingsFile = path.join(o.dir, 'kuma-standin.json');
  await fs.writeFile(settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });
  const proc = startDetached('kuma-standin', process.execPath, ['--import', 'tsx', path.join(here, 'kuma-standin.ts'), settingsFile], {
    env: process.env,
    log: path.join(o.dir, 'kuma-standin.log'),
    // `--import tsx` resolves from cwd: the repository root
    cwd: path.resolve(here, '../..'),
  });
  o.procs.push(proc);
  await o.recorded();
  await waitFor('kuma stand-in', proc, 60_000, async () => existsSync(settings.readyFile));
  return {
    port: settings.port,
    settingsFile,
    readyFile: settings.readyFile,
    defaultMeshSyncDelayMs: settings.defaultMeshSyncDelayMs,
    ...(settings.servedZonesFile ? { servedZonesFile: settings.servedZonesFile } : {}),
  };
}

export async function startSandbox(opts: StartOptions = {}): Promise<Sandbox> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const ns: SystemNamespace = opts.systemNamespace ?? 'kong-mesh-system';
  const { binDir } = await ensureBinaries(log);
  const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dir = opts.dir ?? (await fs.mkdtemp(path.join(base, 'crossmesh-sandbox-')));
  await fs.mkdir(dir, { recursive: true });
  const procs: ProcRecord[] = [];
  let reaper: ProcRecord | undefined;
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env['PATH'] ?? ''}` };
  const token = randomBytes(24).toString('hex');
  const kubeconfig = path.join(dir, 'kubeconfig.yaml');
  const kubectl = path.join(binDir, 'kubectl');
  const partial = (): SandboxState => ({
    version: 1,
    dir,
    binDir,
    kubeconfig,
    token,
    systemNamespace: ns,
    etcd: { clientUrl: '' },
    apiservers: {} as SandboxState['apiservers'],
    globalMode: 'kubernetes',
    globalApiUrl: null,
    kumactlConfig: null,
    standin: null,
    procs,
    ...(reaper ? { reaper } : {}),
    startedAt: new Date(t0).toISOString(),
    startSeconds: 0,
  });
  try {
    // etcd
    const [etcdClient, etcdPeer, ...apiPorts] = await freePorts(5);
    const clientUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    const etcd = startDetached(
      'etcd',
      path.join(binDir, 'etcd'),
      [
        '--name=sandbox',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=${clientUrl}`,
        `--advertise-client-urls=${clientUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=sandbox=${peerUrl}`,
        '--initial-cluster-state=new',
        '--unsafe-no-fsync',
        '--log-level=warn',
        '--quota-backend-bytes=1073741824',
      ],
      { env, log: path.join(dir, 'etcd.log') },
    );
    procs.push(etcd);
    log(`etcd pid ${etcd.pid} on ${clientUrl}`);
    await waitFor('etcd', etcd, 30_000, async () => {
      const r = await fetch(`${clientUrl}/health`);
      return r.ok && ((await r.json()) as { health?: string }).health === 'true';
    });
    log(`etcd ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);

    // kube-apiservers
    await fs.writeFile(path.join(dir, 'tokens.csv'), `${token},admin,admin-uid,system:masters\n`, { mode: 0o600 });
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await fs.writeFile(path.join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    await fs.writeFile(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const names = ['c1', 'c2', 'global'] as const;
    const apiservers = {} as SandboxState['apiservers'];
    const apiserverEnv = apiServerEnv(env);
    const servers: Record<string, { url: string; caFile: string }> = {};
    names.forEach((n, i) => {
      const a = startApiServer({ name: n, port: apiPorts[i]!, dir, binDir, etcdUrl: clientUrl, env: apiserverEnv });
      procs.push(a.proc);
      apiservers[n] = { url: a.url, port: a.port };
      servers[n] = { url: a.url, caFile: a.caFile };
      log(`kube-apiserver ${n} pid ${a.proc.pid} on ${a.url}`);
    });
    await Promise.all(
      names.map((n) =>
        waitApiServerReady(
          n,
          procs.find((p) => p.name === `kube-apiserver-${n}`)!,
          apiservers[n].url,
          token,
        ),
      ),
    );
    log(`kube-apiservers ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    await writeKubeconfig(kubeconfig, token, servers);
    const state = partial();
    state.etcd.clientUrl = clientUrl;
    state.apiservers = apiservers;
    await writeFileAtomic(stateFileIn(dir), JSON.stringify(state, null, 2));
    if (!opts.outliveCaller) {
      state.reaper = startDetached(
        'reaper',
        process.execPath,
        // `--import tsx` resolves from cwd: the repository root, where tsx is a devDependency.
        ['--import', 'tsx', path.join(here, 'reaper.ts'), String(process.pid), stateFileIn(dir)],
        { env: process.env, log: path.join(dir, 'reaper.log'), cwd: path.resolve(here, '../..') },
      );
      reaper = state.reaper;
    }

    // CRDs and control-plane objects on every cluster (the zones also get the kong-operator Helm
    // objects). The zones' Gateway API and Kong Operator CRDs cost their API server about 5 CPU
    // seconds (4.6 MB of schemas; measured README "Kong Operator"), so they are applied alongside,
    // overlapping the Kuma part and the stand-in's start, and awaited before the sandbox is ready.
    const crds = kumaCrdDir();
    const kongCrds = kongCrdDir();
    const k: Kubectl = { kubectl, env: { ...env, KUBECONFIG: kubeconfig } };
    const zoneNames = names.filter((n): n is ZoneContext => n !== 'global');
    const kongCrdsEstablished = Promise.all(zoneNames.map((n) => installKongCrds(k, n, kongCrds)));
    kongCrdsEstablished.catch(() => {}); // awaited below; no unhandled rejection if the Kuma part fails first
    await Promise.all(
      names.map((n) => installKuma(k, n, crds, n === 'global' ? controlPlaneObjects(ns, 'global') : zoneObjects(ns, ZONES[n]))),
    );
    log(`Kuma CRDs and control-plane objects applied (${((Date.now() - t0) / 1000).toFixed(1)}s)`);

    // The Kuma stand-in, once the CRDs and the system namespace exist. By rename: the reaper reads the file every second.
    const saveState = () => writeFileAtomic(stateFileIn(dir), JSON.stringify(state, null, 2));
    state.kongOperator = {
      version: KONG_OPERATOR_VERSION,
      crdDir: kongCrds,
      namespace: KONG_OPERATOR.namespace,
      deployment: KONG_OPERATOR.deployment,
    };
    state.standin = await startStandin({ dir, token, ns, servers, procs, recorded: saveState });
    log(`kuma stand-in ready on https://127.0.0.1:${state.standin.port} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    await kongCrdsEstablished;
    log(`Gateway API and Kong Operator CRDs established on ${zoneNames.join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    state.startSeconds = (Date.now() - t0) / 1000;
    await saveState();
    log(`sandbox ready in ${state.startSeconds.toFixed(1)}s: ${dir}`);
    return sandboxFromState(state);
  } catch (e) {
    await sandboxFromState(partial()).stop();
    throw e;
  }
}

export { cacheRoot };
