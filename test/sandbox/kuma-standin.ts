// Kuma stand-in for the sandbox: `kuma-standin.ts <settings.json>` (see standin/settings.ts).
//
// STAND-IN, NOT KUMA: no kuma-cp can be built here (PROBE.md), so this process plays the parts of
// Kuma the wizard depends on, as recorded in ../shared/docs/kuma-notes.md ("Observed on a real Kuma
// 2.14.3 multi-zone setup"): Mesh sync global -> zones with a delay, the zones' owner-reference and
// validator webhooks, the global's validator, the gateway-instance controller, and zone health
// (Zone/ZoneInsight). It also plays Kong Operator on the zones (standin/kong-operator.ts, facts from
// ../shared/docs/kong-gateway-notes.md): one process keeps one lifecycle (procs, reaper, `down`), one
// set of API connections and one log. Each module names the fact it reproduces. Started detached by startSandbox();
// it writes the ready file once its webhooks answer. Errors are logged, never fatal.
// Zones: those of the settings file, plus any a test adds to it later (sandbox.ts ensureThirdZone):
// the process re-reads the file every 250 ms and gives a new zone everything the first ones have
// (webhooks, Zone/ZoneInsight, Mesh sync, gateway Services, Kong Operator, the global's Dataplane
// check), then lists it in `servedZonesFile`.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { AdmissionHandler } from './standin/admission.js';
import { ControlConfig } from './standin/control.js';
import { GatewayController } from './standin/gateway-controller.js';
import { KongOperatorStandin } from './standin/kong-operator.js';
import { KubeClient } from './standin/kube-client.js';
import { errText, log, logThrottled } from './standin/log.js';
import { MeshSync } from './standin/mesh-sync.js';
import { ownerReferenceMutator } from './standin/owner-reference.js';
import { makeServingCert } from './standin/serving-cert.js';
import type { StandinSettings, ZoneSettings } from './standin/settings.js';
import { globalValidator, zoneValidator } from './standin/validators.js';
import { startWebhookServer } from './standin/webhook-server.js';
import { globalWebhooksAnswer, registerGlobalWebhooks, registerZoneWebhooks, routes, zoneWebhooksAnswer } from './standin/webhooks.js';
import { ZoneHealth } from './standin/zone-health.js';

const MESH_LOOP_MS = 200;
const GATEWAY_LOOP_MS = 500;
const KONG_LOOP_MS = 500;
/** how often the settings file is checked for a zone added while running */
const ZONES_LOOP_MS = 250;

