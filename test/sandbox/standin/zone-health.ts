// Zone health on the global: `Zone` and `ZoneInsight` objects, as a global on Kubernetes keeps them.
//
// kuma-notes "Detecting product, version, zone": "On a global CP on Kubernetes, `kubectl get zones`
// lists zones". kuma-notes "Changing a Mesh's CA ...": "the zones go Offline in `kumactl inspect
// zones`". A zone is online while the last subscription of its ZoneInsight has no disconnectTime;
// going offline sets disconnectTime, coming back appends a new subscription.
import { randomUUID } from 'node:crypto';
import { isObj, type Json, type KubeObject } from './json.js';
import { isConflict, paths, type KubeClient } from './kube-client.js';
import { log } from './log.js';

const KUMA_CP_VERSION = '2.14.3';
const GLOBAL_INSTANCE_ID = 'standin-global';
const REREAD_MS = 5000;

interface Subscription extends Json {
  connectTime?: string;
  disconnectTime?: string;
}

function subscriptionsOf(insight: KubeObject | null): Subscription[] {
  const subs = insight?.spec?.['subscriptions'];
  return Array.isArray(subs) ? subs.filter(isObj) : [];
}

const onlineOf = (subs: Subscription[]): boolean => {
  const last = subs[subs.length - 1];
  return !!last && !last.disconnectTime;
};

function newSubscription(zone: string, now: Date): Subscription {
  const t = now.toISOString();
  return {
    id: randomUUID(),
    globalInstanceId: GLOBAL_INSTANCE_ID,
    zoneInstanceId: `${zone}-standin-${randomUUID().slice(0, 8)}`,
    connectTime: t,
    status: { lastUpdateTime: t },
    version: { kumaCp: { version: KUMA_CP_VERSION } },
  };
}

/**
 * Minimal Zone / ZoneInsight CRDs, installed only when missing: ../shared/kuma-crds/v2.14.3 has
 * both (kuma.io_zones.yaml, kuma.io_zoneinsights.yaml), but CROSSMESH_KUMA_CRDS may point elsewhere.
 */
function minimalCrd(kind: 'Zone' | 'ZoneInsight', plural: string): unknown {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.kuma.io` },
    spec: {
      group: 'kuma.io',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), categories: ['kuma'] },
      scope: 'Cluster',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                mesh: { type: 'string' },
                metadata: { type: 'object' },
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
}

export class ZoneHealth {
  /** what the global's ZoneInsight says, per zone */
  readonly online = new Map<string, boolean>();
  /** when each zone (re)connected, ms; 0 for zones online since the stand-in started */
  readonly onlineSince = new Map<string, number>();
  private lastRead = 0;

  constructor(
    private readonly global: KubeClient,
    private readonly zones: string[],
  ) {}

  /** CRDs (if missing), then Zone and ZoneInsight objects for every zone (existing ones are kept). */
  async ensureObjects(): Promise<void> {
    for (const [kind, plural] of [
      ['Zone', 'zones'],
      ['ZoneInsight', 'zoneinsights'],
    ] as const) {
      if (await this.global.getOrNull(paths.crd(`${plural}.kuma.io`))) continue;
      log(`zone health: CRD ${plural}.kuma.io missing on the global; installing a minimal one`);
      await this.createIgnoringConflict(paths.crd(), minimalCrd(kind, plural));
      for (let i = 0; i < 100 && !(await this.established(`${plural}.kuma.io`)); i++) await new Promise((r) => setTimeout(r, 100));
    }
    const now = new Date();
    for (const zone of this.zones) {
      await this.createIgnoringConflict(paths.kuma('zones'), {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'Zone',
        metadata: { name: zone },
        spec: { enabled: true },
      });
      await this.createIgnoringConflict(paths.kuma('zoneinsights'), {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'ZoneInsight',
        metadata: { name: zone },
        spec: { subscriptions: [newSubscription(zone, now)] },
      });
    }
    await this.read();
    for (const zone of this.zones) this.onlineSince.set(zone, 0);
  }

  /**
   * A zone that joins while the stand-in runs (a third zone a test asked for, sandbox.ts
   * ensureThirdZone): its Zone and ZoneInsight like ensureObjects, and it counts as having just
   * connected, so Meshes reach it `meshSyncDelayMs` later ("longer ... when a zone reconnects").
   */
  async addZone(zone: string): Promise<void> {
    if (this.zones.includes(zone)) return;
    await this.createIgnoringConflict(paths.kuma('zones'), {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Zone',
      metadata: { name: zone },
      spec: { enabled: true },
    });
    await this.createIgnoringConflict(paths.kuma('zoneinsights'), {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'ZoneInsight',
      metadata: { name: zone },
      spec: { subscriptions: [newSubscription(zone, new Date())] },
    });
    const insight = await this.global.getOrNull(paths.kuma('zoneinsights', zone));
    this.online.set(zone, onlineOf(subscriptionsOf(insight)));
    this.onlineSince.set(zone, Date.now());
    this.zones.push(zone);
  }

  private async established(name: string): Promise<boolean> {
    const crd = await this.global.getOrNull(paths.crd(name));
    const conds = crd?.status?.['conditions'];
    return Array.isArray(conds) && conds.some((c) => isObj(c) && c['type'] === 'Established' && c['status'] === 'True');
  }

  private async createIgnoringConflict(path: string, obj: unknown): Promise<void> {
    try {
      await this.global.create(path, obj);
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
  }

  /** Re-reads every ZoneInsight (picks up changes made by hand). */
  private async read(): Promise<void> {
    for (const zone of this.zones) {
      const insight = await this.global.getOrNull(paths.kuma('zoneinsights', zone));
      this.online.set(zone, onlineOf(subscriptionsOf(insight)));
    }
    this.lastRead = Date.now();
  }

  /** Brings each ZoneInsight in line with the wanted state (online unless listed in `offline`). */
  async reconcile(offline: ReadonlySet<string>): Promise<void> {
    if (Date.now() - this.lastRead > REREAD_MS) await this.read();
    for (const zone of this.zones) {
      const want = !offline.has(zone);
      if (this.online.get(zone) === want) continue;
      await this.setOnline(zone, want);
    }
  }

  private async setOnline(zone: string, online: boolean): Promise<void> {
    const path = paths.kuma('zoneinsights', zone);
    const insight = await this.global.getOrNull(path);
    const now = new Date();
    const subs = subscriptionsOf(insight);
    if (online) {
      subs.push(newSubscription(zone, now));
    } else {
      const last = subs[subs.length - 1];
      if (last) {
        last.disconnectTime = now.toISOString();
        last['status'] = { ...(isObj(last['status']) ? last['status'] : {}), lastUpdateTime: now.toISOString() };
      }
    }
    const body = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'ZoneInsight',
      metadata: { ...(insight?.metadata ?? {}), name: zone },
      spec: { ...(insight?.spec ?? {}), subscriptions: subs },
    };
    if (insight) await this.global.replace(path, body);
    else await this.global.create(paths.kuma('zoneinsights'), { ...body, metadata: { name: zone } });
    this.online.set(zone, online);
    if (online) this.onlineSince.set(zone, now.getTime());
    log(`zone health: ${zone} is now ${online ? 'online' : 'offline'}`);
  }
}
