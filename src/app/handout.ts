/**
 * Handouts for learners: one Markdown page per step with the explanation already written in steps/*.ts,
 * the places where crossmesh departs from the guide, every manifest with where it goes and the exact
 * command, what to look at afterwards, and a question to think about. Plus an index with the picture.
 */
import { buildPlan, manifestYaml, planContext, describeTarget, applyArgs, type PlannedStep } from '../model/plan.js';
import type { CrossmeshConfig, MeshConfig, MeshKey } from '../config/types.js';
import { guidePartsOf, homeNamespace, isGuideShape, linkLabel, meshOf } from '../config/model.js';
import { gatewayStepId, linkStepId } from '../../steps/connections.js';
import type { Tools } from '../adapter/tools.js';
import type { StepId } from '../model/types.js';
import { kindOf, nameOf } from '../model/types.js';
import { checkCommands, explanationMarkdown } from './export.js';
import { diagramText } from '../render/topology.js';
import { stepsFor } from '../../steps/index.js';
import { permissionName } from '../../steps/permissions.js';

export const HANDOUT_DIR = 'handout';

const pad = (n: number) => String(n).padStart(2, '0');
export const handoutFileName = (index: number, step: StepId) => `${pad(index + 1)}-${step}.md`;

/** One question per step for the learner to answer from what they see, not from the text above it. */
function exercise(config: CrossmeshConfig, step: StepId): string {
  return (isGuideShape(config) ? guideExercise(config, step) : undefined) ?? modelExercise(config, step);
}

/** The guide's two meshes over two clusters: questions about its own names. */
function guideExercise(config: CrossmeshConfig, step: StepId): string | undefined {
  const { m1, m2, z1, z2 } = guidePartsOf(config);
  switch (step) {
    case 'prerequisites':
      return `Write down the zone name of each cluster (${z1.context} and ${z2.context}) as the control plane reports it. In which later step does that name end up inside a manifest, and what would go wrong if it were mistyped there?`;
    case 'namespaces':
      return `Suppose you removed only the sidecar-injection label from ${m1.namespaces[z1.name]}. Which pods would still get a proxy, which would not, and would the namespace still belong to ${m1.name}?`;
    case 'mtls':
      return `Both meshes now run in both clusters, so why can't the client in ${m2.namespaces[z2.name]} simply open an mTLS connection to echo in ${m1.namespaces[z1.name]}? Answer in two sentences, naming what each side would refuse to trust.`;
    case 'permissions':
      return `Imagine the permission ${permissionName(m1)} is missing in ${z1.context}. A request arrives from ${m1.gateway.name}, the gateway of ${m1.name}: which proxy turns it away, and which step of this walk-through would be the first to show the problem?`;
    case 'workloads':
      return `Count the containers that are ready in the echo pod of ${m1.namespaces[z1.name]} and compare with the Deployment's manifest. Where does the difference come from, and which earlier step made it happen?`;
    case 'gateway':
      return gatewayExercise(m1);
    case 'external-service':
      return `Follow one request from the client in ${m2.namespaces[z2.name]} to echo in ${m1.namespaces[z1.name]}: how many legs does it travel, and for each leg, is it protected by the certificates of ${m1.name}, by those of ${m2.name}, or sent as plain HTTP?`;
    case 'reverse-matrix':
      return `Why can't the client of ${m1.name} reuse ${m1.gateway.name}? Sketch what a third mesh would need so that both of the existing meshes can call it.`;
    case 'verify':
      return `Read the reply echo sends back: which part of it names the pod and namespace that answered, and how does that prove the request left ${z2.zone} and was served in ${z1.zone}? What would you expect to see instead if one of the gateways had no pods?`;
  }
  return undefined;
}

function gatewayExercise(m: MeshConfig): string {
  if (m.gateway.kind === 'kong')
    return `Kong Operator runs the proxy of ${m.gateway.name}; which object tells it how the proxy pods and their Service look, and which mark on the pods makes Kuma treat them as a delegated gateway? What would change about that mark after an upgrade to Kuma 3.0?`;
  return `The MeshGateway finds its pods by a tag, not by name. Which parts of the MeshGatewayInstance make up that tag? If you renamed the namespace ${homeNamespace(m)}, which objects would you have to change so the listener still finds its pods?`;
}

/** Any number of meshes and zones: questions about the configured model. */
function modelExercise(config: CrossmeshConfig, step: StepId): string {
  const first = config.meshes[0]!;
  const gateway = config.meshes.find((m) => step === gatewayStepId(m.key));
  if (gateway) return gatewayExercise(gateway);
  const link = config.links.find((l) => step === linkStepId(l));
  if (link) {
    const from = meshOf(config, link.from);
    const to = meshOf(config, link.to);
    return `Follow one request from a client of ${from.name} to echo in ${to.name}: how many legs does it travel, and for each leg, is it protected by the certificates of ${to.name}, by those of ${from.name}, or sent as plain HTTP? What would tearing down only this link leave in place?`;
  }
  switch (step) {
    case 'prerequisites':
      return `Write down the zone name of each cluster (${config.zones.map((z) => z.context).join(', ')}) as the control plane reports it. In which later step does that name end up inside a manifest?`;
    case 'namespaces':
      return `Which namespaces belong to ${first.name}, and in which zones? What would a pod started in one of them without the sidecar-injection label be missing?`;
    case 'mtls':
      return `Each mesh has its own root CA. Pick two meshes without a link between them: what stops a client of one from opening an mTLS connection to echo in the other?`;
    case 'permissions':
      return `Where does the permission ${permissionName(first)} exist, and why there and not in every zone?`;
    case 'workloads':
      return `Which zones run a client of ${first.name}, and which run its echo? How does that follow from its links?`;
    default:
      return `Pick one pair of meshes with a link and one without: which objects of the plan make the difference between them?`;
  }
}

