/**
 * Issue 9, finding 1: with names other than the guide's, everything a user reads (step titles,
 * explanations, fixes, purposes, check commands, plan output, export READMEs and apply.sh, handouts,
 * the topology drawing, the connectivity check) names the configured meshes, namespaces, gateways,
 * contexts and zones, never the guide's names or crossmesh's internal keys, and never changes their case.
 */
import { meshOf } from '../../src/config/model.js';
import { describe, it, expect } from 'vitest';
import { Tools } from '../../src/adapter/tools.js';
import type { RunRequest, RunResult } from '../../src/adapter/runner.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { buildPlan, planContext } from '../../src/model/plan.js';
import { renderPlan } from '../../src/app/plan.js';
import { exportFiles, checkCommands, gatewayAddressVariable } from '../../src/app/export.js';
import { handoutFiles } from '../../src/app/handout.js';
import { diagramText, renderTopology, fitTopology } from '../../src/render/topology.js';
import { runConnectivityCheck, crossMeshUrl } from '../../steps/verify.js';
import { STEPS, STEP_IDS, stepsFor, stepById } from '../../steps/index.js';
import type { Step } from '../../src/model/types.js';
import { defaultNamesIn, recasedNamesIn, otherNamesConfig, OTHER_NAMES } from './default-names.js';

const tools = new Tools({});
const config = otherNamesConfig();

function stepTexts(step: Step): string {
  const e = step.explanation;
  return [step.title, e.summary, e.concept, e.why, ...step.fixes.flatMap((f) => [f.title, f.guide, f.crossmesh])].join('\n');
}

function expectOnlyConfiguredNames(what: string, text: string) {
  expect(defaultNamesIn(text), what).toEqual([]);
  expect(recasedNamesIn(text, OTHER_NAMES), what).toEqual([]);
}

