import type { KubeObject, PlanContext, Manifest, CheckResult, LiveObject } from '../src/model/types.js';
import { at, num } from '../src/adapter/json.js';
import { describeObject } from '../src/cluster/read.js';
import type { CrossmeshConfig, MeshConfig, ZoneConfig, ZoneKey } from '../src/config/types.js';
import type { StepText } from './common.js';
import { guidePartsOf, isGuideShape, isLinkTarget } from '../src/config/model.js';
import { clusterTarget, clusterLabel, manifest, MANAGED_BY, zoneEchoRoute, type StepDefinition } from './common.js';

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

function echoPair(ctx: PlanContext, zone: ZoneKey, namespace: string, why: string): Manifest[] {
  const target = clusterTarget(ctx.config, zone);
  return [
    manifest('workloads', echoService(ctx, namespace), target, `echo Service in ${namespace}: ${why}`),
    manifest('workloads', echoDeployment(ctx, namespace), target, `echo pods in ${namespace}`),
  ];
}

export const workloads: StepDefinition = {
  id: 'workloads',
  text: (config) => (isGuideShape(config) ? guideText(config) : modelText(config)),
  afterApply: (_rt, live) => Promise.resolve(podsNotReady(live)),
  manifests: (ctx) => {
    const { config } = ctx;
    const list: Manifest[] = [];
    for (const zone of config.zones)
      for (const mesh of config.meshes.filter((m) => m.echo.includes(zone.name)))
        list.push(...echoPair(ctx, zone.name, mesh.namespaces[zone.name]!, echoPurpose(config, mesh, zone)));
    for (const zone of config.zones)
      for (const mesh of config.meshes.filter((m) => m.clients.includes(zone.name)))
        list.push(
          manifest(
            'workloads',
            clientDeployment(ctx, mesh.namespaces[zone.name]!),
            clusterTarget(config, zone.name),
            `curl client of ${mesh.name} in ${clusterLabel(config, zone.name)}`,
          ),
        );
    return list;
  },
};

function echoPurpose(config: CrossmeshConfig, mesh: MeshConfig, zone: ZoneConfig): string {
  if (!isLinkTarget(config, mesh.key)) return `echo of ${mesh.name}, which no link calls yet`;
  if (zone.name === mesh.home) return `target of ${mesh.gateway.name}, the gateway of ${mesh.name}`;
  return `target of the ${zoneEchoRoute(config, mesh, zone.name).path} route of ${mesh.gateway.name}`;
}

/** The guide's two meshes over two clusters, in the guide's terms. */
function guideText(config: CrossmeshConfig): StepText {
  const { m1, m2, z1, z2 } = guidePartsOf(config);
  const c1 = clusterLabel(config, z1.name);
  const c2 = clusterLabel(config, z2.name);
  const zone2 = zoneEchoRoute(config, m1, z2.name);
  return {
    title: 'Workloads',
    explanation: {
      summary: `Deploy echo behind each gateway in ${c1} and a curl client in ${m1.namespaces[z2.name]} and ${m2.namespaces[z2.name]} in ${c2}.`,
      concept:
        'echo answers HTTP requests with details of the pod that served them, which makes it easy to see where a request landed. ' +
        'The client is a small pod with curl that stays up so requests can be sent from inside the mesh.',
      why: `The gateways in ${c1} need something to route to, and ${c2} needs callers to prove that ${m1.name} and ${m2.name} can reach each other.`,
    },
    fixes: [
      {
        id: 'echo-everywhere',
        title: 'echo where the routes expect it',
        guide: `Deploys echo only in the namespace of ${m1.name} in cluster 1 (${m1.namespaces[z1.name]} here), yet routes ${m2.gateway.name}, the gateway of ${m2.name}, to echo in ${m2.name}, and ${zone2.path} to echo in ${z2.zone}.`,
        crossmesh: `Deploys echo in ${m1.namespaces[z1.name]} and ${m2.namespaces[z1.name]}, and in ${m1.namespaces[z2.name]} unless echo.inZone2 is false (then the ${zone2.path} route is left out).`,
      },
      {
        id: 'clients',
        title: 'Clients that exist',
        guide: 'Talks about client workloads in cluster 2 but never deploys them.',
        crossmesh: `Deploys a curl client in ${m1.namespaces[z2.name]} and ${m2.namespaces[z2.name]}; the connectivity check calls through them.`,
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
}

function modelText(config: CrossmeshConfig): StepText {
  const echoes = config.meshes.map((m) => `${m.name} in ${m.echo.join(', ')}`).join('; ');
  const clients = config.meshes.map((m) => `${m.name} in ${m.clients.join(', ')}`).join('; ');
  return {
    title: 'Workloads',
    explanation: {
      summary: `Deploy echo where each mesh's gateway routes (${echoes}) and a curl client where each mesh calls from (${clients}).`,
      concept:
        'echo answers HTTP requests with details of the pod that served them, which makes it easy to see where a request landed. ' +
        'The client is a small pod with curl that stays up so requests can be sent from inside the mesh.',
      why: 'Every gateway needs an echo to route to, and every link needs a client on the calling side to show that the call gets through.',
    },
    fixes: [
      {
        id: 'clients',
        title: 'Clients that exist',
        guide: 'Talks about client workloads but never deploys them.',
        crossmesh: 'Deploys a curl client in each zone a mesh calls from; the connectivity check calls through them.',
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
}

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
