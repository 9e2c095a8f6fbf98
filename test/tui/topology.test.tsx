import React from 'react';
import { describe, it, expect } from 'vitest';
import { render } from 'ink-testing-library';
import { Topology } from '../../components/Topology.js';
import { ThemeProvider, makeTheme } from '../../components/theme.js';
import { renderTopology, topologyParts, diagramText, partState, fitTopology, topologySegments } from '../../src/render/topology.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig, MeshConfig } from '../../src/config/types.js';
import { kindOf, nameOf } from '../../src/model/types.js';
import { planFor } from '../../steps/index.js';
import { externalServiceName } from '../../steps/common.js';

/** Distinct names, so a test can tell a context from a zone and a namespace from a mesh. */
function config(): CrossmeshConfig {
  const c = defaultConfig();
  c.zones = [
    { name: 'zone1', context: 'kind-east', zone: 'zone-east' },
    { name: 'zone2', context: 'kind-west', zone: 'zone-west' },
  ];
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
    expect(byId['external-service/cluster2/mesh2/mesh1']).toMatchObject({
      name: 'echo-mesh-1-http',
      cluster: 'cluster2',
      namespace: 'c2m2',
      step: 'external-service',
    });
    expect(byId['external-service/cluster2/mesh1/mesh2']).toMatchObject({
      name: 'echo-mesh-2-http',
      cluster: 'cluster2',
      namespace: 'c2m1',
      step: 'reverse-matrix',
    });
    expect(parts.filter((p) => p.kind === 'namespace').map((p) => p.namespace)).toEqual(['c1m1', 'c1m2', 'c2m1', 'c2m2']);
    expect(parts.filter((p) => p.kind === 'echo').map((p) => p.namespace)).toEqual(['c1m1', 'c1m2', 'c2m1']);
    expect(parts.filter((p) => p.kind === 'client').map((p) => p.namespace)).toEqual(['c2m1', 'c2m2']);
    expect(parts.filter((p) => p.kind === 'mesh').map((p) => p.step)).toEqual(['mtls', 'mtls']);
    expect(parts.filter((p) => p.kind === 'client').map((p) => p.id)).toEqual(['client/cluster2/mesh1', 'client/cluster2/mesh2']);
    expect(parts.filter((p) => p.kind === 'hop').map((p) => p.id)).toEqual(['hop/mesh2/mesh1', 'hop/mesh1/mesh2']);
    expect(new Set(parts.map((p) => p.step))).toEqual(
      new Set(['namespaces', 'mtls', 'permissions', 'workloads', 'gateway', 'external-service', 'reverse-matrix', 'verify']),
    );
    expect(parts.every((p) => p.state === 'planned')).toBe(true);
  });

  it('leaves echo and its permission out of cluster 2 when mesh1 runs echo in its home zone only', () => {
    const c = config();
    c.meshes[0]!.echo = ['zone1'];
    const parts = topologyParts(c, {});
    expect(parts.filter((p) => p.kind === 'echo').map((p) => p.namespace)).toEqual(['c1m1', 'c1m2']);
    expect(parts.filter((p) => p.kind === 'permission' && p.cluster === 'cluster2')).toEqual([]);
  });

  it('takes the names from the configuration and the steps', () => {
    const c = config();
    c.meshes[0] = {
      ...c.meshes[0]!,
      name: 'payments',
      namespaces: { zone1: 'pay-east', zone2: 'pay-west' },
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
    expect(state('hop/mesh2/mesh1')).toBe('applied');
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
    c.zones[0]!.context = 'gke_my-very-long-project-name_europe-west1_the-first-zone-cluster';
    c.meshes[0]!.gateway.name = 'a-gateway-name-that-is-far-too-long-to-fit-in-a-box';
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
    c.meshes[0]!.gateway.kind = 'kong';
    const text = diagramText(c, 120, false);
    expect(text).toContain('cross-mesh-gateway :8080 (Kong)');
    expect(text).toContain('cross-mesh-gateway (c1m1-gateway)');
    expect(text).not.toContain('mesh2-gateway :8080 (Kong)');
    expect(diagramText(defaultConfig(), 120, false)).not.toContain('(Kong)');
  });
});

/**
 * `zones` zones and `meshes` meshes, each mesh at home in a zone of its own (round the zones), spanning
 * every zone, with echo at home and clients in every other zone; `links` as [from, to] mesh numbers.
 */
