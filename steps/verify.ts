import type { Tools, ToolResult } from '../src/adapter/tools.js';
import { at, listItems, parseJson, records, str } from '../src/adapter/json.js';
import type { CrossmeshConfig, LinkConfig, ZoneKey } from '../src/config/types.js';
import { guidePartsOf, homeNamespace, isGuideShape, isLinkTarget, meshOf, unlinkedPairs, zoneOf } from '../src/config/model.js';
import type { CheckResult } from '../src/model/types.js';
import { hintFor } from '../src/adapter/hints.js';
import { externalServiceHost, echoRouteName, clusterLabel, type StepDefinition, type StepText } from './common.js';
import { permissionName } from './permissions.js';

/** The URL a client of `link.from` calls to reach echo in `link.to`. */
export function crossMeshUrl(config: CrossmeshConfig, link: LinkConfig): string {
  return `http://${externalServiceHost(config, link)}:${meshOf(config, link.to).gateway.port}/echo`;
}

/** One request the check sends: from a client of `link.from` in `zone`; `expect` says whether it should get through. */
export interface Call {
  link: LinkConfig;
  zone: ZoneKey;
  expect: 'answer' | 'refusal';
  url: string;
}

/**
 * Every linked pair from every zone its caller runs clients in, then every unlinked pair whose target
 * has a gateway (the isolation the meshes are for): a call there must not get an answer.
 */
export function connectivityCalls(config: CrossmeshConfig): Call[] {
  const calls = (link: LinkConfig, expect: Call['expect'], url: string) =>
    meshOf(config, link.from).clients.map((zone) => ({ link, zone, expect, url }));
  return [
    ...config.links.flatMap((l) => calls(l, 'answer', crossMeshUrl(config, l))),
    // an unlinked caller tries the name another mesh uses for the same gateway: it must not resolve in the caller's mesh
    ...unlinkedPairs(config).flatMap((pair) => {
      const via = config.links.find((l) => l.to === pair.to);
      return via ? calls(pair, 'refusal', crossMeshUrl(config, via)) : [];
    }),
  ];
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

/** Calls echo in the linked meshes from each client, and checks that unlinked ones stay out of reach. Never waits for pods that are not running. */
export async function runConnectivityCheck(tools: Tools, config: CrossmeshConfig): Promise<CheckResult[]> {
  return Promise.all(connectivityCalls(config).map((call) => runCall(tools, config, call)));
}

async function runCall(tools: Tools, config: CrossmeshConfig, call: Call): Promise<CheckResult> {
  const { context } = zoneOf(config, call.zone);
  const caller = meshOf(config, call.link.from);
  const gw = meshOf(config, call.link.to);
  const ns = caller.namespaces[call.zone]!;
  const { url } = call;
  const label =
    call.expect === 'answer'
      ? `${caller.name} -> ${gw.name}: ${url} from ${ns}`
      : `${caller.name} -/-> ${gw.name} (no link): ${url} from ${ns} must not answer`;
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
  const answered = r.exitCode === 0 && code.startsWith('2');
  if (call.expect === 'refusal')
    return answered
      ? {
          status: 'fail',
          label,
          detail: `HTTP ${code}: ${caller.name} reached ${gw.name} without a link`,
          hint: `Look for a MeshExternalService of ${caller.name} in ${context} that leads to ${gw.gateway.name}, left by hand or by an earlier setup.`,
        }
      : { status: 'ok', label, detail: r.stderr.trim() || `HTTP ${code || 'no answer'}` };
  if (answered) return { status: 'ok', label, detail: `HTTP ${code}` };
  return {
    status: 'fail',
    label,
    detail: r.stderr.trim() || `HTTP ${code || 'no answer'}`,
    hint:
      code === '403'
        ? `The call was refused behind ${gw.gateway.name}: check the MeshTrafficPermission ${permissionName(gw)} of ${gw.name}, which the proxy of echo in ${homeNamespace(gw)} enforces.`
        : code === '404'
          ? `${gw.gateway.name} has no route for /echo: check the MeshHTTPRoute ${echoRouteName(gw)} and its backend labels.`
          : `Check that the gateway address in the MeshExternalService of ${caller.name} is reachable from context ${context} and that echo is running in ${homeNamespace(gw)}.`,
  };
}

/** No manifests: calls across the meshes from the clients instead. */
export const verify: StepDefinition = {
  id: 'verify',
  checkCommands: ({ config, tools }) =>
    connectivityCalls(config).map((call) =>
      tools.commandLine('kubectl', zoneOf(config, call.zone).context, [
        'exec',
        '-n',
        meshOf(config, call.link.from).namespaces[call.zone]!,
        'deploy/client',
        '--',
        'curl',
        '-sS',
        call.url,
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
  text: (config) => (isGuideShape(config) ? guideText(config) : modelText(config)),
  manifests: () => [],
};

/** The guide's two meshes over two clusters, in the guide's terms. */
function guideText(config: CrossmeshConfig): StepText {
  const { m1, m2, z1, z2, toFirst, toSecond } = guidePartsOf(config);
  return {
    title: 'Connectivity check',
    explanation: {
      summary: `From each client in ${clusterLabel(config, z2.name)}, call echo in the other mesh by its external service name.`,
      concept:
        `The client of ${m2.name} in ${m2.namespaces[z2.name]} calls ${externalServiceHost(config, toFirst)}: the request crosses from ${z2.zone} to ${m1.gateway.name} in ${z1.zone} and is answered by echo in ${m1.name}. ` +
        `The client of ${m1.name} in ${m1.namespaces[z2.name]} does the same the other way, through ${externalServiceHost(config, toSecond)} and ${m2.gateway.name}.`,
      why: 'API servers that accept the objects do not show that requests get through. Only a real request across both meshes does.',
    },
    fixes: [],
  };
}

function modelText(config: CrossmeshConfig): StepText {
  const isolated = unlinkedPairs(config).filter((l) => isLinkTarget(config, l.to));
  return {
    title: 'Connectivity check',
    explanation: {
      summary:
        `Call echo through every link from each client of the calling mesh` +
        (isolated.length
          ? `, and check that ${isolated.length === 1 ? 'the pair without a link gets' : `the ${isolated.length} pairs without a link get`} no answer.`
          : '.'),
      concept:
        "Each call goes from a client pod, through its proxy and the external service named after the called mesh, to that mesh's gateway and on to its echo. " +
        'A mesh with no link to another has no such name, so its clients cannot reach the other mesh at all.',
      why: 'API servers that accept the objects do not show that requests get through, nor that the meshes without a link stay apart. Only real requests do.',
    },
    fixes: [],
  };
}
