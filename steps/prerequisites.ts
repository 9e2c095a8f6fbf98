import type { ClusterKey } from '../src/config/types.js';
import { zoneRole } from '../src/config/model.js';
import type { CheckReport, StepRuntime } from '../src/model/types.js';
import { runPrerequisites, majorVersion } from '../src/cluster/prerequisites.js';
import type { StepDefinition } from './common.js';

/** Runs the detection checks and hands on what they found: zone names, system namespace, cluster fingerprints. */
async function checkPrerequisites({ tools, config }: StepRuntime): Promise<CheckReport> {
  const report = await runPrerequisites(tools, config);
  const zones: Record<ClusterKey, string> = {};
  const fingerprints: Array<{ context: string; fingerprint: string }> = [];
  for (const cluster of config.zones.map((z) => zoneRole(config, z.name))) {
    const found = report.zones[cluster];
    if (found?.zone) zones[cluster] = found.zone;
    if (found?.fingerprint) fingerprints.push({ context: found.context, fingerprint: found.fingerprint });
  }
  const gatewayZone = config.meshes[0]?.home ?? config.zones[0]!.name;
  const kumaMajor = majorVersion(report.zones[zoneRole(config, gatewayZone)]?.version);
  return {
    ok: report.ok,
    checks: report.checks,
    learned: {
      ...(report.systemNamespace ? { systemNamespace: report.systemNamespace } : {}),
      zones,
      fingerprints,
      ...(kumaMajor !== undefined ? { kumaMajor } : {}),
    },
  };
}

/** No manifests: checks the tools, the clusters and the control planes instead. */
export const prerequisites: StepDefinition = {
  id: 'prerequisites',
  probe: {
    activity: 'checking tools, clusters and control planes',
    instead: 'only checks tools, clusters and control planes',
    phase: 'prerequisites',
    kind: 'blocking',
    run: checkPrerequisites,
  },
  checkCommands: ({ config, tools }) => [
    ...config.zones.map((z, i) =>
      i === 0
        ? tools.commandLine('kubectl', z.context, ['get', 'deployments', '-A', '-l', 'app.kubernetes.io/name'])
        : tools.commandLine('kubectl', z.context, ['get', 'crd', 'meshgatewayinstances.kuma.io']),
    ),
    tools.commandLine('kumactl', undefined, ['version']),
  ],
  text: (config) => ({
    title: 'Prerequisites',
    explanation: {
      summary: `Check the tools, the ${zoneCount(config.zones.length)} (context${config.zones.length === 1 ? '' : 's'} ${andList(config.zones.map((z) => z.context))}) and the global control plane before changing anything.`,
      concept:
        'crossmesh drives kubectl for the zone clusters and kumactl (or kubectl) for the global control plane. ' +
        'It looks for the Kuma or Kong Mesh control plane on each zone to learn the product, its version, the zone name and the system namespace.',
      why:
        'Every later step depends on these answers: policies go to the system namespace, routes pin the zone name, ' +
        'and the built-in gateway exists only up to the 2.x releases (Kuma 3.0 removes it).',
    },
    fixes: [
      {
        id: 'kuma-3-gateway',
        title: 'The built-in gateway needs Kuma 2.x',
        guide: 'Assumes the MeshGateway resources are always available.',
        crossmesh:
          'Checks that the gateway CRDs exist on the zone; on Kuma 3.0 and later it stops here and points you to a delegated gateway such as Kong Gateway instead of failing halfway.',
      },
    ],
  }),
  manifests: () => [],
};

function zoneCount(n: number): string {
  return n === 1 ? 'zone cluster' : `${n === 2 ? 'two' : n} zone clusters`;
}

function andList(items: string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
