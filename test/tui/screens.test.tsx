import React from 'react';
import { describe, it, expect } from 'vitest';
import { render } from 'ink-testing-library';
import { StepList } from '../../components/StepList.js';
import { ContextPicker } from '../../components/ContextPicker.js';
import { Setup } from '../../components/Setup.js';
import { Preview } from '../../components/Preview.js';
import { ApplyLog, Checks } from '../../components/ApplyLog.js';
import { ErrorPanel } from '../../components/ErrorPanel.js';
import { Wizard } from '../../components/Wizard.js';
import { Resume } from '../../components/Resume.js';
import { compareOne } from '../../src/cluster/read.js';
import { stepState } from '../../src/app/scan.js';
import { ThemeProvider, makeTheme } from '../../components/theme.js';
import { WizardStore } from '../../src/tui/store.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { buildPlan, planContext, manifestYaml } from '../../src/model/plan.js';
import { stepById } from '../../steps/index.js';
import type { PreviewItem } from '../../src/engine/events.js';
import { planFor } from '../../steps/index.js';

const tick = () => new Promise((r) => setTimeout(r, 20));
const noColor = (node: React.ReactElement) => <ThemeProvider theme={makeTheme(false, {})}>{node}</ThemeProvider>;

function previewItems(stepId: string): PreviewItem[] {
  const step = stepById(stepId)!;
  return buildPlan(planContext(defaultConfig()), [step])[0]!.manifests.map((m) => ({
    manifest: m,
    yaml: manifestYaml(m),
    command: `kubectl --context ${m.target.context} apply -f -`,
    target: m.target,
  }));
}

describe('StepList', () => {
  it('marks done, current and pending steps', () => {
    const { lastFrame } = render(
      noColor(
        <StepList
          width={40}
          steps={[
            { id: 'prerequisites', title: 'Prerequisites', status: 'checked' },
            { id: 'namespaces', title: 'Namespaces', status: 'current' },
            { id: 'mtls', title: 'Meshes with mTLS', status: 'pending' },
            { id: 'permissions', title: 'Traffic permissions', status: 'failed' },
          ]}
        />,
      ),
    );
    const frame = lastFrame()!;
    expect(frame).toContain('✔ 1. Prerequisites');
    expect(frame).toContain('▶ 2. Namespaces');
    expect(frame).toContain('○ 3. Meshes with mTLS');
    expect(frame).toContain('✖ 4. Traffic permissions (failed)');
  });

  it('uses plain symbols on a dumb terminal', () => {
    const { lastFrame } = render(
      <ThemeProvider theme={makeTheme(true, { TERM: 'dumb' })}>
        <StepList
          width={40}
          steps={[
            { id: 'prerequisites', title: 'Prerequisites', status: 'checked' },
            { id: 'namespaces', title: 'Namespaces', status: 'current' },
          ]}
        />
      </ThemeProvider>,
    );
    expect(lastFrame()).toContain('[ok] 1. Prerequisites');
    expect(lastFrame()).toContain('>    2. Namespaces');
    expect(lastFrame()).not.toMatch(/[✔▶]/);
  });
});

describe('ContextPicker', () => {
  it('shows a reachability mark per context and picks with the arrow keys and Enter', async () => {
    let picked = '';
    const { lastFrame, stdin } = render(
      noColor(
        <ContextPicker
          title="Cluster 1"
          options={[
            { value: 'c1', label: 'c1', reachability: 'reachable' },
            { value: 'c2', label: 'c2', reachability: 'unreachable' },
            { value: 'c3', label: 'c3', reachability: 'checking' },
          ]}
          onSelect={(v) => (picked = v)}
        />,
      ),
    );
    const frame = lastFrame()!;
    expect(frame).toMatch(/▶ c1 .*✔ reachable/);
    expect(frame).toMatch(/c2 .*✖ unreachable/);
    expect(frame).toMatch(/c3 .*checking/);
    await tick();
    stdin.write('\u001B[B');
    await tick();
    expect(lastFrame()).toMatch(/▶ c2/);
    stdin.write('\r');
    await tick();
    expect(picked).toBe('c2');
  });
});

