/**
 * The guide's architecture picture as a model and as plain text: two clusters, each holding a namespace
 * of both meshes, the gateways and echo in cluster 1, the clients and MeshExternalServices in cluster 2,
 * and the two east-west hops between them. Every part is tied to the step that creates it, so the
 * picture can show what has been applied so far. Pure: no React, no colour codes.
 */
import type { ClusterKey, CrossmeshConfig, MeshKey } from '../config/types.js';
import type { StepId, StepStatus } from '../model/types.js';
import { kindOf, nameOf } from '../model/types.js';
import { planContext } from '../model/plan.js';
import type { StepDefinition } from '../../steps/common.js';
import { externalServiceName, gatewayNamespace } from '../../steps/common.js';
import { permissionName } from '../../steps/permissions.js';
import { externalService } from '../../steps/external-service.js';
import { reverseMatrix } from '../../steps/reverse-matrix.js';
import { ASCII, UNICODE, type BoxChars, type Marks, type Symbols } from './symbols.js';

export type PartState = 'planned' | 'applied' | 'failed' | 'rehearsed' | 'skipped';
export type PartKind = 'mesh' | 'namespace' | 'permission' | 'echo' | 'client' | 'gateway' | 'external-service' | 'hop';

export interface TopologyPart {
  /** stable id, e.g. "gateway/mesh1" */
  id: string;
  kind: PartKind;
  /** what the picture calls it, e.g. "cross-mesh-gateway" */
  name: string;
  /** where it lives: a cluster, the global control plane, or between the clusters (a hop) */
  cluster: ClusterKey | 'global' | 'between';
  mesh: MeshKey;
  /** namespace of the mesh this part is drawn in, when it is drawn inside one */
  namespace?: string;
  /** where, in words: "c1/c1m1", "global", "c2 -> c1" */
  location: string;
  step: StepId;
  state: PartState;
}

export type Statuses = Partial<Record<StepId, StepStatus>>;

export interface TopologyOptions {
  width: number;
  ascii: boolean;
  /** append the per-part state list (default true) */
  list?: boolean;
  /** fewer lines: context and zone in the cluster title, the namespace in the mesh title, no detail lines */
  compact?: boolean;
}

/** A piece of a line; `state` is set on the text that stands for a part, so a front end can colour it. */
export interface Segment {
  text: string;
  state?: PartState;
}
export type SegmentLine = Segment[];

/** in-sync and checked mean the objects are there, as much as applied does. */
export function partState(status: StepStatus | undefined): PartState {
  switch (status) {
    case 'applied':
    case 'in-sync':
    case 'checked':
      return 'applied';
    case 'failed':
      return 'failed';
    case 'rehearsed':
      return 'rehearsed';
    case 'skipped':
      return 'skipped';
    default:
      return 'planned';
  }
}

/**
 * The names of the two MeshExternalServices, keyed by the mesh whose gateway they lead to, taken from
 * the manifests of the external-service step (to mesh1) and the reverse-matrix step (to mesh2).
 */
export function externalServiceNames(config: CrossmeshConfig): Record<MeshKey, string> {
  const ctx = planContext(config);
  const name = (step: StepDefinition, mesh: MeshKey) => {
    const m = step.manifests(ctx).find((x) => kindOf(x.object) === 'MeshExternalService');
    return m ? nameOf(m.object) : externalServiceName(config, mesh);
  };
  return { mesh1: name(externalService, 'mesh1'), mesh2: name(reverseMatrix, 'mesh2') };
}

