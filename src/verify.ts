import type { Tools } from './adapter/tools.js';
import type { CrossmeshConfig, MeshKey } from './config/types.js';
import { otherMesh } from './config/types.js';
import type { CheckResult } from './engine/types.js';
import { hintFor } from './engine/hints.js';
import { externalServiceHost, echoRouteName } from '../steps/common.js';
import { permissionName } from '../steps/permissions.js';

type Json = Record<string, unknown>;


/** The URL a client of `clientMesh` calls to reach echo in the other mesh. */
export function crossMeshUrl(config: CrossmeshConfig, clientMesh: MeshKey): string {
  const target = otherMesh(clientMesh);
  return `http://${externalServiceHost(config, target)}:${config.meshes[target].gateway.port}/echo`;
}

async function runningClientPod(tools: Tools, context: string, namespace: string): Promise<{ pod?: string; summary: string; error?: string; result?: Awaited<ReturnType<Tools['kubectl']>> }> {
  const r = await tools.kubectl(context, ['get', 'pods', '-n', namespace, '-l', 'app=client', '-o', 'json', '--request-timeout=10s'], { timeoutMs: 15_000 });
  if (r.exitCode !== 0) return { summary: '', error: r.stderr.trim(), result: r };
  const pods = ((JSON.parse(r.stdout || '{}') as Json).items ?? []) as Json[];
  const ready = pods.find((p) => {
    const status = (p.status ?? {}) as Json;
    const cs = (status.containerStatuses ?? []) as Array<{ ready?: boolean }>;
    return status.phase === 'Running' && cs.length > 0 && cs.every((c) => c.ready);
  });
  const summary = pods.length === 0 ? 'no client pod exists yet' : `${pods.length} client pod${pods.length === 1 ? '' : 's'}, ${ready ? 'one' : 'none'} running and ready`;
  return ready ? { pod: String((ready.metadata as Json).name), summary } : { summary };
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
      if (found.error !== undefined) return { status: 'fail', label, detail: found.error, hint: found.result ? hintFor(found.result, context) : '' };
      if (!found.pod)
        return {
          status: 'fail',
          label,
          detail: `the client pod is not running (${found.summary}), so no request was sent`,
          hint: `Look at "kubectl --context ${context} -n ${ns} get pods": the pod may still be starting, its image may not pull, or no node can run it.`,
        };
      const r = await tools.kubectl(context, ['exec', '-n', ns, found.pod, '-c', 'client', '--', 'curl', '-sS', '-m', '8', '-o', '/dev/null', '-w', '%{http_code}', url], { timeoutMs: 20_000 });
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