describe('the first-run picker', () => {
  it('marks a context that runs a global control plane, refuses it as a zone, and offers it first for the global', async () => {
    let done: unknown;
    const { lastFrame, stdin } = render(
      noColor(
        <Setup
          contexts={['global', 'east', 'west']}
          controlPlanes={[]}
          probe={async (c) => ({ reachable: true, global: c === 'global' })}
          initial={{ cluster1: 'c1', cluster2: 'c2', global: { tool: 'kumactl', controlPlane: 'global' } }}
          onDone={(c) => (done = c)}
        />,
      ),
    );
    await tick();
    await tick();
    expect(lastFrame()).toMatch(/▶ global .*⚠ global control plane, not a zone/);
    stdin.write('\r');
    await tick();
    await tick();
    expect(lastFrame()).toContain('global runs the global control plane; pick a zone cluster here.');
    stdin.write('\u001B[B');
    await tick();
    await tick();
    stdin.write('\r');
    await tick();
    await tick();
    stdin.write('\r'); // cluster 2: west, the only one left besides global
    await tick();
    await tick();
    expect(lastFrame()).toMatch(/▶ kubectl: global/);
    stdin.write('\r');
    await tick();
    await tick();
    expect(done).toEqual({ cluster1: 'east', cluster2: 'west', global: { tool: 'kubectl', context: 'global' } });
  });

  it('with no global to pick, says which one it uses (there is no crossmesh.yaml yet) and goes on after drawing', async () => {
    let done: unknown;
    const { lastFrame, stdin } = render(
      noColor(
        <Setup
          contexts={['a', 'b']}
          controlPlanes={[]}
          probe={async () => ({ reachable: true })}
          initial={{ cluster1: 'a', cluster2: 'b', global: { tool: 'kumactl', controlPlane: 'global' } }}
          onDone={(c) => (done = c)}
        />,
      ),
    );
    await tick();
    await tick();
    stdin.write('\r');
    await tick();
    await tick();
    stdin.write('\r');
    await tick();
    await tick();
    expect(lastFrame()).toContain('No global control plane found');
    expect((lastFrame() ?? '').replace(/\s+/g, ' ')).toContain('using kumactl\'s control plane "global"');
    expect(lastFrame()).not.toContain('keeping the one in crossmesh.yaml');
    expect(done).toEqual({ cluster1: 'a', cluster2: 'b', global: { tool: 'kumactl', controlPlane: 'global' } });
  });
});

describe('Preview', () => {
  it('shows where a manifest goes, the exact command and its YAML', () => {
    const items = previewItems('gateway');
    const { lastFrame } = render(
      noColor(<Preview step={stepById('gateway')!} items={items} selected={1} yamlLines={30} scroll={0} expanded={false} width={76} />),
    );
    const frame = lastFrame()!;
    expect(frame).toContain('Manifest 2/4: MeshGateway cross-mesh-gateway');
    expect(frame).toContain('goes to  kubectl -> context c1');
    expect(frame).toContain('command  kubectl --context c1 apply -f -');
    expect(frame).toContain('kuma.io/service: cross-mesh-gateway_c1m1_svc');
    expect(frame).toContain('Fixes to the guide');
  });

  it('expands the explanation with the guide fixes', () => {
    const { lastFrame } = render(
      noColor(
        <Preview step={stepById('gateway')!} items={previewItems('gateway')} selected={0} yamlLines={30} scroll={0} expanded width={76} />,
      ),
    );
    expect(lastFrame()).toContain('Why this step');
    expect(lastFrame()).toContain('MeshMultiZoneService');
  });
});

