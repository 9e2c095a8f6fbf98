import React from 'react';
import { describe, it, expect } from 'vitest';
import { render } from 'ink-testing-library';
import { Topology } from '../../components/Topology.js';
import { ThemeProvider, makeTheme } from '../../components/theme.js';
import { renderTopology, topologyParts, diagramText, partState, fitTopology, topologySegments } from '../../src/render/topology.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import { kindOf, nameOf } from '../../src/model/types.js';
import { planFor } from '../../steps/index.js';

/** Distinct names, so a test can tell a context from a zone and a namespace from a mesh. */
function config(): CrossmeshConfig {
  const c = defaultConfig();
  c.clusters.cluster1 = { context: 'kind-east', zone: 'zone-east' };
  c.clusters.cluster2 = { context: 'kind-west', zone: 'zone-west' };
  return c;
}

const BOX_DRAWING = /[\u2500-\u257F]/;
const NON_ASCII = /[^\x20-\x7E\n]/;
const ANSI = /\u001b\[/;
const failedGateway = { namespaces: 'applied', gateway: 'failed' } as const;

function withTheme(node: React.ReactElement, color: boolean, env: NodeJS.ProcessEnv = {}) {
  return <ThemeProvider theme={makeTheme(color, env)}>{node}</ThemeProvider>;
}

describe('topologyParts', () => {
  it('has every part of the picture, tied to the step that creates it', () => {
    const parts = topologyParts(config(), {});
    const byId = Object.fromEntries(parts.map((p) => [p.id, p]));
    expect(byId['gateway/mesh1']).toMatchObject({
      name: 'cross-mesh-gateway',
      cluster: 'cluster1',
      mesh: 'mesh1',
      namespace: 'c1m1',
      step: 'gateway',
    });
    expect(byId['gateway/mesh2']).toMatchObject({
      name: 'mesh2-gateway',
      cluster: 'cluster1',
      mesh: 'mesh2',
      namespace: 'c1m2',
      step: 'reverse-matrix',
    });
    // echo-mesh-1-http lives in mesh2 (in cluster 2) and leads to mesh1's gateway; echo-mesh-2-http the other way round
    expect(byId['external-service/mesh2']).toMatchObject({
      name: 'echo-mesh-1-http',
      cluster: 'cluster2',
      namespace: 'c2m2',
      step: 'external-service',
    });
    expect(byId['external-service/mesh1']).toMatchObject({
      name: 'echo-mesh-2-http',
      cluster: 'cluster2',
      namespace: 'c2m1',
      step: 'reverse-matrix',
    });
    expect(parts.filter((p) => p.kind === 'namespace').map((p) => p.namespace)).toEqual(['c1m1', 'c1m2', 'c2m1', 'c2m2']);
    expect(parts.filter((p) => p.kind === 'echo').map((p) => p.namespace)).toEqual(['c1m1', 'c1m2', 'c2m1']);
    expect(parts.filter((p) => p.kind === 'client').map((p) => p.namespace)).toEqual(['c2m1', 'c2m2']);
    expect(parts.filter((p) => p.kind === 'mesh').map((p) => p.step)).toEqual(['mtls', 'mtls']);
    expect(parts.filter((p) => p.kind === 'hop')).toHaveLength(2);
    expect(new Set(parts.map((p) => p.step))).toEqual(
      new Set(['namespaces', 'mtls', 'permissions', 'workloads', 'gateway', 'external-service', 'reverse-matrix', 'verify']),
    );
    expect(parts.every((p) => p.state === 'planned')).toBe(true);
  });

  it('leaves echo and its permission out of cluster 2 when echo.inZone2 is off', () => {
    const c = config();
    c.echo.inZone2 = false;
    const parts = topologyParts(c, {});
    expect(parts.filter((p) => p.kind === 'echo').map((p) => p.namespace)).toEqual(['c1m1', 'c1m2']);
    expect(parts.filter((p) => p.kind === 'permission' && p.cluster === 'cluster2')).toEqual([]);
  });

  it('takes the names from the configuration and the steps', () => {
    const c = config();
    c.meshes.mesh1 = {
      ...c.meshes.mesh1,
      name: 'payments',
      cluster1Namespace: 'pay-east',
      cluster2Namespace: 'pay-west',
      gateway: { kind: 'builtin', name: 'pay-gw', port: 9090 },
    };
    const parts = topologyParts(c, {});
    const mesNames = planFor(c)
      .flatMap((p) => p.manifests)
      .filter((m) => kindOf(m.object) === 'MeshExternalService')
      .map((m) => nameOf(m.object));
    expect(
      parts
        .filter((p) => p.kind === 'external-service')
        .map((p) => p.name)
        .sort(),
    ).toEqual(mesNames.sort());
    expect(parts.find((p) => p.id === 'gateway/mesh1')).toMatchObject({ name: 'pay-gw', namespace: 'pay-east' });
    const text = renderTopology(c, {}, { width: 100, ascii: false }).join('\n');
    expect(text).toContain('pay-gw :9090');
    expect(text).toContain('allow-all-payments');
    for (const n of mesNames) expect(text).toContain(n);
  });

  it('maps step statuses to part states', () => {
    expect(partState(undefined)).toBe('planned');
    expect(partState('pending')).toBe('planned');
    expect(partState('current')).toBe('planned');
    expect(partState('applied')).toBe('applied');
    expect(partState('in-sync')).toBe('applied');
    expect(partState('checked')).toBe('applied');
    expect(partState('failed')).toBe('failed');
    expect(partState('rehearsed')).toBe('rehearsed');
    expect(partState('skipped')).toBe('skipped');
    const parts = topologyParts(config(), { ...failedGateway, verify: 'checked', 'reverse-matrix': 'rehearsed' });
    const state = (id: string) => parts.find((p) => p.id === id)?.state;
    expect(state('gateway/mesh1')).toBe('failed');
    expect(state('namespace/cluster1/mesh1')).toBe('applied');
    expect(state('namespace/cluster2/mesh2')).toBe('applied');
    expect(state('gateway/mesh2')).toBe('rehearsed');
    expect(state('echo/cluster1/mesh1')).toBe('planned');
    expect(state('hop/mesh2')).toBe('applied');
  });
});

describe('renderTopology', () => {
  for (const width of [80, 120]) {
    for (const ascii of [false, true]) {
      it(`fits ${width} columns${ascii ? ' in ASCII' : ''} and names every part`, () => {
        const lines = renderTopology(config(), failedGateway, { width, ascii });
        const text = lines.join('\n');
        for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
        for (const name of [
          'cross-mesh-gateway',
          'mesh2-gateway',
          'echo-mesh-1-http',
          'echo-mesh-2-http',
          'kind-east',
          'kind-west',
          'zone-east',
          'zone-west',
          'c1m1',
          'c1m2',
          'c2m1',
          'c2m2',
        ]) {
          expect(text).toContain(name);
        }
        expect(text).not.toMatch(ANSI);
      });
    }
  }

  it('puts the clusters side by side when wide and stacks them when narrow', () => {
    const row = (lines: string[]) => lines.findIndex((l) => l.includes('Cluster 1'));
    const wide = renderTopology(config(), {}, { width: 120, ascii: false });
    expect(wide[row(wide)]).toContain('Cluster 2');
    expect(renderTopology(config(), {}, { width: 80, ascii: false })[row(wide)]).toContain('Cluster 2');
    const narrow = renderTopology(config(), {}, { width: 60, ascii: false });
    expect(narrow[row(narrow)]).not.toContain('Cluster 2');
    expect(narrow.findIndex((l) => l.includes('Cluster 2'))).toBeGreaterThan(row(narrow));
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(60);
  });

  it('shows the state of every part with its mark', () => {
    const lines = renderTopology(config(), failedGateway, { width: 120, ascii: false });
    expect(lines.find((l) => l.includes('cross-mesh-gateway :'))).toContain('✖ cross-mesh-gateway');
    expect(lines.some((l) => /✖ cross-mesh-gateway in kind-east\/c1m1: failed/.test(l))).toBe(true);
    for (const ns of ['c1m1', 'c1m2', 'c2m1', 'c2m2']) expect(lines.some((l) => l.includes(`✔ namespace ${ns}`))).toBe(true);
    expect(lines.some((l) => /✔ namespace c1m1 in kind-east: applied/.test(l))).toBe(true);
    expect(lines.some((l) => /○ mesh2-gateway in kind-east\/c1m2: planned/.test(l))).toBe(true);
    expect(lines.join('\n')).toMatch(/✔ applied.*○ planned.*✖ failed.*◇ rehearsed/);
  });

  it('uses ASCII marks and arrows, and no box-drawing characters, in ASCII mode', () => {
    for (const width of [80, 120, 50]) {
      const lines = renderTopology(config(), { ...failedGateway, mtls: 'rehearsed', permissions: 'skipped' }, { width, ascii: true });
      const text = lines.join('\n');
      expect(text).not.toMatch(BOX_DRAWING);
      expect(text).not.toMatch(NON_ASCII);
      expect(text).toContain('->');
      expect(text).toContain('[x] cross-mesh-gateway');
      expect(text).toContain('[ok] namespace c1m1');
      expect(text).toContain('[r] mesh1 (mTLS)');
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
    }
    expect(renderTopology(config(), {}, { width: 120, ascii: false }).join('\n')).toMatch(BOX_DRAWING);
  });

  it('tags the text of each part with its state, for colour', () => {
    const segments = topologySegments(config(), failedGateway, { width: 120, ascii: false }).flat();
    const stateOf = (text: string) => segments.find((s) => s.text.includes(text))?.state;
    expect(stateOf('✖ cross-mesh-gateway :8080')).toBe('failed');
    expect(stateOf('✔ namespace c1m1')).toBe('applied');
    expect(stateOf('○ mesh2-gateway :8080')).toBe('planned');
    expect(segments.filter((s) => s.text.includes('║')).every((s) => s.state === undefined)).toBe(true);
  });

  it('cuts long names instead of overflowing', () => {
    const c = config();
    c.clusters.cluster1.context = 'gke_my-very-long-project-name_europe-west1_the-first-zone-cluster';
    c.meshes.mesh1.gateway.name = 'a-gateway-name-that-is-far-too-long-to-fit-in-a-box';
    for (const width of [80, 120, 40])
      for (const l of renderTopology(c, {}, { width, ascii: false })) expect(l.length).toBeLessThanOrEqual(width);
  });

  it('has a compact form with the namespace in the mesh title and one line per hop', () => {
    const full = renderTopology(config(), failedGateway, { width: 80, ascii: false, list: false });
    const lines = renderTopology(config(), failedGateway, { width: 80, ascii: false, list: false, compact: true });
    expect(lines.length).toBeLessThan(full.length);
    expect(lines.length).toBeLessThanOrEqual(19);
    const text = lines.join('\n');
    expect(text).toContain('context kind-east, zone zone-east');
    expect(text).toContain('context kind-west, zone zone-west');
    expect(text).toContain('mesh1, ✔ namespace c1m1');
    expect(text).toContain('✖ cross-mesh-gateway');
    expect(text).toMatch(/○ mesh2 → mesh1: client → echo-mesh-1-http ══▶ cross-mesh-gateway → echo/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('picks the richest form that fits a height', () => {
    const c = config();
    const len = (o: { list?: boolean; compact?: boolean }) => renderTopology(c, {}, { width: 120, ascii: false, ...o }).length;
    expect(fitTopology(c, {}, { width: 120, ascii: false, height: 100 })).toHaveLength(len({ list: true }));
    expect(fitTopology(c, {}, { width: 120, ascii: false, height: len({ list: false }) })).toHaveLength(len({ list: false }));
    expect(fitTopology(c, {}, { width: 120, ascii: false, height: 20 })).toHaveLength(len({ list: false, compact: true }));
    expect(fitTopology(c, {}, { width: 120, ascii: false, height: 3 })).toHaveLength(len({ list: false, compact: true }));
  });

  it('draws the plan diagram with everything planned and no part list', () => {
    const text = diagramText(config(), 80, true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(NON_ASCII);
    expect(text).toContain('[ ] cross-mesh-gateway');
    expect(text).not.toContain('[ok] cross-mesh-gateway');
    expect(text).not.toContain('Parts:');
    for (const l of text.trimEnd().split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });
});

describe('<Topology />', () => {
  for (const width of [80, 120]) {
    it(`renders within ${width} columns`, () => {
      const { lastFrame } = render(withTheme(<Topology config={config()} statuses={failedGateway} width={width} />, false));
      const frame = lastFrame()!;
      for (const l of frame.split('\n')) expect(l.length).toBeLessThanOrEqual(width);
      for (const name of ['cross-mesh-gateway', 'mesh2-gateway', 'echo-mesh-1-http', 'echo-mesh-2-http', 'kind-east', 'zone-west'])
        expect(frame).toContain(name);
      expect(frame).toContain('✖ cross-mesh-gateway');
      expect(frame).toContain('✔ namespace c2m2');
      expect(frame).not.toMatch(ANSI);
    });
  }

  it('shows the same lines as renderTopology', () => {
    const { lastFrame } = render(withTheme(<Topology config={config()} statuses={failedGateway} width={120} />, false));
    expect(
      lastFrame()!
        .split('\n')
        .map((l) => l.trimEnd()),
    ).toEqual(renderTopology(config(), failedGateway, { width: 120, ascii: false }));
  });

  it('follows the ASCII theme on a dumb terminal', () => {
    const { lastFrame } = render(withTheme(<Topology config={config()} statuses={failedGateway} width={80} />, true, { TERM: 'dumb' }));
    expect(lastFrame()).not.toMatch(BOX_DRAWING);
    expect(lastFrame()).toContain('[x] cross-mesh-gateway');
  });

  it('fits a given height', () => {
    const { lastFrame } = render(withTheme(<Topology config={config()} statuses={failedGateway} width={80} height={20} />, false));
    const lines = lastFrame()!.split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lastFrame()).toContain('context kind-east, zone zone-east');
    expect(lastFrame()).toContain('✖ cross-mesh-gateway');
  });

  it('can leave out the part list', () => {
    const { lastFrame } = render(withTheme(<Topology config={config()} statuses={{}} width={80} list={false} />, false));
    expect(lastFrame()).not.toContain('Parts:');
    expect(lastFrame()).toContain('East-west');
  });
});

describe('topology of a setup with a Kong Gateway', () => {
  it('marks the mesh on Kong and names the namespace the callers are sent to', () => {
    const c = defaultConfig();
    c.meshes.mesh1.gateway.kind = 'kong';
    const text = diagramText(c, 120, false);
    expect(text).toContain('cross-mesh-gateway :8080 (Kong)');
    expect(text).toContain('cross-mesh-gateway (c1m1-gateway)');
    expect(text).not.toContain('mesh2-gateway :8080 (Kong)');
    expect(diagramText(defaultConfig(), 120, false)).not.toContain('(Kong)');
  });
});