describe('step texts follow the configuration', () => {
  it('titles, explanations and fixes of every step name the configured things', () => {
    const steps = stepsFor(config);
    expect(steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    for (const step of steps) expectOnlyConfiguredNames(step.id, stepTexts(step));
    const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
    expect(byId.gateway!.title).toBe('Gateway for payments');
    expect(byId['external-service']!.title).toBe('orders -> payments');
    expect(byId['reverse-matrix']!.title).toBe('payments -> orders');
    expect(byId['external-service']!.explanation.summary).toContain('echo-payments-http.extsvc.mesh.local');
    expect(byId.verify!.explanation.concept).toContain('echo-payments-http.extsvc.mesh.local');
    expect(byId.verify!.explanation.concept).toContain('echo-orders-http.extsvc.mesh.local');
    expect(byId.permissions!.fixes.find((f) => f.id === 'permission-names')!.crossmesh).toContain(
      'allow-all-payments and allow-all-orders',
    );
  });

  it('stepById writes a step for the configuration it is given', () => {
    for (const id of STEP_IDS) expectOnlyConfiguredNames(id, stepTexts(stepById(id, config)!));
    expect(stepById('gateway')!.title).toBe('Gateway for mesh1');
  });

  it('with the default configuration the texts are the ones STEPS has, with the guide names', () => {
    const texts = (steps: readonly Step[]) => steps.map((s) => ({ id: s.id, title: s.title, explanation: s.explanation, fixes: s.fixes }));
    expect(texts(stepsFor(defaultConfig()))).toEqual(texts(STEPS));
    expect(STEPS.map((s) => s.title)).toEqual([
      'Prerequisites',
      'Namespaces',
      'Meshes with mTLS',
      'Traffic permissions',
      'Workloads',
      'Gateway for mesh1',
      'mesh2 -> mesh1',
      'mesh1 -> mesh2',
      'Connectivity check',
    ]);
  });

  it('every purpose and check command names the configured things', () => {
    for (const p of buildPlan(planContext(config), stepsFor(config))) {
      for (const m of p.manifests) expectOnlyConfiguredNames(m.id, m.purpose);
      expectOnlyConfiguredNames(`${p.step.id} checks`, checkCommands(config, tools, p).join('\n'));
    }
  });
});

describe('outputs follow the configuration', () => {
  it('plan, as YAML and as JSON', () => {
    expectOnlyConfiguredNames('plan yaml', renderPlan(config, tools, 'yaml'));
    expectOnlyConfiguredNames('plan json', renderPlan(config, tools, 'json'));
    expect(renderPlan(config, tools, 'yaml')).toContain('payments-gateway-address.invalid stands for the LoadBalancer address of payments');
  });

  it('export and handout: every file and every file name', () => {
    const files = exportFiles(config, tools);
    for (const [path, text] of handoutFiles(config, tools)) files.set(path, text);
    for (const [path, text] of files) expectOnlyConfiguredNames(path, `${path}\n${text}`);
  });

  it('apply.sh names its gateway variables after the meshes and says which mesh each is for', () => {
    const script = exportFiles(config, tools).get('apply.sh')!;
    expect(script).toMatch(/^# {3}GATEWAY_ADDRESS_PAYMENTS {2}the address of pay-door, the gateway of mesh payments$/m);
    expect(script).toMatch(/^# {3}GATEWAY_ADDRESS_ORDERS {4}the address of ord-door, the gateway of mesh orders$/m);
    expect(script).toContain('"${GATEWAY_ADDRESS_PAYMENTS:-}" GATEWAY_ADDRESS_PAYMENTS)');
    expect(script).toContain('PAYMENTS_GATEWAY=$(gateway_address kind-alpha pay-front pay-door');
    expect(script).toContain('"${manifest//payments-gateway-address.invalid/"$PAYMENTS_GATEWAY"}"');
  });

  it('gateway variables are shell-safe forms of the mesh names, and distinct', () => {
    const c = otherNamesConfig();
    meshOf(c, 'mesh1').name = 'my-pay-2';
    expect(gatewayAddressVariable(c, 'mesh1')).toBe('GATEWAY_ADDRESS_MY_PAY_2');
    expect(gatewayAddressVariable(defaultConfig(), 'mesh1')).toBe('GATEWAY_ADDRESS_MESH1');
    expect(gatewayAddressVariable(defaultConfig(), 'mesh2')).toBe('GATEWAY_ADDRESS_MESH2');
  });

  it('the topology drawing, in every form', () => {
    for (const width of [60, 80, 120]) {
      for (const ascii of [false, true]) {
        expectOnlyConfiguredNames(`diagram ${width}`, diagramText(config, width, ascii));
        expectOnlyConfiguredNames(`topology ${width}`, renderTopology(config, {}, { width, ascii, compact: true }).join('\n'));
        expectOnlyConfiguredNames(
          `map ${width}`,
          fitTopology(config, {}, { width, ascii, height: 20 })
            .map((l) => l.map((s) => s.text).join(''))
            .join('\n'),
        );
      }
    }
  });
});

describe('the connectivity check follows the configuration', () => {
  function fakeTools(curlCode: string) {
    const calls: RunRequest[] = [];
    const pod = { metadata: { name: 'client-1' }, status: { phase: 'Running', containerStatuses: [{ ready: true }] } };
    const ok: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };
    const runner = async (req: RunRequest): Promise<RunResult> => {
      calls.push(req);
      if (req.args.includes('pods')) return { ...ok, stdout: JSON.stringify({ items: [pod] }) };
      return { ...ok, stdout: curlCode };
    };
    return { tools: new Tools({ runner }), calls };
  }

  it('calls the configured host names from the configured namespaces and context', async () => {
    const { tools: t, calls } = fakeTools('200');
    const results = await runConnectivityCheck(t, config);
    expect(results.map((r) => r.label)).toEqual([
      `orders -> payments: ${crossMeshUrl(config, { from: 'mesh2', to: 'mesh1' })} from ord-callers`,
      `payments -> orders: ${crossMeshUrl(config, { from: 'mesh1', to: 'mesh2' })} from pay-callers`,
    ]);
    expect(crossMeshUrl(config, { from: 'mesh2', to: 'mesh1' })).toBe('http://echo-payments-http.extsvc.mesh.local:8080/echo');
    expect(crossMeshUrl(config, { from: 'mesh1', to: 'mesh2' })).toBe('http://echo-orders-http.extsvc.mesh.local:9090/echo');
    for (const c of calls) expect(c.args).toContain('kind-beta');
  });

  it.each(['403', '404', '000'])('names the configured objects in its hints (HTTP %s)', async (code) => {
    const results = await runConnectivityCheck(fakeTools(code).tools, config);
    for (const r of results) {
      expect(r.status).toBe('fail');
      expectOnlyConfiguredNames(`verify ${code}`, [r.label, r.detail ?? '', r.hint ?? ''].join('\n'));
    }
    if (code === '403') expect(results[0]!.hint).toContain('allow-all-payments');
    if (code === '404') expect(results[0]!.hint).toContain('gw-to-payments-echo');
  });
});

describe('a name is never re-cased', () => {
  it('handout pages keep host names and other names as written (no "Echo-mesh-1-http")', () => {
    const names = [
      'echo-mesh-1-http',
      'echo-mesh-2-http',
      'mesh1',
      'mesh2',
      'c1m1',
      'c1m2',
      'c2m1',
      'c2m2',
      'cross-mesh-gateway',
      'mesh2-gateway',
    ];
    for (const [path, text] of handoutFiles(defaultConfig(), tools)) expect(recasedNamesIn(text, names), path).toEqual([]);
    for (const [path, text] of handoutFiles(config, tools)) expect(recasedNamesIn(text, OTHER_NAMES), path).toEqual([]);
  });
});