describe('Preview of an external service whose address is not known yet', () => {
  it('says that the placeholder address will be replaced, and by what', () => {
    const items = previewItems('external-service');
    const { lastFrame } = render(
      noColor(
        <Preview step={stepById('external-service')!} items={items} selected={0} yamlLines={30} scroll={0} expanded={false} width={76} />,
      ),
    );
    const text = (lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(
      'mesh1-gateway-address.invalid stands in for the address of the gateway: crossmesh fills it in once the LoadBalancer has one (or once you type one), before applying.',
    );
  });
});

describe('ApplyLog and Checks', () => {
  it('shows tool output and check results with hints', () => {
    const { lastFrame } = render(
      noColor(
        <>
          <ApplyLog
            max={5}
            lines={[
              { id: 1, text: 'kubectl: namespace/c1m1 created', tone: 'output' },
              { id: 2, text: 'apply 2 objects on c1', tone: 'ok' },
            ]}
          />
          <Checks
            results={[
              { status: 'ok', label: 'Namespace c1m1 on c1' },
              { status: 'warn', label: 'Deployment c1m1/echo pods not ready yet', hint: 'They start once scheduled' },
            ]}
          />
        </>,
      ),
    );
    const frame = lastFrame()!;
    expect(frame).toContain('kubectl: namespace/c1m1 created');
    expect(frame).toContain('✔ apply 2 objects on c1');
    expect(frame).toContain('⚠ Deployment c1m1/echo pods not ready yet');
    expect(frame).toContain('hint: They start once scheduled');
  });
});

describe('ErrorPanel', () => {
  it('shows the command, the tool message and a hint', () => {
    const { lastFrame } = render(
      noColor(
        <ErrorPanel
          failure={{
            phase: 'validate',
            command: 'kubectl --context c1 apply --dry-run=server -f -',
            message: 'The MeshHTTPRoute "x" is invalid: spec.to[0].rules[0].matches[0].path.type: Unsupported value: "Bogus"',
            hint: 'The API server rejected the manifest',
          }}
          width={76}
        />,
      ),
    );
    const frame = lastFrame()!;
    expect(frame).toContain('validate failed');
    expect(frame).toContain('$ kubectl --context c1 apply --dry-run=server -f -');
    expect(frame).toContain('Unsupported value');
    expect(frame).toContain('hint: The API server rejected the manifest');
  });
});

describe('Wizard', () => {
  it('renders engine events and turns key presses into answers', async () => {
    const store = new WizardStore(false);
    const { lastFrame, stdin } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({
      type: 'run-start',
      rehearsal: false,
      steps: [
        { id: 'prerequisites', title: 'Prerequisites' },
        { id: 'namespaces', title: 'Namespaces' },
      ],
      firstStep: 'prerequisites',
    });
    store.emit({ type: 'step-start', step: 'namespaces', index: 1, total: 2 });
    store.emit({ type: 'preview', step: 'namespaces', items: previewItems('namespaces') });
    const answer = store.ask({ kind: 'step', step: 'namespaces', canGoBack: true, rehearsal: false });
    await tick();
    expect(lastFrame()).toContain('Manifest 1/4: Namespace c1m1');
    expect(lastFrame()).toContain('a apply');
    expect(lastFrame()).toContain('d diff with live');
    stdin.write('\u001B[C');
    await tick();
    expect(lastFrame()).toContain('Manifest 2/4: Namespace c2m1');
    stdin.write('a');
    expect(await answer).toBe('apply');

    store.emit({
      type: 'failure',
      step: 'namespaces',
      phase: 'apply',
      command: 'kubectl --context c1 apply -f -',
      message: 'Unable to connect to the server',
      hint: 'The cluster behind "c1" cannot be reached',
    });
    const failure = store.ask({ kind: 'failure', step: 'namespaces', phase: 'apply', message: 'x' });
    await tick();
    expect(lastFrame()).toContain('apply failed');
    expect(lastFrame()).toContain('r retry');
    stdin.write('s');
    expect(await failure).toBe('skip');
  });

  it('says rehearsal on screen and offers no diff', async () => {
    const store = new WizardStore(true);
    const { lastFrame } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: true, steps: [{ id: 'namespaces', title: 'Namespaces' }], firstStep: 'namespaces' });
    store.emit({ type: 'step-start', step: 'namespaces', index: 0, total: 1 });
    void store.ask({ kind: 'step', step: 'namespaces', canGoBack: false, rehearsal: true });
    await tick();
    expect(lastFrame()).toContain('REHEARSAL: nothing is applied');
    expect(lastFrame()).toContain('a next (nothing is applied)');
    expect(lastFrame()).not.toContain('diff with live');
  });

  it('lets the user type a gateway address while waiting', async () => {
    const store = new WizardStore(false);
    const { lastFrame, stdin } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({
      type: 'run-start',
      rehearsal: false,
      steps: [{ id: 'external-service', title: 'mesh2 -> mesh1' }],
      firstStep: 'external-service',
    });
    store.emit({ type: 'step-start', step: 'external-service', index: 0, total: 1 });
    store.emit({
      type: 'waiting',
      step: 'external-service',
      label: 'waiting for the LoadBalancer address',
      elapsedMs: 4000,
      timeoutMs: 180000,
    });
    const answer = store.ask({ kind: 'gateway-address', step: 'external-service', mesh: 'mesh1', meshName: 'mesh1', timedOut: false });
    await tick();
    expect(lastFrame()).toContain('waiting for the LoadBalancer address (4s of 180s)');
    stdin.write('t');
    await tick();
    stdin.write('http://x');
    await tick();
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toContain('an IP address or DNS name');
    for (let i = 0; i < 8; i++) stdin.write('\u007F');
    await tick();
    stdin.write('203.0.113.9');
    await tick();
    stdin.write('\r');
    expect(await answer).toEqual({ address: '203.0.113.9' });
  });
});

