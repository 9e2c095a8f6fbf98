import { describe, it, expect } from 'vitest';
import { handoutFiles } from '../../src/app/handout.js';
import { checkCommands } from '../../src/app/export.js';
import { Tools } from '../../src/adapter/tools.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { manifestYaml, describeTarget } from '../../src/model/plan.js';
import { STEPS } from '../../steps/index.js';
import { diagramText } from '../../src/render/topology.js';
import { otherNamesConfig, defaultNamesIn } from './default-names.js';
import { planFor } from '../../steps/index.js';

const tools = new Tools({});
const config = defaultConfig();
const files = handoutFiles(config, tools);
const plan = planFor(config);
const page = (i: number) => files.get(`handout/${String(i + 1).padStart(2, '0')}-${STEPS[i]!.id}.md`)!;

describe('handoutFiles', () => {
  it('writes an index and one page per step, in the order of the steps', () => {
    expect([...files.keys()]).toEqual([
      'handout/README.md',
      ...STEPS.map((s, i) => `handout/${String(i + 1).padStart(2, '0')}-${s.id}.md`),
    ]);
    expect(STEPS).toHaveLength(9);
  });

  it('puts the explanation, the guide fixes and an exercise on every page', () => {
    STEPS.forEach((step, i) => {
      const text = page(i);
      expect(text).toContain(`# Step ${i + 1} of 9: ${step.title}`);
      expect(text).toContain(step.explanation.summary);
      expect(text).toContain(step.explanation.concept);
      expect(text).toContain(step.explanation.why);
      for (const f of step.fixes) {
        expect(text).toContain(f.title);
        expect(text).toContain(f.guide);
        expect(text).toContain(f.crossmesh);
      }
      const exercise = text.split('## Exercise')[1];
      expect(exercise, step.id).toMatch(/\?/);
    });
  });

  it('gives every manifest as YAML with where it goes and the exact command', () => {
    plan.forEach((p, i) => {
      const text = page(i);
      for (const m of p.manifests) {
        expect(text).toContain(`\`\`\`yaml\n${manifestYaml(m).trimEnd()}\n\`\`\``);
        expect(text).toContain(describeTarget(m.target));
      }
    });
    const gateway = page(STEPS.findIndex((s) => s.id === 'gateway'));
    expect(gateway).toContain('kind: MeshGateway');
    expect(gateway).toContain('kind: MeshGatewayInstance');
    expect(gateway).toContain('kind: MeshHTTPRoute');
    expect(gateway).toContain('```sh\nkubectl --context c1 apply -f -\n```');
    const mtls = page(STEPS.findIndex((s) => s.id === 'mtls'));
    expect(mtls).toContain('type: Mesh');
    expect(mtls).toContain('```sh\nkumactl apply -f -\n```');
    expect(mtls).toContain('kumactl config control-planes switch --name global');
    const es = page(STEPS.findIndex((s) => s.id === 'external-service'));
    expect(es).toContain('kind: MeshExternalService');
    expect(es).toContain('kubectl --context c2 apply -f -');
    expect(es).toContain('`mesh1-gateway-address.invalid` is a stand-in');
  });

  it('lists the check commands of every step', () => {
    plan.forEach((p, i) => {
      const checks = page(i).split('## What to check')[1]!;
      for (const c of checkCommands(config, tools, p)) expect(checks).toContain(c);
    });
    expect(page(STEPS.findIndex((s) => s.id === 'verify'))).toContain('curl');
    expect(page(0)).toContain('kumactl version');
  });

  it('uses known gateway addresses instead of the stand-in', () => {
    const withAddress = handoutFiles(config, tools, { gatewayAddresses: { mesh1: '203.0.113.10' } });
    const es = withAddress.get('handout/07-external-service.md')!;
    expect(es).toContain('address: 203.0.113.10');
    expect(es).not.toContain('mesh1-gateway-address.invalid');
  });

  it('shows the kubeconfig in every kubectl command when one is given', () => {
    const custom = handoutFiles(config, new Tools({ kubeconfig: '/tmp/kc' }));
    expect(custom.get('handout/02-namespaces.md')).toContain('kubectl --kubeconfig /tmp/kc --context c1 apply -f -');
  });

  it('indexes every step and carries the topology picture', () => {
    const index = files.get('handout/README.md')!;
    STEPS.forEach((s, i) => expect(index).toContain(`${i + 1}. [${s.title}](${String(i + 1).padStart(2, '0')}-${s.id}.md)`));
    expect(index).toContain(diagramText(config, 80, false).trimEnd());
    expect(index).toContain('cross-mesh-gateway');
    expect(index).toContain('echo-mesh-1-http');
    expect(handoutFiles(config, tools, { ascii: true }).get('handout/README.md')).not.toMatch(/[\u2500-\u257F]/);
  });

  it('links each page to its neighbours', () => {
    expect(page(0)).toContain('Next: [Namespaces](02-namespaces.md)');
    expect(page(0)).not.toContain('Previous:');
    expect(page(8)).toContain('Previous: [mesh1 -> mesh2](08-reverse-matrix.md)');
    expect(page(8)).not.toContain('Next:');
  });

  it('gives each purpose as written, never changing the case of a name at its start', () => {
    const es = page(STEPS.findIndex((s) => s.id === 'external-service'));
    const mes = plan.find((p) => p.step.id === 'external-service')!.manifests[0]!;
    expect(mes.purpose.startsWith('echo-mesh-1-http.extsvc.mesh.local')).toBe(true);
    expect(es).toContain(`${mes.purpose}.`);
    expect(es).not.toMatch(/Echo-mesh/);
  });

  it('with other names, titles, explanations, links and exercises use them', () => {
    const other = handoutFiles(otherNamesConfig(), tools);
    expect(other.get('handout/README.md')).toContain('7. [orders -> payments](07-external-service.md)');
    expect(other.get('handout/09-verify.md')).toContain('Previous: [payments -> orders](08-reverse-matrix.md)');
    expect(other.get('handout/07-external-service.md')).toContain(
      '_Give the workloads of orders a name for pay-door, the gateway of payments: echo-payments-http.extsvc.mesh.local._',
    );
    for (const [path, text] of other) expect(defaultNamesIn(text), path).toEqual([]);
  });
});