/** Every part of the picture, in drawing order. */
export function topologyParts(config: CrossmeshConfig, statuses: Statuses): TopologyPart[] {
  const { meshes, clusters } = config;
  const c1 = clusters.cluster1.context;
  const c2 = clusters.cluster2.context;
  const st = (step: StepId) => partState(statuses[step]);
  const global = config.global.tool === 'kumactl' ? `control plane ${config.global.controlPlane}` : `context ${config.global.context}`;
  const mesNames = externalServiceNames(config);
  const parts: TopologyPart[] = [];
  const add = (p: Omit<TopologyPart, 'state'>) => parts.push({ ...p, state: st(p.step) });

  for (const mesh of ['mesh1', 'mesh2'] as const) {
    add({
      id: `mesh/${mesh}`,
      kind: 'mesh',
      name: `${meshes[mesh].name} (mTLS)`,
      cluster: 'global',
      mesh,
      location: `global ${global}`,
      step: 'mtls',
    });
  }
  // cluster 1: the gateways and echo
  for (const mesh of ['mesh1', 'mesh2'] as const) {
    const ns = meshes[mesh].cluster1Namespace;
    const where = { cluster: 'cluster1' as const, mesh, namespace: ns, location: `${c1}/${ns}` };
    add({ id: `namespace/cluster1/${mesh}`, kind: 'namespace', name: `namespace ${ns}`, ...where, location: c1, step: 'namespaces' });
    add({
      id: `permission/cluster1/${mesh}`,
      kind: 'permission',
      name: permissionName(config, mesh),
      ...where,
      location: c1,
      step: 'permissions',
    });
    add({
      id: `gateway/${mesh}`,
      kind: 'gateway',
      name: meshes[mesh].gateway.name,
      ...where,
      step: mesh === 'mesh1' ? 'gateway' : 'reverse-matrix',
    });
    add({ id: `echo/cluster1/${mesh}`, kind: 'echo', name: 'echo', ...where, step: 'workloads' });
  }
  // cluster 2: the clients and the external services that lead to the other mesh's gateway
  for (const mesh of ['mesh1', 'mesh2'] as const) {
    const ns = meshes[mesh].cluster2Namespace;
    const where = { cluster: 'cluster2' as const, mesh, namespace: ns, location: `${c2}/${ns}` };
    add({ id: `namespace/cluster2/${mesh}`, kind: 'namespace', name: `namespace ${ns}`, ...where, location: c2, step: 'namespaces' });
    if (mesh === 'mesh1' && config.echo.inZone2) {
      add({
        id: 'permission/cluster2/mesh1',
        kind: 'permission',
        name: permissionName(config, mesh),
        ...where,
        location: c2,
        step: 'permissions',
      });
      add({ id: 'echo/cluster2/mesh1', kind: 'echo', name: 'echo', ...where, step: 'workloads' });
    }
    add({ id: `client/${mesh}`, kind: 'client', name: 'client', ...where, step: 'workloads' });
    add({
      id: `external-service/${mesh}`,
      kind: 'external-service',
      name: mesNames[mesh === 'mesh1' ? 'mesh2' : 'mesh1'],
      ...where,
      location: c2,
      step: mesh === 'mesh2' ? 'external-service' : 'reverse-matrix',
    });
  }
  // the hops are only proven by a real request, so they follow the verify step
  for (const from of ['mesh2', 'mesh1'] as const) {
    const to = from === 'mesh1' ? 'mesh2' : 'mesh1';
    add({
      id: `hop/${from}`,
      kind: 'hop',
      name: `east-west hop ${meshes[from].name} -> ${meshes[to].name}`,
      cluster: 'between',
      mesh: from,
      location: `${c2} -> ${c1}`,
      step: 'verify',
    });
  }
  return parts;
}

/** The drawing characters of one picture: the box chars, arrows and marks of render/symbols.ts. */
interface Glyphs extends BoxChars {
  itl: string;
  itr: string;
  ibl: string;
  ibr: string;
  ih: string;
  iv: string;
  arrow: string;
  hop: string;
  ellipsis: string;
  marks: Record<PartState, string>;
}

/** Which mark of the symbol table stands for which state of a part. */
const PART_MARK: Record<PartState, keyof Marks> = {
  applied: 'ok',
  planned: 'pending',
  failed: 'fail',
  rehearsed: 'rehearsed',
  skipped: 'skipped',
};