describe('Wizard: moving between steps and waiting', () => {
  const steps = [
    { id: 'namespaces' as const, title: 'Namespaces' },
    { id: 'mtls' as const, title: 'Meshes with mTLS' },
    { id: 'permissions' as const, title: 'Traffic permissions' },
  ];

  it('after skip, skip, back only one step carries the current marker', async () => {
    const store = new WizardStore(false);
    const { lastFrame } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'namespaces' });
    store.emit({ type: 'step-start', step: 'namespaces', index: 0, total: 3 });
    store.emit({ type: 'step-end', step: 'namespaces', outcome: 'skipped' });
    store.emit({ type: 'step-start', step: 'mtls', index: 1, total: 3 });
    store.emit({ type: 'step-end', step: 'mtls', outcome: 'skipped' });
    store.emit({ type: 'step-start', step: 'permissions', index: 2, total: 3 });
    // "back" from permissions: the engine starts mtls again without ending permissions
    store.emit({ type: 'step-start', step: 'mtls', index: 1, total: 3 });
    await tick();
    const frame = lastFrame() ?? '';
    expect(frame.match(/▶/g)).toHaveLength(1);
    expect(frame).toMatch(/▶ 2\. Meshes with mTLS/);
  });

  it("while waiting on the clusters 'q' stops the wait and quits", async () => {
    const store = new WizardStore(false);
    const { lastFrame, stdin } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'mtls' });
    store.emit({ type: 'step-start', step: 'mtls', index: 1, total: 3 });
    store.emit({
      type: 'waiting',
      step: 'mtls',
      label: 'waiting until the global control plane has copied mesh1, mesh2 to zone1, zone2',
      elapsedMs: 3000,
      timeoutMs: 120000,
    });
    const answer = store.ask({ kind: 'wait', step: 'mtls', label: 'x' });
    await tick();
    // the spinner line wraps in the right-hand column
    expect((lastFrame() ?? '').replace(/\s+/g, ' ')).toContain(
      'waiting until the global control plane has copied mesh1, mesh2 to zone1, zone2 (3s of 120s)',
    );
    expect(lastFrame()).toContain('q stop waiting and quit');
    stdin.write('q');
    expect(await answer).toBe('quit');
  });

  it('a wrapped spinner line is not overwritten by what follows it', async () => {
    const store = new WizardStore(false);
    const { lastFrame } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'mtls' });
    store.emit({ type: 'step-start', step: 'mtls', index: 1, total: 3 });
    store.emit({ type: 'checks', step: 'mtls', results: [{ status: 'ok', label: 'Mesh payments on global' }] });
    const label =
      'waiting until the global control plane has copied payments, orders, and a few more meshes with long names to zone1, zone2';
    store.emit({ type: 'waiting', step: 'mtls', label, elapsedMs: 2000, timeoutMs: 120000 });
    await tick();
    const frame = lastFrame() ?? '';
    expect(frame.replace(/\s+/g, ' ')).toContain(`${label} (2s of 120s)`);
    expect(frame).toMatch(/^\s*Checks$/m);
  });

  it("'q' also quits while waiting for a gateway address, before the wait runs out", async () => {
    const store = new WizardStore(false);
    const { lastFrame, stdin } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'mtls' });
    store.emit({ type: 'step-start', step: 'mtls', index: 1, total: 3 });
    const answer = store.ask({ kind: 'gateway-address', step: 'mtls', mesh: 'mesh1', meshName: 'mesh1', timedOut: false });
    await tick();
    expect(lastFrame()).toContain('q quit');
    stdin.write('q');
    expect(await answer).toBe('quit');
  });
});

