// A third zone on request: kube context `c3`, Kuma zone `zone3`.
//
// Most tests need two zones, so startSandbox starts two (c1, c2) and the global. A test that needs
// a third calls, in beforeAll:
//
//   const z = await ensureThirdZone(sb!);       // { context: 'c3', zone: 'zone3', url, added, seconds }
//
// It starts one more kube-apiserver on the sandbox's etcd (prefix /c3), gives it what startSandbox
// gives c1 and c2 (the same install functions: every Kuma CRD, the system namespace and the
// `<product>-control-plane` Deployment/Service with KUMA_MODE=zone and KUMA_MULTIZONE_ZONE_NAME=zone3,
// the Gateway API + Kong Operator CRDs and the kong-operator Deployment), adds context c3 to the
// sandbox kubeconfig (for kubectl runs started afterwards), and adds the zone to the running Kuma
// stand-in's settings file: the stand-in takes it on like the first two (webhooks, Zone/ZoneInsight,
// Mesh sync, gateway Services, Kong Operator, offline handling) and lists it in its served-zones file,
// which this call waits for.
//
// Idempotent and safe across the worker processes of one run: a lock directory in the sandbox dir
// serialises callers, and every step checks `<dir>/state.json` first (the second caller only waits
// for the first). The API server is recorded in `<dir>/state.json` as soon as it starts, so stop(),
// `sandbox down` and the reaper stop it too. It stays until the sandbox stops: later test files of
// the run see zone3 on the global and context c3 in the kubeconfig.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { withLock } from './build.js';
import { freePorts, procAlive } from './procs.js';
import {
  EXTRA_ZONES,
  addKubeconfigContext,
  apiServerEnv,
  controlPlaneObjects,
  installKongCrds,
  installKuma,
  kumaCrdDir,
  readStateFile,
  startApiServer,
  stateFileIn,
  waitApiServerReady,
  waitFor,
  writeFileAtomic,
  zoneObjects,
  type Kubectl,
  type Sandbox,
  type SandboxState,
} from './sandbox.js';
import type { StandinSettings } from './standin/settings.js';

export interface ThirdZone {
  context: 'c3';
  zone: 'zone3';
  /** https URL of its kube-apiserver */
  url: string;
  /** true when this call made it, false when it was already there (another file, or an earlier call) */
  added: boolean;
  /** how long this call took, waiting for the lock included */
  seconds: number;
}

const CONTEXT = 'c3' as const;
const ZONE = EXTRA_ZONES[CONTEXT];

function servedZones(file: string): string[] {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * Makes sure the sandbox has its third zone (context c3, zone zone3) and the Kuma stand-in serves it;
 * see the top of this file. Updates `sb` (sb.zones.c3, sb.state) and returns the zone.
 */
export async function ensureThirdZone(sb: Sandbox, opts: { log?: (line: string) => void } = {}): Promise<ThirdZone> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const lock = path.join(sb.dir, `zone-${CONTEXT}.lock`);
  const { st, url, added } = await withLock(
    lock,
    { pollMs: 100, onWait: (holder) => log(`waiting for pid ${holder}, which is adding ${CONTEXT}`) },
    () => addLocked(sb, log, t0),
  );
  sb.state.apiservers[CONTEXT] = st.apiservers[CONTEXT];
  sb.state.extraZones = st.extraZones;
  for (const p of st.procs) if (!sb.state.procs.some((q) => q.pid === p.pid && q.startTicks === p.startTicks)) sb.state.procs.push(p);
  sb.zones.c3 = ZONE;
  const seconds = (Date.now() - t0) / 1000;
  log(`${CONTEXT} (${ZONE}) ${added ? 'added' : 'already there'} in ${seconds.toFixed(1)}s`);
  return { context: CONTEXT, zone: ZONE, url, added, seconds };
}

