import type { CrossmeshConfig } from './types.js';

export const DEFAULT_SYSTEM_NAMESPACE = 'kong-mesh-system';

/**
 * Defaults reproduce the guide: two zones, two meshes at home in the first zone, echo behind each
 * gateway (and in the first mesh's second-zone namespace, for its /zone2echo route), clients in the
 * second zone, and a link each way. The second mesh turns passthrough off, as the guide's does.
 */
export function defaultConfig(): CrossmeshConfig {
  return {
    global: { tool: 'kumactl', controlPlane: 'global' },
    zones: [
      { name: 'zone1', context: 'c1', zone: 'zone1' },
      { name: 'zone2', context: 'c2', zone: 'zone2' },
    ],
    meshes: [
      {
        key: 'mesh1',
        name: 'mesh1',
        home: 'zone1',
        namespaces: { zone1: 'c1m1', zone2: 'c2m1' },
        gateway: { kind: 'builtin', name: 'cross-mesh-gateway', port: 8080 },
        echo: ['zone1', 'zone2'],
        clients: ['zone2'],
        passthrough: true,
      },
      {
        key: 'mesh2',
        name: 'mesh2',
        home: 'zone1',
        namespaces: { zone1: 'c1m2', zone2: 'c2m2' },
        gateway: { kind: 'builtin', name: 'mesh2-gateway', port: 8080 },
        echo: ['zone1'],
        clients: ['zone2'],
        passthrough: false,
      },
    ],
    links: [
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
    ],
    echo: { port: 1027, image: 'kong/go-echo:0.6.0' },
    client: { image: 'curlimages/curl:8.11.1' },
    ca: { backend: 'ca-1', rsaBits: 2048, caExpiration: '10y', certExpiration: '1d' },
    gatewayWait: '3m',
    meshSyncWait: '2m',
    drainWait: '2m',
  };
}