function model(zones: number, meshes: number, links: Array<[number, number]> | 'all'): CrossmeshConfig {
  const c = defaultConfig();
  c.zones = Array.from({ length: zones }, (_, i) => ({ name: `zone${i + 1}`, context: `ctx-${i + 1}`, zone: `kuma-zone-${i + 1}` }));
  c.meshes = Array.from({ length: meshes }, (_, m): MeshConfig => {
    const home = c.zones[m % zones]!.name;
    const others = c.zones.filter((z) => z.name !== home).map((z) => z.name);
    return {
      key: `mesh${m + 1}`,
      name: `mesh${m + 1}`,
      home,
      namespaces: Object.fromEntries(c.zones.map((z, i) => [z.name, `z${i + 1}m${m + 1}`])),
      gateway: { kind: 'builtin', name: `mesh${m + 1}-gateway`, port: 8080 },
      echo: [home],
      clients: others.length ? others : [home],
      passthrough: true,
    };
  });
  const pairs: Array<[number, number]> =
    links === 'all'
      ? c.meshes.flatMap((_, a) => c.meshes.map((_, b): [number, number] => [a + 1, b + 1])).filter(([a, b]) => a !== b)
      : links;
  c.links = pairs.map(([from, to]) => ({ from: `mesh${from}`, to: `mesh${to}` }));
  return c;
}

const textOf = (lines: Array<Array<{ text: string }>>) => lines.map((l) => l.map((s) => s.text).join(''));