describe('Rebind and resume', () => {
  it('asks before going on against a context that now points to another cluster', async () => {
    const store = new WizardStore(false);
    const { lastFrame, stdin } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({
      type: 'run-start',
      rehearsal: false,
      steps: [{ id: 'prerequisites', title: 'Prerequisites' }],
      firstStep: 'prerequisites',
    });
    store.emit({ type: 'step-start', step: 'prerequisites', index: 0, total: 1 });
    store.emit({
      type: 'checks',
      step: 'prerequisites',
      results: [{ status: 'fail', label: 'context "c2" now points to a different cluster (kube-system UID b, recorded a)' }],
    });
    const answer = store.ask({
      kind: 'rebind',
      step: 'prerequisites',
      context: 'c2',
      message: 'context "c2" now points to a different cluster',
    });
    await tick();
    expect(lastFrame()).toContain('now points to a different cluster');
    expect(lastFrame()).toContain('y yes, it is the new cluster');
    stdin.write('n');
    expect(await answer).toBe('refuse');
  });

  it('shows each step with its live state and where it continues', async () => {
    const plan = planFor(defaultConfig());
    const rows = plan
      .filter((p) => p.manifests.length)
      .map((p, i) => {
        const objects = p.manifests.map((m) => (i < 3 ? compareOne(m, m.object as Record<string, unknown>) : compareOne(m, undefined)));
        return { step: p.step.id, title: p.step.title, state: stepState(objects), objects };
      });
    let choice = '';
    const { lastFrame, stdin } = render(
      noColor(<Resume rows={rows} point="workloads" journalProblem="the journal is unreadable" onChoice={(c) => (choice = c)} />),
    );
    const frame = lastFrame()!;
    expect(frame).toMatch(/✔ Namespaces\s+in sync/);
    expect(frame).toMatch(/⚠ Workloads\s+not applied\s+▶ continue here/);
    expect(frame).toContain('the journal is unreadable');
    await tick();
    stdin.write('\r');
    await tick();
    expect(choice).toBe('continue');
  });

  it('with every step in sync, says the setup is complete and offers the connectivity check', async () => {
    const plan = planFor(defaultConfig());
    const rows = plan.map((p) => {
      const objects = p.manifests.map((m) => compareOne(m, m.object as Record<string, unknown>));
      return { step: p.step.id, title: p.step.title, state: stepState(objects), objects };
    });
    const { lastFrame } = render(noColor(<Resume rows={rows} point="verify" onChoice={() => {}} />));
    expect(lastFrame()).toContain('crossmesh found this setup complete: every step is in sync');
    expect(lastFrame()).toContain('Enter run the connectivity check');
  });

  it('after a resume the step list shows the steps found in sync, not as pending', async () => {
    const store = new WizardStore(false);
    const { lastFrame } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    const steps = [
      { id: 'prerequisites' as const, title: 'Prerequisites' },
      { id: 'namespaces' as const, title: 'Namespaces' },
      { id: 'mtls' as const, title: 'Meshes with mTLS' },
      { id: 'permissions' as const, title: 'Traffic permissions' },
    ];
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'permissions', inSync: ['namespaces', 'mtls'] });
    store.emit({ type: 'step-start', step: 'permissions', index: 3, total: 4 });
    await tick();
    const frame = lastFrame() ?? '';
    expect(frame).toMatch(/✔ 2\. Namespaces \(in sync\)/);
    expect(frame).toMatch(/✔ 3\. Meshes with mTLS \(in syn/); // cut to the column width
    expect(frame).toMatch(/▶ 4\. Traffic permissions/);
    expect(frame).toMatch(/○ 1\. Prerequisites/);
  });
});

