// The stand-in's side of the control ConfigMap (kube-system/crossmesh-kuma-standin on the
// global): tests set `meshSyncDelayMs` and `offlineZones` there; the stand-in reads it every
// loop and adds a zone to `offlineZones` itself when that zone refuses a Mesh update.
import { isConflict, isNotFound, paths, type KubeClient } from './kube-client.js';
import { log } from './log.js';
import { CONTROL, parseControl } from './settings.js';

export interface ControlState {
  meshSyncDelayMs: number;
  offlineZones: Set<string>;
}

export class ControlConfig {
  current: ControlState;
  private readonly path = paths.configMap(CONTROL.namespace, CONTROL.name);

  constructor(
    private readonly global: KubeClient,
    private readonly defaultDelayMs: number,
  ) {
    this.current = { meshSyncDelayMs: defaultDelayMs, offlineZones: new Set() };
  }

  /** Reads the ConfigMap; creates it with the defaults when missing. */
  async refresh(): Promise<ControlState> {
    const cm = await this.global.getOrNull(this.path);
    if (!cm) {
      await this.create();
      this.current = { meshSyncDelayMs: this.defaultDelayMs, offlineZones: new Set() };
      return this.current;
    }
    this.current = parseControl(cm['data'] as Record<string, string> | undefined, this.defaultDelayMs);
    return this.current;
  }

  private async create(): Promise<void> {
    try {
      await this.global.create(paths.configMap(CONTROL.namespace), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: CONTROL.name,
          namespace: CONTROL.namespace,
          labels: { 'app.kubernetes.io/managed-by': 'crossmesh-kuma-standin' },
        },
        data: { [CONTROL.delayKey]: String(this.defaultDelayMs), [CONTROL.offlineKey]: '' },
      });
      log(`control: created ConfigMap ${CONTROL.namespace}/${CONTROL.name}`);
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
  }

  /** Adds `zone` to offlineZones (read-modify-write; retried on a concurrent change). */
  async markOffline(zone: string): Promise<void> {
    this.current.offlineZones.add(zone);
    for (let attempt = 0; attempt < 5; attempt++) {
      const cm = await this.global.getOrNull(this.path);
      if (!cm) {
        await this.create();
        continue;
      }
      const data = { ...((cm['data'] as Record<string, string> | undefined) ?? {}) };
      const zones = new Set(
        (data[CONTROL.offlineKey] ?? '')
          .split(',')
          .map((z) => z.trim())
          .filter(Boolean),
      );
      if (zones.has(zone)) return;
      zones.add(zone);
      data[CONTROL.offlineKey] = [...zones].sort().join(',');
      try {
        await this.global.replace(this.path, { ...cm, data });
        return;
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    throw new Error(`control: could not record zone ${zone} as offline (ConfigMap kept changing)`);
  }
}
