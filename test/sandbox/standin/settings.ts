// Settings of the Kuma stand-in (kuma-standin.ts), shared by the process that
// starts it (sandbox.ts), the stand-in itself and the test helpers
// (standin-control.ts). Plain data only: no imports of the stand-in's modules.

export interface ApiServerSettings {
  /** kube context name in the sandbox kubeconfig: c1, c2 or global */
  context: string;
  url: string;
  /** CA that signed the API server's serving certificate (certs-<name>/apiserver.crt) */
  caFile: string;
}

export interface ZoneSettings extends ApiServerSettings {
  /** Kuma zone name (KUMA_MULTIZONE_ZONE_NAME), e.g. zone1 */
  zone: string;
}

/** The JSON file whose path is the stand-in's only argument. */
export interface StandinSettings {
  /** 127.0.0.1 port of the webhook HTTPS server */
  port: number;
  /** bearer token for every API server (the sandbox's admin token) */
  token: string;
  systemNamespace: string;
  /** where the stand-in writes its webhook serving key and certificate */
  certDir: string;
  /** written once the webhooks are registered and answer */
  readyFile: string;
  /** delay used when the control ConfigMap has no valid meshSyncDelayMs */
  defaultMeshSyncDelayMs: number;
  global: ApiServerSettings;
  /**
   * The zones. The stand-in re-reads this file while it runs and takes on a zone added to the list
   * (sandbox.ts ensureThirdZone); a zone removed from it is not dropped.
   */
  zones: ZoneSettings[];
  /**
   * Written (JSON array of zone names) once the stand-in serves a zone in full: its webhooks answer
   * and its Zone/ZoneInsight exist. Absent in settings written before zones could be added.
   */
  servedZonesFile?: string;
}

/** Control ConfigMap on the global, read by the stand-in's loop (see README "Kuma stand-in"). */
export const CONTROL = {
  namespace: 'kube-system',
  name: 'crossmesh-kuma-standin',
  delayKey: 'meshSyncDelayMs',
  offlineKey: 'offlineZones',
} as const;

/** Env variable for the default Mesh sync delay, read by startSandbox. */
export const MESH_SYNC_ENV = 'CROSSMESH_SANDBOX_MESH_SYNC_MS';
export const DEFAULT_MESH_SYNC_MS = 1000;

export function defaultMeshSyncDelayFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env[MESH_SYNC_ENV]);
  return env[MESH_SYNC_ENV] !== undefined && env[MESH_SYNC_ENV] !== '' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_MESH_SYNC_MS;
}

/** Parses the control ConfigMap's data; invalid values fall back to the defaults. */
export function parseControl(
  data: Record<string, string> | undefined,
  defaultDelayMs: number,
): { meshSyncDelayMs: number; offlineZones: Set<string> } {
  const raw = data?.[CONTROL.delayKey];
  const n = Number(raw);
  const meshSyncDelayMs = raw !== undefined && raw.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : defaultDelayMs;
  const offlineZones = new Set(
    (data?.[CONTROL.offlineKey] ?? '')
      .split(',')
      .map((z) => z.trim())
      .filter(Boolean),
  );
  return { meshSyncDelayMs, offlineZones };
}