process.on('uncaughtException', (e) => log(`uncaught: ${errText(e)}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${errText(e)}`));
process.on('SIGTERM', () => {
  log('SIGTERM: exiting');
  process.exit(0);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `step` until it succeeds, logging each failure. */
async function untilDone<T>(what: string, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (e) {
      logThrottled(`startup-${what}`, `startup: ${what}: ${errText(e)} (retrying)`);
      await sleep(200);
    }
  }
}

/** Calls `step` every `everyMs` (measured from the end of the previous call); errors are logged. */
function loop(name: string, everyMs: number, step: () => Promise<void>): void {
  const run = async () => {
    try {
      await step();
    } catch (e) {
      logThrottled(`loop-${name}`, `${name}: ${errText(e)}`);
    }
    setTimeout(() => void run(), everyMs);
  };
  void run();
}

const readSettings = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as StandinSettings;

/** Writes `text` to `file` by rename, so a reader never sees half of it. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function main(settingsFile: string): Promise<void> {
  const s = readSettings(settingsFile);
  const global = new KubeClient(s.global, s.token);
  // One list of zones shared by every per-zone behaviour (Mesh sync, gateway controller, Kong
  // Operator, global validator): a zone added later (addZone) is then treated exactly like the first.
  const initial = s.zones.map((z) => ({ zone: z.zone, client: new KubeClient(z, s.token) }));
  const zones = [...initial];
  const zoneClients = initial.map((z) => z.client);

  const tls = await makeServingCert(s.certDir);
  const handlers = new Map<string, AdmissionHandler>();
  const addHandlers = (z: { zone: string; client: KubeClient }) => {
    handlers.set(
      routes.ownerReference(z.zone),
      ownerReferenceMutator({ client: z.client, zone: z.zone, systemNamespace: s.systemNamespace }),
    );
    handlers.set(routes.zoneValidator(z.zone), zoneValidator({ zone: z.zone, systemNamespace: s.systemNamespace }));
  };
  for (const z of initial) addHandlers(z);
  handlers.set(routes.globalValidator, globalValidator({ zones: zoneClients }));
  await startWebhookServer(s.port, tls, handlers);
  const base = `https://127.0.0.1:${s.port}`;
  log(`webhook server on ${base}`);

  const caBundle = tls.cert.toString('base64');
  await untilDone('register global webhooks', () => registerGlobalWebhooks(global, base, caBundle));
  for (const z of initial) await untilDone(`register ${z.zone} webhooks`, () => registerZoneWebhooks(z.client, z.zone, base, caBundle));

  const control = new ControlConfig(global, s.defaultMeshSyncDelayMs);
  await untilDone('control ConfigMap', () => control.refresh());
  const health = new ZoneHealth(
    global,
    initial.map((z) => z.zone),
  );
  await untilDone('Zone and ZoneInsight objects', () => health.ensureObjects());

  await untilDone('webhooks answering', async () => {
    const ok =
      (await globalWebhooksAnswer(global, s.systemNamespace)) &&
      (await Promise.all(initial.map((z) => zoneWebhooksAnswer(z.client, s.systemNamespace)))).every(Boolean);
    if (!ok) throw new Error('not every API server calls the webhooks yet');
  });
  const served = () => {
    if (s.servedZonesFile) writeAtomic(s.servedZonesFile, JSON.stringify(zones.map((z) => z.zone)) + '\n');
  };
  served();

  const sync = new MeshSync(global, zones, control, health);
  const gateways = new GatewayController(zones);
  loop('mesh sync', MESH_LOOP_MS, async () => {
    await control.refresh();
    await health.reconcile(control.current.offlineZones);
    await sync.tick();
  });
  loop('gateway controller', GATEWAY_LOOP_MS, () => gateways.tick());
  const kong = new KongOperatorStandin(zones);
  loop('kong operator', KONG_LOOP_MS, () => kong.tick());

  /**
   * A zone added to the settings file while running (sandbox.ts ensureThirdZone): the same webhooks,
   * then its Zone/ZoneInsight on the global (it connects now), then it joins the shared list.
   */
  const addZone = async (z: ZoneSettings) => {
    const client = new KubeClient(z, s.token);
    log(`zones: adding ${z.zone} (context ${z.context}, ${z.url})`);
    addHandlers({ zone: z.zone, client });
    await untilDone(`register ${z.zone} webhooks`, () => registerZoneWebhooks(client, z.zone, base, caBundle));
    await untilDone(`${z.zone} webhooks answering`, async () => {
      if (!(await zoneWebhooksAnswer(client, s.systemNamespace))) throw new Error(`${z.context} does not call the webhooks yet`);
    });
    await untilDone(`${z.zone} Zone and ZoneInsight objects`, () => health.addZone(z.zone));
    zones.push({ zone: z.zone, client });
    zoneClients.push(client);
    served();
    log(`zones: ${z.zone} added; serving ${zones.map((x) => x.zone).join(', ')}`);
  };
  let settingsMtime = 0; // read once at start too: a zone added while this process was starting is not missed
  const adding = new Set<string>();
  loop('zones', ZONES_LOOP_MS, async () => {
    const mtime = statSync(settingsFile).mtimeMs;
    if (mtime === settingsMtime) return;
    const next = readSettings(settingsFile);
    settingsMtime = mtime;
    for (const z of next.zones) {
      if (adding.has(z.zone) || zones.some((x) => x.zone === z.zone)) continue;
      adding.add(z.zone);
      await addZone(z);
    }
  });

  writeFileSync(s.readyFile, `${new Date().toISOString()} pid ${process.pid}\n`);
  log(`ready (mesh sync delay ${control.current.meshSyncDelayMs} ms)`);
}

const settingsFile = process.argv[2];
if (!settingsFile) {
  process.stderr.write('usage: kuma-standin.ts <settings.json>\n');
  process.exit(2);
}
main(settingsFile).catch((e: unknown) => {
  // only reading the settings or starting the server can end here: without them there is nothing to stand in for
  log(`fatal: ${errText(e)}`);
  process.exit(1);
});
