import type { KubeObject, PlanContext, Manifest, CheckResult, LiveObject } from '../src/model/types.js';
import { at, num } from '../src/adapter/json.js';
import { describeObject } from '../src/cluster/read.js';
import type { ClusterKey } from '../src/config/types.js';
import { clusterTarget, clusterLabel, manifest, MANAGED_BY, zone2EchoRoute, type StepDefinition } from './common.js';

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

export const workloads: StepDefinition = {
  id: 'workloads',
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    const c1 = clusterLabel(config, 'cluster1');
    const c2 = clusterLabel(config, 'cluster2');
    const zone2 = zone2EchoRoute(config);
    return {
      title: 'Workloads',
      explanation: {
        summary: `Deploy echo behind each gateway in ${c1} and a curl client in ${m1.cluster2Namespace} and ${m2.cluster2Namespace} in ${c2}.`,
        concept:
          'echo answers HTTP requests with details of the pod that served them, which makes it easy to see where a request landed. ' +
          'The client is a small pod with curl that stays up so requests can be sent from inside the mesh.',
        why: `The gateways in ${c1} need something to route to, and ${c2} needs callers to prove that ${m1.name} and ${m2.name} can reach each other.`,
      },
      fixes: [
        {
          id: 'echo-everywhere',
          title: 'echo where the routes expect it',
          guide: `Deploys echo only in the namespace of ${m1.name} in cluster 1 (${m1.cluster1Namespace} here), yet routes ${m2.gateway.name}, the gateway of ${m2.name}, to echo in ${m2.name}, and ${zone2.path} to echo in ${config.clusters.cluster2.zone}.`,
          crossmesh: `Deploys echo in ${m1.cluster1Namespace} and ${m2.cluster1Namespace}, and in ${m1.cluster2Namespace} unless echo.inZone2 is false (then the ${zone2.path} route is left out).`,
        },
        {
          id: 'clients',
          title: 'Clients that exist',
          guide: 'Talks about client workloads in cluster 2 but never deploys them.',
          crossmesh: `Deploys a curl client in ${m1.cluster2Namespace} and ${m2.cluster2Namespace}; the connectivity check calls through them.`,
        },
        {
          id: 'echo-manifest',
          title: 'A pinned, embedded echo',
          guide: 'Applies a manifest fetched from a URL, with the image tag latest and an HTTP port that Kuma treats as plain TCP.',
          crossmesh:
            'Embeds the manifest, pins the image tag and marks the HTTP port with appProtocol: http so the generated MeshService port speaks HTTP.',
        },
      ],
    };
  },
  afterApply: (_rt, live) => Promise.resolve(podsNotReady(live)),
  manifests: (ctx) => {
    const { meshes } = ctx.config;
    const list = [
      ...echoPair(
        ctx,
        'cluster1',
        meshes.mesh1.cluster1Namespace,
        `target of ${meshes.mesh1.gateway.name}, the gateway of ${meshes.mesh1.name}`,
      ),
      ...echoPair(
        ctx,
        'cluster1',
        meshes.mesh2.cluster1Namespace,
        `target of ${meshes.mesh2.gateway.name}, the gateway of ${meshes.mesh2.name}`,
      ),
    ];
    if (ctx.config.echo.inZone2)
      list.push(
        ...echoPair(
          ctx,
          'cluster2',
          meshes.mesh1.cluster2Namespace,
          `target of the ${zone2EchoRoute(ctx.config).path} route of ${meshes.mesh1.gateway.name}`,
        ),
      );
    for (const mesh of ['mesh1', 'mesh2'] as const) {
      const ns = meshes[mesh].cluster2Namespace;
      list.push(
        manifest(
          'workloads',
          clientDeployment(ctx, ns),
          clusterTarget(ctx.config, 'cluster2'),
          `curl client of ${meshes[mesh].name} in ${clusterLabel(ctx.config, 'cluster2')}`,
        ),
      );
    }
    return list;
  },
};

/** Deployments whose pods are not ready yet: a warning, since the connectivity check needs the clients running. */
function podsNotReady(live: LiveObject[]): CheckResult[] {
  return live.flatMap((l): CheckResult[] => {
    if (l.manifest.object.kind !== 'Deployment' || !l.live) return [];
    const ready = num(at(l.live, 'status', 'readyReplicas')) ?? 0;
    if (ready) return [];
    const wanted = num(at(l.live, 'status', 'replicas')) ?? 1;
    return [
      {
        status: 'warn',
        label: `${describeObject(l.manifest)} pods not ready yet`,
        detail: `${ready} of ${wanted} ready`,
        hint: 'They start once the cluster has scheduled them and pulled the image; the verify step needs the clients running.',
      },
    ];
  });
}
