// Mesh sync global -> zones (Kuma's KDS, for Meshes only).
//
// kuma-notes "Mesh sync is not instant": "A Mesh created on the global appears in each zone's API
// server as a `Mesh` object labelled `kuma.io/origin: global` a little later (0.7 s seen; longer
// under load or when a zone reconnects)". A change (new, changed spec or labels, deleted) is copied
// to each online zone once it is `meshSyncDelayMs` old, and at least that long after the zone
// (re)connected.
// kuma-notes "Changing a Mesh's CA ...": "the zones refuse the update, global-to-zone sync stops,
// the zones go Offline ... and they keep the old Mesh": a zone whose webhook refuses a copy is
// recorded as offline (control ConfigMap) and gets nothing until it is put back online.
import type { ControlConfig } from './control.js';
import { labelsOf, nameOf, stableStringify, type Json, type KubeObject } from './json.js';
import { isAdmissionDenial, isConflict, paths, type KubeClient } from './kube-client.js';
import { errText, log, logThrottled } from './log.js';
import type { ZoneHealth } from './zone-health.js';

interface Wanted {
  /** fingerprint of the global's Mesh (spec + labels as copied), null when it is gone */
  fp: string | null;
  labels: Record<string, string>;
  spec: Json;
  /** when the stand-in first saw this state of the Mesh (ms) */
  changedAt: number;
}

interface Held {
  fp: string;
  /** a copy made by the sync (label kuma.io/origin: global); only those are deleted */
  fromGlobal: boolean;
}

export interface SyncZone {
  zone: string;
  client: KubeClient;
}

const ORIGIN = 'kuma.io/origin';
const REREAD_MS = 5000;
const fingerprint = (labels: Record<string, string>, spec: unknown) => stableStringify({ labels, spec: spec ?? {} });

export class MeshSync {
  private readonly wanted = new Map<string, Wanted>();
  /** per zone: the Meshes it holds, or undefined when they must be listed again */
  private readonly held = new Map<string, Map<string, Held> | undefined>();
  private readonly readAt = new Map<string, number>();

  constructor(
    private readonly global: KubeClient,
    private readonly zones: SyncZone[],
    private readonly control: ControlConfig,
    private readonly health: ZoneHealth,
  ) {}

  async tick(): Promise<void> {
    const now = Date.now();
    await this.observeGlobal(now);
    for (const z of this.zones) {
      try {
        await this.syncZone(z, now);
      } catch (e) {
        this.held.set(z.zone, undefined);
        logThrottled(`sync-${z.zone}`, `mesh sync: ${z.zone}: ${errText(e)} (will retry)`);
      }
    }
    this.forgetSettled();
  }

  private async observeGlobal(now: number): Promise<void> {
    const seen = new Set<string>();
    for (const m of await this.global.list(paths.kuma('meshes'))) {
      const name = nameOf(m);
      seen.add(name);
      const labels = { ...labelsOf(m), [ORIGIN]: 'global' };
      const spec = m.spec ?? {};
      const fp = fingerprint(labels, spec);
      if (this.wanted.get(name)?.fp !== fp) this.wanted.set(name, { fp, labels, spec, changedAt: now });
    }
    for (const [name, w] of this.wanted) {
      if (!seen.has(name) && w.fp !== null) this.wanted.set(name, { fp: null, labels: {}, spec: {}, changedAt: now });
    }
  }

  private zoneOnline(zone: string): boolean {
    return this.health.online.get(zone) === true && !this.control.current.offlineZones.has(zone);
  }

  private async readZone(z: SyncZone, now: number): Promise<Map<string, Held>> {
    const held = new Map<string, Held>();
    for (const m of await z.client.list(paths.kuma('meshes'))) {
      const labels = labelsOf(m);
      const fromGlobal = labels[ORIGIN] === 'global';
      held.set(nameOf(m), { fp: fingerprint(labels, m.spec), fromGlobal });
      // a copy whose Mesh the stand-in never saw on the global: delete it after the delay
      if (fromGlobal && !this.wanted.has(nameOf(m))) this.wanted.set(nameOf(m), { fp: null, labels: {}, spec: {}, changedAt: now });
    }
    this.held.set(z.zone, held);
    this.readAt.set(z.zone, now);
    return held;
  }

  private async syncZone(z: SyncZone, now: number): Promise<void> {
    if (!this.zoneOnline(z.zone)) {
      this.held.set(z.zone, undefined); // list again when it is back
      return;
    }
    let held = this.held.get(z.zone);
    if (!held || now - (this.readAt.get(z.zone) ?? 0) > REREAD_MS) held = await this.readZone(z, now);
    const since = this.health.onlineSince.get(z.zone) ?? 0;
    const delay = this.control.current.meshSyncDelayMs;
    for (const [name, w] of this.wanted) {
      const have = held.get(name);
      const inSync = w.fp === null ? !have?.fromGlobal : have?.fp === w.fp;
      if (inSync || now < Math.max(w.changedAt, since) + delay) continue;
      const refused = await this.apply(z, name, w, held);
      if (refused) return;
    }
  }

  /** Writes one Mesh change to a zone; true when the zone refused it (the zone is then offline). */
  private async apply(z: SyncZone, name: string, w: Wanted, held: Map<string, Held>): Promise<boolean> {
    const path = paths.kuma('meshes', name);
    try {
      if (w.fp === null) {
        await z.client.remove(path);
        held.delete(name);
        log(`mesh sync: deleted Mesh ${name} from ${z.zone}`);
        return false;
      }
      const current = held.has(name) ? await z.client.getOrNull(path) : null;
      if (!current) {
        await z.client.create(paths.kuma('meshes'), {
          apiVersion: 'kuma.io/v1alpha1',
          kind: 'Mesh',
          metadata: { name, labels: w.labels },
          spec: w.spec,
        });
        log(`mesh sync: created Mesh ${name} in ${z.zone}`);
      } else {
        const next: KubeObject = { ...current, metadata: { ...current.metadata, labels: w.labels }, spec: w.spec };
        await z.client.replace(path, next);
        log(`mesh sync: updated Mesh ${name} in ${z.zone}`);
      }
      held.set(name, { fp: w.fp, fromGlobal: true });
      return false;
    } catch (e) {
      if (isAdmissionDenial(e)) {
        log(`mesh sync: ${z.zone} refused Mesh ${name}: ${errText(e)}; the zone goes offline and keeps its old Mesh`);
        this.held.set(z.zone, undefined);
        await this.control.markOffline(z.zone);
        return true;
      }
      if (isConflict(e)) this.held.set(z.zone, undefined);
      throw e;
    }
  }

  /** Drops deleted Meshes once no zone holds a copy any more. */
  private forgetSettled(): void {
    for (const [name, w] of this.wanted) {
      if (w.fp !== null) continue;
      const everyZoneKnownClean = this.zones.every((z) => {
        const held = this.held.get(z.zone);
        return held !== undefined && !held.get(name)?.fromGlobal;
      });
      if (everyZoneKnownClean) this.wanted.delete(name);
    }
  }
}