function glyphsOf(s: Symbols): Glyphs {
  const { outer: o, inner: i } = s.box;
  return {
    ...o,
    itl: i.tl,
    itr: i.tr,
    ibl: i.bl,
    ibr: i.br,
    ih: i.h,
    iv: i.v,
    arrow: s.arrow,
    hop: s.hop,
    ellipsis: s.ellipsis,
    marks: {
      applied: s[PART_MARK.applied],
      planned: s[PART_MARK.planned],
      failed: s[PART_MARK.failed],
      rehearsed: s[PART_MARK.rehearsed],
      skipped: s[PART_MARK.skipped],
    },
  };
}

const UNICODE_GLYPHS = glyphsOf(UNICODE);
const ASCII_GLYPHS = glyphsOf(ASCII);
const glyphs = (ascii: boolean): Glyphs => (ascii ? ASCII_GLYPHS : UNICODE_GLYPHS);

export function stateMark(state: PartState, ascii: boolean): string {
  return glyphs(ascii).marks[state];
}

const len = (line: SegmentLine) => line.reduce((n, s) => n + s.text.length, 0);
const plain = (text: string): SegmentLine => [{ text }];

/** Cuts a line to `width` columns, ending in an ellipsis when something was cut. */
function truncate(line: SegmentLine, width: number, g: Glyphs): SegmentLine {
  if (len(line) <= width) return line;
  const room = Math.max(0, width - g.ellipsis.length);
  const out: SegmentLine = [];
  let used = 0;
  for (const s of line) {
    if (used >= room) break;
    const text = s.text.slice(0, room - used);
    out.push({ ...s, text });
    used += text.length;
  }
  out.push({ text: g.ellipsis.slice(0, Math.max(0, width - used)) });
  return out;
}

function padTo(line: SegmentLine, width: number, g: Glyphs): SegmentLine {
  const cut = truncate(line, width, g);
  const gap = width - len(cut);
  return gap > 0 ? [...cut, { text: ' '.repeat(gap) }] : cut;
}

/** Word wrap of tokens joined by spaces; continuation lines are indented. */
function wrapTokens(tokens: Segment[], width: number, indent: number, g: Glyphs): SegmentLine[] {
  const lines: SegmentLine[] = [];
  let cur: SegmentLine = [];
  for (const t of tokens) {
    if (!cur.length) cur = [t];
    else if (len(cur) + 1 + t.text.length > width) {
      lines.push(cur);
      cur = [{ text: ' '.repeat(Math.min(indent, Math.max(0, width - 1))) }, t];
    } else cur.push({ text: ' ' }, t);
  }
  if (cur.length) lines.push(cur);
  return lines.map((l) => truncate(l, width, g));
}

function box(title: string | SegmentLine, body: SegmentLine[], width: number, g: Glyphs, inner: boolean): SegmentLine[] {
  const [tl, tr, bl, br, h, v] = inner ? [g.itl, g.itr, g.ibl, g.ibr, g.ih, g.iv] : [g.tl, g.tr, g.bl, g.br, g.h, g.v];
  const head = typeof title === 'string' ? plain(title) : title;
  if (width < 6) return [truncate(head, width, g), ...body.map((l) => truncate(l, width, g))];
  const label = truncate([{ text: ' ' }, ...head, { text: ' ' }], width - 3, g);
  const top: SegmentLine = [{ text: tl + h }, ...label, { text: h.repeat(Math.max(0, width - 3 - len(label))) + tr }];
  const rows = body.map((l) => [{ text: `${v} ` }, ...padTo(l, width - 4, g), { text: ` ${v}` }]);
  return [top, ...rows, [{ text: bl + h.repeat(width - 2) + br }]];
}

function partLine(p: TopologyPart, g: Glyphs, label = p.name): SegmentLine {
  return [{ text: `${g.marks[p.state]} ${label}`, state: p.state }];
}