async function addLocked(sb: Sandbox, log: (line: string) => void, t0: number): Promise<{ st: SandboxState; url: string; added: boolean }> {
  const file = stateFileIn(sb.dir);
  const st = readStateFile(file) ?? structuredClone(sb.state);
  const save = () => writeFileAtomic(file, JSON.stringify(st, null, 2));
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  if (!st.standin) throw new Error('sandbox has no Kuma stand-in (it failed to start?)');
  const settingsFile = st.standin.settingsFile;
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as StandinSettings;
  const servedFile = settings.servedZonesFile;
  if (!servedFile)
    throw new Error(
      `this sandbox's Kuma stand-in (${st.dir}) predates zones added on request; restart the sandbox (npm run -s sandbox -- down, then up)`,
    );
  const standin = st.procs.find((p) => p.name === 'kuma-standin');
  if (!standin || !procAlive(standin)) throw new Error(`the Kuma stand-in of ${st.dir} is not running`);
  const env = { ...process.env, PATH: `${st.binDir}${path.delimiter}${process.env['PATH'] ?? ''}` };
  let added = false;

  // 1. The API server: started when none of ours runs (first call, or it was stopped), on the
  // recorded port so the stand-in's settings and the kubeconfig stay right.
  const name = `kube-apiserver-${CONTEXT}`;
  const running = st.procs.filter((p) => p.name === name).find((p) => procAlive(p));
  let api = st.apiservers[CONTEXT];
  if (!running || !api) {
    const port = api?.port ?? (await freePorts(1))[0]!;
    const a = startApiServer({ name: CONTEXT, port, dir: st.dir, binDir: st.binDir, etcdUrl: st.etcd.clientUrl, env: apiServerEnv(env) });
    st.procs = [...st.procs.filter((p) => p.name !== name), a.proc];
    api = st.apiservers[CONTEXT] = { url: a.url, port: a.port };
    await save(); // from here on stop(), `down` and the reaper know it
    log(`kube-apiserver ${CONTEXT} pid ${a.proc.pid} on ${a.url}`);
    await waitApiServerReady(CONTEXT, a.proc, a.url, st.token);
    log(`kube-apiserver ${CONTEXT} ready (${since()})`);
    added = true;
  }
  const caFile = path.join(st.dir, `certs-${CONTEXT}`, 'apiserver.crt');

  // 2. Context c3 in the sandbox kubeconfig (written by rename: running kubectls are not disturbed).
  await addKubeconfigContext(st.kubeconfig, st.token, CONTEXT, { url: api.url, caFile });

  // 3. What startSandbox gives a zone, with the same functions (CRD sets in parallel, as there).
  if (!st.extraZones?.[CONTEXT]?.installed) {
    const k: Kubectl = { kubectl: path.join(st.binDir, 'kubectl'), env: { ...env, KUBECONFIG: st.kubeconfig } };
    const kong = st.kongOperator;
    await Promise.all([
      installKuma(
        k,
        CONTEXT,
        kumaCrdDir(),
        kong ? zoneObjects(st.systemNamespace, ZONE) : controlPlaneObjects(st.systemNamespace, 'zone', ZONE),
      ),
      ...(kong ? [installKongCrds(k, CONTEXT, kong.crdDir)] : []),
    ]);
    st.extraZones = { ...st.extraZones, [CONTEXT]: { zone: ZONE, installed: true } };
    await save();
    log(`${CONTEXT}: CRDs and control-plane objects applied (${since()})`);
    added = true;
  }

  // 4. The stand-in takes the zone on once it is in its settings file.
  if (!settings.zones.some((z) => z.zone === ZONE)) {
    settings.zones.push({ context: CONTEXT, url: api.url, caFile, zone: ZONE });
    await writeFileAtomic(settingsFile, JSON.stringify(settings, null, 2));
    added = true;
  }
  await waitFor(`the Kuma stand-in serving ${ZONE}`, standin, 60_000, async () => servedZones(servedFile).includes(ZONE));
  log(`kuma stand-in serves ${ZONE} (${since()})`);
  return { st, url: api.url, added };
}