describe('small things a person sees', () => {
  const steps = [
    { id: 'prerequisites' as const, title: 'Prerequisites' },
    { id: 'namespaces' as const, title: 'Namespaces' },
    { id: 'mtls' as const, title: 'Meshes with mTLS' },
  ];

  it('after q the last frame offers no "Enter exit"', async () => {
    const store = new WizardStore(false);
    const { lastFrame } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'prerequisites' });
    store.emit({ type: 'step-start', step: 'namespaces', index: 1, total: 3 });
    store.emit({ type: 'run-end', ok: false, quit: true, message: 'Stopped before the last step.' });
    await tick();
    expect(lastFrame()).toContain('Stopped before the last step.');
    expect(lastFrame()).not.toContain('Enter exit');
  });

  it('TERM=dumb: ASCII marks of different widths keep the step numbers in one column', async () => {
    const store = new WizardStore(false);
    const ascii = makeTheme(false, { TERM: 'dumb' });
    const { lastFrame } = render(
      <ThemeProvider theme={ascii}>
        <Wizard store={store} onQuit={() => {}} />
      </ThemeProvider>,
    );
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'prerequisites' });
    store.emit({ type: 'step-start', step: 'prerequisites', index: 0, total: 3 });
    store.emit({ type: 'step-end', step: 'prerequisites', outcome: 'checked' });
    store.emit({ type: 'step-start', step: 'namespaces', index: 1, total: 3 });
    await tick();
    const lines = (lastFrame() ?? '').split('\n').filter((l) => /\d\. (Prerequisites|Namespaces|Meshes)/.test(l));
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.search(/\d\. /))).size).toBe(1);
  });

  it('the step just done says "in sync", as the step list does', async () => {
    const store = new WizardStore(false);
    const { lastFrame } = render(noColor(<Wizard store={store} onQuit={() => {}} />));
    store.emit({ type: 'run-start', rehearsal: false, steps, firstStep: 'namespaces' });
    store.emit({ type: 'step-start', step: 'namespaces', index: 1, total: 3 });
    store.emit({ type: 'step-end', step: 'namespaces', outcome: 'in-sync' });
    store.emit({ type: 'step-start', step: 'mtls', index: 2, total: 3 });
    await tick();
    expect(lastFrame()).toContain('Done: Namespaces (in sync)');
    expect(lastFrame()).not.toContain('in-sync');
  });
});