function stepPage(config: CrossmeshConfig, tools: Tools, plan: PlannedStep[], index: number): string {
  const p = plan[index]!;
  const lines = explanationMarkdown(p, index, plan.length, `_${p.step.explanation.summary}_`);

  if (p.step.fixes.length) {
    lines.push('## Where crossmesh differs from the guide', '');
    for (const f of p.step.fixes)
      lines.push(`### ${f.title}`, '', `- **What the guide says:** ${f.guide}`, `- **What crossmesh does:** ${f.crossmesh}`, '');
  }

  lines.push('## Manifests', '');
  if (!p.manifests.length) {
    lines.push('This step applies nothing. The commands under "What to check" let you do by hand what crossmesh does here.', '');
  }
  p.manifests.forEach((m, i) => {
    const command = tools.commandForTarget(m.target, applyArgs());
    lines.push(
      `### ${i + 1}. ${kindOf(m.object)} ${nameOf(m.object)}`,
      '',
      // the purpose may start with a name (a host, a namespace), whose case is never changed
      `**What it is for:** ${m.purpose}.`,
      '',
      `- **Goes to:** ${describeTarget(m.target)}`,
      '- **Command** (give it the YAML below on standard input):',
      '',
      '```sh',
      command,
      '```',
      '',
    );
    if (m.target.tool === 'kumactl') {
      lines.push(
        `kumactl has no flag that picks a control plane: check that it points at \`${m.target.context}\` first (\`kumactl config control-planes switch --name ${m.target.context}\`).`,
        '',
      );
    }
    if (m.needs) {
      const gw = meshOf(config, m.needs.mesh);
      lines.push(
        `\`${m.needs.placeholder}\` is a stand-in: before you apply, replace it with ${m.needs.source.from === 'gateway' ? 'the address in the status of the Gateway' : 'an address of the Service of'} ${gw.gateway.name} (in ${m.needs.source.namespace}, context ${m.needs.source.context}), the gateway of ${gw.name}, that context ${m.target.context} can reach.`,
        '',
      );
    }
    lines.push('```yaml', manifestYaml(m).trimEnd(), '```', '');
  });

  lines.push('## What to check', '', '```sh', ...checkCommands(config, tools, p), '```', '');
  lines.push('## Exercise', '', exercise(config, p.step.id), '');

  const nav: string[] = [];
  if (index > 0) nav.push(`Previous: [${plan[index - 1]!.step.title}](${handoutFileName(index - 1, plan[index - 1]!.step.id)})`);
  nav.push('[All steps](README.md)');
  if (index < plan.length - 1) nav.push(`Next: [${plan[index + 1]!.step.title}](${handoutFileName(index + 1, plan[index + 1]!.step.id)})`);
  lines.push('---', '', nav.join(' | '), '');
  return lines.join('\n');
}

function index(config: CrossmeshConfig, plan: PlannedStep[], systemNamespace: string, ascii: boolean): string {
  const zones = config.zones.map((z) => `${z.context} (zone ${z.zone})`);
  const meshes = config.meshes.map((m) => m.name);
  return [
    '# crossmesh handout',
    '',
    isGuideShape(config)
      ? `Connecting two meshes, ${meshes.join(' and ')}, across two clusters: ${zones.join(' and ')}.`
      : `Connecting ${meshes.length} meshes, ${meshes.join(', ')}, across ${zones.length} clusters: ${zones.join(', ')}; links: ${config.links.map((l) => linkLabel(config, l)).join(', ') || 'none'}.`,
    '',
    '## The picture',
    '',
    'Each mark shows the step that creates the part; on paper everything is still planned.',
    '',
    '```text',
    diagramText(config, 80, ascii).trimEnd(),
    '```',
    '',
    `Policies and external services go to the system namespace \`${systemNamespace}\`; if your control plane runs in another one, set systemNamespace in crossmesh.yaml and write the handout again.`,
    '',
    '## Steps',
    '',
    ...plan.map((p, i) => `${i + 1}. [${p.step.title}](${handoutFileName(i, p.step.id)}): ${p.step.explanation.summary}`),
    '',
  ].join('\n');
}

export interface HandoutOptions {
  /** known gateway addresses, used instead of placeholders */
  gatewayAddresses?: Partial<Record<MeshKey, string>>;
  /** draw the picture with ASCII characters only */
  ascii?: boolean;
}

/** The handout files, by path relative to the output folder: handout/README.md and handout/NN-<step>.md. */
export function handoutFiles(config: CrossmeshConfig, tools: Tools, options: HandoutOptions = {}): Map<string, string> {
  const ctx = planContext(config, { gatewayAddresses: options.gatewayAddresses ?? {} });
  const plan = buildPlan(ctx, stepsFor(config));
  const files = new Map<string, string>();
  files.set(`${HANDOUT_DIR}/README.md`, index(config, plan, ctx.facts.systemNamespace, options.ascii ?? false));
  plan.forEach((p, i) => files.set(`${HANDOUT_DIR}/${handoutFileName(i, p.step.id)}`, stepPage(config, tools, plan, i)));
  return files;
}
