import type { Step, KubeObject, PlanContext, Manifest } from '../src/engine/types.js';
import type { ClusterKey } from '../src/config/types.js';
import { clusterTarget, manifest, MANAGED_BY } from './common.js';

const ECHO_LABELS = { app: 'echo' };
/** The echo image listens on fixed ports: 1025 TCP echo, 1026 the "udp" port (served over TCP), 1027 HTTP. */
const ECHO_HTTP_CONTAINER_PORT = 1027;

const downwardEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });

export function echoService(ctx: PlanContext, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo', namespace, labels: { ...ECHO_LABELS, ...MANAGED_BY } },
    spec: {
      selector: { ...ECHO_LABELS },
      ports: [
        { name: 'tcp', port: 1025, targetPort: 1025, protocol: 'TCP' },
        { name: 'udp', port: 1026, targetPort: 1026, protocol: 'TCP' },
        { name: 'http', port: ctx.config.echo.port, targetPort: ECHO_HTTP_CONTAINER_PORT, protocol: 'TCP', appProtocol: 'http' },
      ],
    },
  };
}

/** A one-replica Deployment whose pods carry `app: <name>` and run one container of the same name. */
function singleContainerDeployment(name: string, namespace: string, container: Record<string, unknown>): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { ...labels, ...MANAGED_BY } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { labels: { ...labels } }, spec: { containers: [{ name, ...container }] } },
    },
  };
}

export function echoDeployment(ctx: PlanContext, namespace: string): KubeObject {
  return singleContainerDeployment('echo', namespace, {
    image: ctx.config.echo.image,
    ports: [{ containerPort: ECHO_HTTP_CONTAINER_PORT }],
    env: [
      downwardEnv('NODE_NAME', 'spec.nodeName'),
      downwardEnv('POD_NAME', 'metadata.name'),
      downwardEnv('POD_NAMESPACE', 'metadata.namespace'),
      downwardEnv('POD_IP', 'status.podIP'),
    ],
  });
}

export function clientDeployment(ctx: PlanContext, namespace: string): KubeObject {
  return singleContainerDeployment('client', namespace, {
    image: ctx.config.client.image,
    // stays up so the verify step can run curl inside it
    command: ['sh', '-c', 'trap exit TERM; while true; do sleep 3600 & wait; done'],
  });
}

function echoPair(ctx: PlanContext, cluster: ClusterKey, namespace: string, why: string): Manifest[] {
  const target = clusterTarget(ctx.config, cluster);
  return [
    manifest('workloads', echoService(ctx, namespace), target, `echo Service in ${namespace}: ${why}`),
    manifest('workloads', echoDeployment(ctx, namespace), target, `echo pods in ${namespace}`),
  ];
}

export const workloads: Step = {
  id: 'workloads',
  title: 'Workloads',
  explanation: {
    summary: 'Deploy echo behind each gateway and a curl client in each cluster-2 namespace.',
    concept:
      'echo answers HTTP requests with details of the pod that served them, which makes it easy to see where a request landed. ' +
      'The client is a small pod with curl that stays up so requests can be sent from inside the mesh.',
    why: 'The gateways in cluster 1 need something to route to, and cluster 2 needs callers to prove that each mesh can reach the other.',
  },
  fixes: [
    {
      id: 'echo-everywhere',
      title: 'echo where the routes expect it',
      guide: 'Deploys echo only in the mesh1 namespace of cluster 1, yet routes mesh2\'s gateway to echo in mesh2 and /zone2echo to echo in zone 2.',
      crossmesh: 'Deploys echo in both cluster-1 namespaces, and in mesh1\'s cluster-2 namespace unless echo.inZone2 is false (then the /zone2echo route is left out).',
    },
    {
      id: 'clients',
      title: 'Clients that exist',
      guide: 'Talks about client workloads in cluster 2 but never deploys them.',
      crossmesh: 'Deploys a curl client in both cluster-2 namespaces; the verify step calls through them.',
    },
    {
      id: 'echo-manifest',
      title: 'A pinned, embedded echo',
      guide: 'Applies a manifest fetched from a URL, with the image tag latest and an HTTP port that Kuma treats as plain TCP.',
      crossmesh: 'Embeds the manifest, pins the image tag and marks the HTTP port with appProtocol: http so the generated MeshService port speaks HTTP.',
    },
  ],
  manifests: (ctx) => {
    const { meshes } = ctx.config;
    const list = [
      ...echoPair(ctx, 'cluster1', meshes.mesh1.cluster1Namespace, 'target of the mesh1 gateway'),
      ...echoPair(ctx, 'cluster1', meshes.mesh2.cluster1Namespace, 'target of the mesh2 gateway'),
    ];
    if (ctx.config.echo.inZone2) list.push(...echoPair(ctx, 'cluster2', meshes.mesh1.cluster2Namespace, 'target of the /zone2echo route'));
    for (const mesh of ['mesh1', 'mesh2'] as const) {
      const ns = meshes[mesh].cluster2Namespace;
      list.push(manifest('workloads', clientDeployment(ctx, ns), clusterTarget(ctx.config, 'cluster2'), `curl client of ${meshes[mesh].name} in cluster 2`));
    }
    return list;
  },
};
