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
import { readFileSync, writeFileSync } from 'node:fs';
import type { AdmissionHandler } from './standin/admission.js';
import { ControlConfig } from './standin/control.js';
import { GatewayController } from './standin/gateway-controller.js';
import { KongOperatorStandin } from './standin/kong-operator.js';
import { KubeClient } from './standin/kube-client.js';
import { errText, log, logThrottled } from './standin/log.js';
import { MeshSync } from './standin/mesh-sync.js';
import { ownerReferenceMutator } from './standin/owner-reference.js';
import { makeServingCert } from './standin/serving-cert.js';
import type { StandinSettings } from './standin/settings.js';
import { globalValidator, zoneValidator } from './standin/validators.js';
import { startWebhookServer } from './standin/webhook-server.js';
import { globalWebhooksAnswer, registerGlobalWebhooks, registerZoneWebhooks, routes, zoneWebhooksAnswer } from './standin/webhooks.js';
import { ZoneHealth } from './standin/zone-health.js';

const MESH_LOOP_MS = 200;
const GATEWAY_LOOP_MS = 500;
const KONG_LOOP_MS = 500;

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

async function main(settingsFile: string): Promise<void> {
  const s = JSON.parse(readFileSync(settingsFile, 'utf8')) as StandinSettings;
  const global = new KubeClient(s.global, s.token);
  const zones = s.zones.map((z) => ({ zone: z.zone, client: new KubeClient(z, s.token) }));

  const tls = await makeServingCert(s.certDir);
  const handlers = new Map<string, AdmissionHandler>();
  for (const z of zones) {
    handlers.set(
      routes.ownerReference(z.zone),
      ownerReferenceMutator({ client: z.client, zone: z.zone, systemNamespace: s.systemNamespace }),
    );
    handlers.set(routes.zoneValidator(z.zone), zoneValidator({ zone: z.zone, systemNamespace: s.systemNamespace }));
  }
  handlers.set(routes.globalValidator, globalValidator({ zones: zones.map((z) => z.client) }));
  await startWebhookServer(s.port, tls, handlers);
  const base = `https://127.0.0.1:${s.port}`;
  log(`webhook server on ${base}`);

  const caBundle = tls.cert.toString('base64');
  await untilDone('register global webhooks', () => registerGlobalWebhooks(global, base, caBundle));
  for (const z of zones) await untilDone(`register ${z.zone} webhooks`, () => registerZoneWebhooks(z.client, z.zone, base, caBundle));

  const control = new ControlConfig(global, s.defaultMeshSyncDelayMs);
  await untilDone('control ConfigMap', () => control.refresh());
  const health = new ZoneHealth(
    global,
    zones.map((z) => z.zone),
  );
  await untilDone('Zone and ZoneInsight objects', () => health.ensureObjects());

  await untilDone('webhooks answering', async () => {
    const ok =
      (await globalWebhooksAnswer(global, s.systemNamespace)) &&
      (await Promise.all(zones.map((z) => zoneWebhooksAnswer(z.client, s.systemNamespace)))).every(Boolean);
    if (!ok) throw new Error('not every API server calls the webhooks yet');
  });

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
