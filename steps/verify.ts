import type { Tools, ToolResult } from '../src/adapter/tools.js';
import { at, listItems, parseJson, records, str } from '../src/adapter/json.js';
import type { CrossmeshConfig, MeshKey } from '../src/config/types.js';
import { otherMesh } from '../src/config/types.js';
import type { CheckResult } from '../src/model/types.js';
import { hintFor } from '../src/adapter/hints.js';
import { externalServiceHost, echoRouteName, clusterLabel, type StepDefinition } from './common.js';
import { permissionName } from './permissions.js';

/** The URL a client of `clientMesh` calls to reach echo in the other mesh. */
export function crossMeshUrl(config: CrossmeshConfig, clientMesh: MeshKey): string {
  const target = otherMesh(clientMesh);
  return `http://${externalServiceHost(config, target)}:${config.meshes[target].gateway.port}/echo`;
}

async function runningClientPod(
  tools: Tools,
  context: string,
  namespace: string,
): Promise<{ pod?: string; summary: string; error?: string; result?: ToolResult }> {
  const r = await tools.kubectl(context, ['get', 'pods', '-n', namespace, '-l', 'app=client', '-o', 'json', '--request-timeout=10s'], {
    timeoutMs: 15_000,
  });
  if (r.exitCode !== 0) return { summary: '', error: r.stderr.trim(), result: r };
  const parsed = parseJson(r.stdout, 'the list of client pods');
  if (!parsed.ok) return { summary: '', error: parsed.error };
  const pods = listItems(parsed.value);
  const ready = pods.find((p) => {
    const statuses = records(at(p, 'status', 'containerStatuses'));
    return at(p, 'status', 'phase') === 'Running' && statuses.length > 0 && statuses.every((c) => c.ready === true);
  });
  const summary =
    pods.length === 0
      ? 'no client pod exists yet'
      : `${pods.length} client pod${pods.length === 1 ? '' : 's'}, ${ready ? 'one' : 'none'} running and ready`;
  const pod = str(at(ready, 'metadata', 'name'));
  return pod ? { pod, summary } : { summary };
}

/** Calls the other mesh's echo from each cluster-2 client. Never waits for pods that are not running. */
export async function runConnectivityCheck(tools: Tools, config: CrossmeshConfig): Promise<CheckResult[]> {
  const context = config.clusters.cluster2.context;
  const results = await Promise.all(
    (['mesh2', 'mesh1'] as const).map(async (clientMesh): Promise<CheckResult> => {
      const ns = config.meshes[clientMesh].cluster2Namespace;
      const url = crossMeshUrl(config, clientMesh);
      const target = otherMesh(clientMesh);
      const gw = config.meshes[target];
      const label = `${config.meshes[clientMesh].name} -> ${gw.name}: ${url} from ${ns}`;
      const found = await runningClientPod(tools, context, ns);
      if (found.error !== undefined)
        return { status: 'fail', label, detail: found.error, hint: found.result ? hintFor(found.result, context) : '' };
      if (!found.pod)
        return {
          status: 'fail',
          label,
          detail: `the client pod is not running (${found.summary}), so no request was sent`,
          hint: `Look at "kubectl --context ${context} -n ${ns} get pods": the pod may still be starting, its image may not pull, or no node can run it.`,
        };
      const r = await tools.kubectl(
        context,
        ['exec', '-n', ns, found.pod, '-c', 'client', '--', 'curl', '-sS', '-m', '8', '-o', '/dev/null', '-w', '%{http_code}', url],
        { timeoutMs: 20_000 },
      );
      const code = r.stdout.trim();
      if (r.exitCode === 0 && code.startsWith('2')) return { status: 'ok', label, detail: `HTTP ${code}` };
      return {
        status: 'fail',
        label,
        detail: r.stderr.trim() || `HTTP ${code || 'no answer'}`,
        hint:
          code === '403'
            ? `The call was refused behind ${gw.gateway.name}: check the MeshTrafficPermission ${permissionName(config, target)} of ${gw.name}, which the proxy of echo in ${gw.cluster1Namespace} enforces.`
            : code === '404'
              ? `${gw.gateway.name} has no route for /echo: check the MeshHTTPRoute ${echoRouteName(config, target)} and its backend labels.`
              : `Check that the gateway address in the MeshExternalService of ${config.meshes[clientMesh].name} is reachable from context ${context} and that echo is running in ${gw.cluster1Namespace}.`,
      };
    }),
  );
  return results;
}

/** No manifests: calls across the meshes from the clients instead. */
export const verify: StepDefinition = {
  id: 'verify',
  checkCommands: ({ config, tools }) =>
    (['mesh2', 'mesh1'] as const).map((mesh) =>
      tools.commandLine('kubectl', config.clusters.cluster2.context, [
        'exec',
        '-n',
        config.meshes[mesh].cluster2Namespace,
        'deploy/client',
        '--',
        'curl',
        '-sS',
        crossMeshUrl(config, mesh),
      ]),
    ),
  probe: {
    activity: 'calling across the meshes from the cluster-2 clients',
    instead: 'sends real requests across the meshes',
    phase: 'check',
    kind: 'final',
    run: async ({ tools, config }) => {
      const checks = await runConnectivityCheck(tools, config);
      return { ok: checks.every((c) => c.status !== 'fail'), checks };
    },
  },
  text: (config) => {
    const [m1, m2] = [config.meshes.mesh1, config.meshes.mesh2];
    return {
      title: 'Connectivity check',
      explanation: {
        summary: `From each client in ${clusterLabel(config, 'cluster2')}, call echo in the other mesh by its external service name.`,
        concept:
          `The client of ${m2.name} in ${m2.cluster2Namespace} calls ${externalServiceHost(config, 'mesh1')}: the request crosses from ${config.clusters.cluster2.zone} to ${m1.gateway.name} in ${config.clusters.cluster1.zone} and is answered by echo in ${m1.name}. ` +
          `The client of ${m1.name} in ${m1.cluster2Namespace} does the same the other way, through ${externalServiceHost(config, 'mesh2')} and ${m2.gateway.name}.`,
        why: 'API servers that accept the objects do not show that requests get through. Only a real request across both meshes does.',
      },
      fixes: [],
    };
  },
  manifests: () => [],
};
