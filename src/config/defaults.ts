import type { CrossmeshConfig } from './types.js';

export const DEFAULT_SYSTEM_NAMESPACE = 'kong-mesh-system';

/** Defaults reproduce the guide's names, ports and CA settings. */
export function defaultConfig(): CrossmeshConfig {
  return {
    global: { tool: 'kumactl', controlPlane: 'global' },
    clusters: {
      cluster1: { context: 'c1', zone: 'zone1' },
      cluster2: { context: 'c2', zone: 'zone2' },
    },
    meshes: {
      mesh1: {
        name: 'mesh1',
        cluster1Namespace: 'c1m1',
        cluster2Namespace: 'c2m1',
        gateway: { kind: 'builtin', name: 'cross-mesh-gateway', port: 8080 },
      },
      mesh2: {
        name: 'mesh2',
        cluster1Namespace: 'c1m2',
        cluster2Namespace: 'c2m2',
        gateway: { kind: 'builtin', name: 'mesh2-gateway', port: 8080 },
      },
    },
    echo: { port: 1027, image: 'kong/go-echo:0.6.0', inZone2: true },
    client: { image: 'curlimages/curl:8.11.1' },
    ca: { backend: 'ca-1', rsaBits: 2048, caExpiration: '10y', certExpiration: '1d' },
    gatewayWait: '3m',
    meshSyncWait: '2m',
    drainWait: '2m',
  };
}