function clusterBody(
  config: CrossmeshConfig,
  parts: TopologyPart[],
  cluster: ClusterKey,
  width: number,
  g: Glyphs,
  compact: boolean,
): SegmentLine[] {
  const c = config.clusters[cluster];
  const inner = width - 4;
  const body: SegmentLine[] = compact
    ? [plain(`context ${c.context}, zone ${c.zone}`)]
    : [plain(`context ${c.context}`), plain(`zone ${c.zone}`)];
  for (const mesh of ['mesh1', 'mesh2'] as const) {
    const m = config.meshes[mesh];
    const rows: SegmentLine[] = [];
    let title: string | SegmentLine = m.name;
    for (const p of parts.filter((x) => x.cluster === cluster && x.mesh === mesh)) {
      if (compact && p.kind === 'namespace') {
        title = [{ text: `${m.name}, ` }, ...partLine(p, g)];
      } else if (p.kind === 'gateway') {
        rows.push(partLine(p, g, `${p.name} :${m.gateway.port}${m.gateway.kind === 'kong' ? ' (Kong)' : ''}`));
        if (!compact) rows.push(plain(`  gateway ${g.arrow} echo`));
      } else if (p.kind === 'external-service') {
        const target = mesh === 'mesh1' ? 'mesh2' : 'mesh1';
        rows.push(partLine(p, g));
        if (!compact) rows.push(plain(`  ${g.hop} ${config.meshes[target].gateway.name}`));
      } else if (p.kind === 'permission') {
        const label = `${p.name} (permission)`;
        rows.push(partLine(p, g, g.marks[p.state].length + 1 + label.length <= inner - 4 ? label : p.name));
      } else {
        rows.push(partLine(p, g));
      }
    }
    body.push(...box(title, rows, inner, g, true));
  }
  return body;
}

function legend(g: Glyphs, width: number): SegmentLine[] {
  const states: PartState[] = ['applied', 'planned', 'failed', 'rehearsed', 'skipped'];
  return wrapTokens(
    states.map((s) => ({ text: `${g.marks[s]} ${s} `, state: s })),
    width,
    0,
    g,
  );
}

function hopLines(config: CrossmeshConfig, parts: TopologyPart[], width: number, g: Glyphs, compact: boolean): SegmentLine[] {
  const out: SegmentLine[] = compact ? [] : [plain('East-west hops (client to the other mesh):')];
  for (const hop of parts.filter((p) => p.kind === 'hop')) {
    const from = hop.mesh;
    const to: MeshKey = from === 'mesh1' ? 'mesh2' : 'mesh1';
    const [mf, mt] = [config.meshes[from], config.meshes[to]];
    const tokens: Segment[] = [
      { text: compact ? `${g.marks[hop.state]} ${mf.name} ${g.arrow} ${mt.name}:` : `${g.marks[hop.state]} ${mf.name}:`, state: hop.state },
      { text: compact ? 'client' : `client (${mf.cluster2Namespace})` },
      { text: g.arrow },
      { text: parts.find((p) => p.kind === 'external-service' && p.mesh === from)?.name ?? '' },
      { text: g.hop },
      { text: compact ? mt.gateway.name : `${mt.gateway.name} (${gatewayNamespace(config, to)})` },
      { text: g.arrow },
      { text: compact ? 'echo' : `echo in ${mt.name}` },
    ];
    if (compact)
      out.push(
        truncate(
          tokens.flatMap((t, i) => (i ? [{ text: ' ' }, t] : [t])),
          width,
          g,
        ),
      );
    else out.push(...wrapTokens([{ text: ' ' }, ...tokens], width, 4, g));
  }
  return out;
}

function partList(parts: TopologyPart[], width: number, g: Glyphs): SegmentLine[] {
  const entries: SegmentLine[] = parts.map((p) => [
    { text: `${g.marks[p.state]} ${p.name}`, state: p.state },
    { text: `${p.kind === 'hop' || p.kind === 'mesh' ? '' : ` in ${p.location}`}: ${p.state}` },
  ]);
  const colWidth = Math.max(...entries.map(len)) + 2;
  const cols = Math.max(1, Math.floor((width + 2) / colWidth));
  const out: SegmentLine[] = [plain('Parts:')];
  for (let i = 0; i < entries.length; i += cols) {
    const row = entries.slice(i, i + cols);
    const line: SegmentLine = row.flatMap((e, j) => (j < row.length - 1 ? padTo(e, colWidth, g) : e));
    out.push(truncate(line, width, g));
  }
  return out;
}