describe('topology of any number of zones and meshes', () => {
  const ring = () =>
    model(3, 3, [
      [1, 2],
      [2, 3],
      [3, 1],
    ]);

  it('has the parts of every mesh in every zone it spans, tied to the steps of its gateway and links', () => {
    const parts = topologyParts(ring(), { 'gateway-mesh2': 'applied', 'link-mesh1-to-mesh2': 'failed' });
    const byId = Object.fromEntries(parts.map((p) => [p.id, p]));
    expect(parts.filter((p) => p.kind === 'mesh').map((p) => p.id)).toEqual(['mesh/mesh1', 'mesh/mesh2', 'mesh/mesh3']);
    expect(parts.filter((p) => p.kind === 'namespace')).toHaveLength(9);
    expect(byId['gateway/mesh2']).toMatchObject({ cluster: 'cluster2', namespace: 'z2m2', step: 'gateway-mesh2', state: 'applied' });
    expect(parts.filter((p) => p.kind === 'gateway').map((p) => p.cluster)).toEqual(['cluster1', 'cluster2', 'cluster3']);
    expect(parts.filter((p) => p.kind === 'client' && p.mesh === 'mesh1').map((p) => p.id)).toEqual([
      'client/cluster2/mesh1',
      'client/cluster3/mesh1',
    ]);
    expect(byId['external-service/cluster3/mesh1/mesh2']).toMatchObject({
      name: externalServiceName(ring(), { from: 'mesh1', to: 'mesh2' }),
      namespace: 'z3m1',
      target: 'mesh2',
      step: 'link-mesh1-to-mesh2',
      state: 'failed',
    });
    expect(parts.filter((p) => p.kind === 'hop').map((p) => [p.id, p.location])).toEqual([
      ['hop/mesh1/mesh2', 'ctx-2, ctx-3 -> ctx-2'],
      ['hop/mesh2/mesh3', 'ctx-1, ctx-3 -> ctx-3'],
      ['hop/mesh3/mesh1', 'ctx-1, ctx-2 -> ctx-1'],
    ]);
  });

  it('draws no gateway for a mesh that no link calls', () => {
    const parts = topologyParts(model(2, 3, [[1, 2]]), {});
    expect(parts.filter((p) => p.kind === 'gateway').map((p) => p.id)).toEqual(['gateway/mesh2']);
  });

  for (const width of [80, 120]) {
    for (const ascii of [false, true]) {
      it(`draws 3 zones and 3 meshes linked in a ring within ${width} columns${ascii ? ' in ASCII' : ''}`, () => {
        const c = ring();
        const lines = renderTopology(c, {}, { width, ascii });
        for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
        const text = lines.join('\n');
        const note = `3 zones do not fit side by side in ${width} columns; the picture is a list:`;
        if (width === 80) expect(lines).toContain(note);
        else {
          expect(text).not.toContain(note);
          expect(lines.find((l) => l.includes('Cluster 1'))).toMatch(/Cluster 1.*Cluster 2.*Cluster 3/);
        }
        for (const m of c.meshes) expect(text).toContain(`${m.name} (mTLS)`);
        for (const ns of c.meshes.flatMap((m) => Object.values(m.namespaces))) expect(text).toContain(ns);
        for (const z of c.zones) expect(text).toContain(z.context);
        // one entry per hop, its wrapped lines (indented deeper) joined back on
        const hops = lines
          .slice(
            lines.findIndex((l) => l.startsWith('East-west hops')) + 1,
            lines.findIndex((l) => l.includes('applied ')),
          )
          .join('\n')
          .split(/\n(?! {4})/);
        expect(hops).toHaveLength(c.links.length);
        for (const link of c.links) {
          const hop = hops.find((l) => l.includes(externalServiceName(c, link)));
          expect(hop, `${link.from} -> ${link.to}`).toContain(link.from);
          expect(hop).toContain(`${link.to}-gateway`);
        }
        expect(text).not.toMatch(ANSI);
        if (ascii) expect(text).not.toMatch(NON_ASCII);
      });
    }
  }

  it('lists each zone with its meshes and their parts when the boxes do not fit', () => {
    const lines = renderTopology(ring(), { 'gateway-mesh1': 'applied' }, { width: 80, ascii: false, list: false });
    expect(lines).toContain('Cluster 2: context ctx-2, zone kuma-zone-2');
    expect(lines).toContain('  mesh1: ○ namespace z1m1 ○ allow-all-mesh1 (permission) ✔ mesh1-gateway :8080');
    expect(lines.some((l) => l.includes('○ echo-mesh-2-http-for-mesh1 ══▶ mesh2-gateway'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  ○ mesh1 → mesh2: client → echo-mesh-2-http-for-mesh1 ══▶ mesh2-gateway'))).toBe(true);
  });

  it('fits the richest form of the list into a height, and the most compact one when nothing fits', () => {
    const c = ring();
    const len = (o: { list?: boolean; compact?: boolean }) => renderTopology(c, {}, { width: 80, ascii: false, ...o }).length;
    expect(len({ list: false, compact: true })).toBeLessThan(len({ list: false }));
    expect(fitTopology(c, {}, { width: 80, ascii: false, height: 200 })).toHaveLength(len({ list: true }));
    expect(fitTopology(c, {}, { width: 80, ascii: false, height: len({ list: false }) })).toHaveLength(len({ list: false }));
    expect(fitTopology(c, {}, { width: 80, ascii: false, height: 3 })).toHaveLength(len({ list: false, compact: true }));
  });

  it('keeps two zones side by side, and lists them only where boxes cannot fit', () => {
    const c = model(2, 3, 'all');
    expect(renderTopology(c, {}, { width: 80, ascii: false }).find((l) => l.includes('Cluster 1'))).toContain('Cluster 2');
    const narrow = renderTopology(c, {}, { width: 30, ascii: false });
    expect(narrow.join(' ')).toContain('30 columns are too narrow for the cluster boxes; the picture is a list:');
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(30);
  });

  it('draws 12 meshes over 4 zones with all 132 links within 80 and 120 columns, quickly', () => {
    const c = model(4, 12, 'all');
    expect(c.links).toHaveLength(132);
    expect(topologyParts(c, {}).filter((p) => p.kind === 'hop')).toHaveLength(132);
    const started = performance.now();
    for (const width of [80, 120]) {
      for (const ascii of [false, true]) {
        for (const variant of [{}, { list: false }, { compact: true }, { list: false, compact: true }]) {
          const lines = renderTopology(c, {}, { width, ascii, ...variant });
          for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
          const text = lines.join('\n');
          for (const m of c.meshes) expect(text).toContain(`${m.name} (mTLS)`);
        }
        for (const l of textOf(fitTopology(c, {}, { width, ascii, height: 24 }))) expect(l.length).toBeLessThanOrEqual(width);
      }
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('draws one zone with one mesh and no links', () => {
    const c = model(1, 1, []);
    for (const width of [20, 40, 80, 120]) {
      const lines = renderTopology(c, {}, { width, ascii: false });
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).toContain('mesh1');
    }
    const text = diagramText(c, 80, false);
    expect(text).toContain('○ namespace z1m1');
    expect(text).toContain('No links');
    expect(text).not.toContain('gateway');
  });
});