/** The picture as lines of segments, for a front end that colours parts by state. */
export function topologySegments(config: CrossmeshConfig, statuses: Statuses, opts: TopologyOptions): SegmentLine[] {
  const g = glyphs(opts.ascii);
  const width = Math.max(1, Math.floor(opts.width));
  const parts = topologyParts(config, statuses);
  const out: SegmentLine[] = [];

  const global =
    config.global.tool === 'kumactl'
      ? `control plane ${config.global.controlPlane} (kumactl)`
      : `context ${config.global.context} (kubectl)`;
  out.push(
    ...wrapTokens([{ text: `Global ${global}:` }, ...parts.filter((p) => p.kind === 'mesh').map((p) => partLine(p, g)[0]!)], width, 2, g),
  );

  const gap = 2;
  const sideBySide = Math.floor((width - gap) / 2) >= 34;
  const clusterWidth = sideBySide ? Math.floor((width - gap) / 2) : width;
  const compact = opts.compact ?? false;
  const bodies = (['cluster1', 'cluster2'] as const).map((c) => clusterBody(config, parts, c, clusterWidth, g, compact));
  const titles = ['Cluster 1', 'Cluster 2'];
  if (sideBySide) {
    const height = Math.max(...bodies.map((b) => b.length));
    const boxes = bodies.map((b, i) =>
      box(titles[i]!, [...b, ...Array.from({ length: height - b.length }, () => plain(''))], clusterWidth, g, false),
    );
    for (let r = 0; r < boxes[0]!.length; r++) out.push([...boxes[0]![r]!, { text: ' '.repeat(gap) }, ...boxes[1]![r]!]);
  } else {
    bodies.forEach((b, i) => out.push(...box(titles[i]!, b, clusterWidth, g, false)));
  }

  out.push(...hopLines(config, parts, width, g, compact));
  out.push(...legend(g, width));
  if (opts.list !== false) out.push(...partList(parts, width, g));
  return out.map((l) => truncate(l, width, g));
}

/**
 * The richest picture that fits in `height` lines: with the part list, without it, then compact.
 * Returns the compact picture when nothing fits, so the caller can still scroll or cut it.
 */
export function fitTopology(config: CrossmeshConfig, statuses: Statuses, opts: TopologyOptions & { height: number }): SegmentLine[] {
  const variants: Array<Pick<TopologyOptions, 'list' | 'compact'>> = [
    { list: true, compact: false },
    { list: false, compact: false },
    { list: true, compact: true },
    { list: false, compact: true },
  ];
  let lines: SegmentLine[] = [];
  for (const v of variants) {
    if (opts.list === false && v.list) continue;
    lines = topologySegments(config, statuses, { width: opts.width, ascii: opts.ascii, ...v });
    if (lines.length <= opts.height) break;
  }
  return lines;
}

/**
 * The topology as plain text lines no longer than `opts.width`: the two clusters side by side when
 * there is room (stacked otherwise), the east-west hops, a legend and the state of every part.
 */
export function renderTopology(config: CrossmeshConfig, statuses: Statuses, opts: TopologyOptions): string[] {
  return topologySegments(config, statuses, opts).map((l) =>
    l
      .map((s) => s.text)
      .join('')
      .trimEnd(),
  );
}

/** The picture with nothing applied yet, for `crossmesh plan --diagram` and the handouts. */
export function diagramText(config: CrossmeshConfig, width: number, ascii: boolean): string {
  return `${renderTopology(config, {}, { width, ascii, list: false }).join('\n')}\n`;
}
