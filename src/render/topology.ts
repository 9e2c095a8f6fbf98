/**
 * The architecture picture as a model and as plain text: the meshes on the global control plane, a
 * "Cluster N" box per zone holding a box for every mesh that spans it (its namespace, permission,
 * gateway, echo, client and external services there), and one east-west hop per link. Every part is
 * tied to the step that creates it, so the picture can show what has been applied so far. When the
 * zones do not fit side by side, the picture becomes a list. Pure: no React, no colour codes.
 */
import type { CrossmeshConfig, LinkConfig, MeshConfig, MeshKey, ZoneConfig } from '../config/types.js';
import type { StepId, StepStatus } from '../model/types.js';
import { homeZone, isGuideShape, linkLabel, meshOf, namespaceIn, zoneOf, zoneRole } from '../config/model.js';
import { externalServiceName, gatewayNamespace } from '../../steps/common.js';
import { permissionName } from '../../steps/permissions.js';
import { connectionStepIds, linkKey } from '../../steps/connections.js';
import { ASCII, UNICODE, type BoxChars, type Marks, type Symbols } from './symbols.js';

export type PartState = 'planned' | 'applied' | 'failed' | 'rehearsed' | 'skipped';
export type PartKind = 'mesh' | 'namespace' | 'permission' | 'echo' | 'client' | 'gateway' | 'external-service' | 'hop';

export interface TopologyPart {
  /** stable id, e.g. "gateway/mesh1", "client/cluster2/mesh1", "external-service/cluster2/mesh2/mesh1", "hop/mesh2/mesh1" */
  id: string;
  kind: PartKind;
  /** what the picture calls it, e.g. "cross-mesh-gateway" */
  name: string;
  /** where it lives: a cluster's role (ClusterKey, "cluster1", ...), "global" (the control plane), or "between" the clusters (a hop) */
  cluster: string;
  /** the mesh it belongs to; for an external service or a hop, the calling mesh */
  mesh: MeshKey;
  /** for an external service or a hop: the mesh whose gateway it leads to */
  target?: MeshKey;
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

/** The meshes with a namespace in `zone`, in the configuration's order. */
function meshesIn(config: CrossmeshConfig, zone: ZoneConfig): MeshConfig[] {
  return config.meshes.filter((m) => m.namespaces[zone.name] !== undefined);
}

function globalWhere(config: CrossmeshConfig): string {
  return config.global.tool === 'kumactl' ? `control plane ${config.global.controlPlane}` : `context ${config.global.context}`;
}

/** The namespaces `mesh` runs its clients in. */
function clientNamespaces(mesh: MeshConfig): string[] {
  return mesh.clients.map((z) => namespaceIn(mesh, z));
}

/** Every part of the picture, in drawing order. */
export function topologyParts(config: CrossmeshConfig, statuses: Statuses): TopologyPart[] {
  const steps = connectionStepIds(config);
  const parts: TopologyPart[] = [];
  const add = (p: Omit<TopologyPart, 'state'>) => parts.push({ ...p, state: partState(statuses[p.step]) });

  for (const mesh of config.meshes) {
    add({
      id: `mesh/${mesh.key}`,
      kind: 'mesh',
      name: `${mesh.name} (mTLS)`,
      cluster: 'global',
      mesh: mesh.key,
      location: `global ${globalWhere(config)}`,
      step: 'mtls',
    });
  }
  for (const zone of config.zones) {
    const cluster = zoneRole(config, zone.name);
    for (const mesh of meshesIn(config, zone)) {
      const ns = namespaceIn(mesh, zone.name);
      const where = { cluster, mesh: mesh.key, namespace: ns, location: `${zone.context}/${ns}` };
      const runsEcho = mesh.echo.includes(zone.name);
      const gatewayStep = zone.name === mesh.home ? steps.gateway.get(mesh.key) : undefined;
      add({
        id: `namespace/${cluster}/${mesh.key}`,
        kind: 'namespace',
        name: `namespace ${ns}`,
        ...where,
        location: zone.context,
        step: 'namespaces',
      });
      if (runsEcho)
        add({
          id: `permission/${cluster}/${mesh.key}`,
          kind: 'permission',
          name: permissionName(mesh),
          ...where,
          location: zone.context,
          step: 'permissions',
        });
      if (gatewayStep) add({ id: `gateway/${mesh.key}`, kind: 'gateway', name: mesh.gateway.name, ...where, step: gatewayStep });
      if (runsEcho) add({ id: `echo/${cluster}/${mesh.key}`, kind: 'echo', name: 'echo', ...where, step: 'workloads' });
      if (!mesh.clients.includes(zone.name)) continue;
      add({ id: `client/${cluster}/${mesh.key}`, kind: 'client', name: 'client', ...where, step: 'workloads' });
      for (const link of config.links.filter((l) => l.from === mesh.key)) {
        add({
          id: `external-service/${cluster}/${link.from}/${link.to}`,
          kind: 'external-service',
          name: externalServiceName(config, link),
          ...where,
          location: zone.context,
          target: link.to,
          step: steps.link.get(linkKey(link))!,
        });
      }
    }
  }
  // the hops are only proven by a real request, so they follow the verify step
  for (const link of config.links) {
    const callers = meshOf(config, link.from).clients.map((z) => zoneOf(config, z).context);
    add({
      id: `hop/${link.from}/${link.to}`,
      kind: 'hop',
      name: `east-west hop ${linkLabel(config, link)}`,
      cluster: 'between',
      mesh: link.from,
      target: link.to,
      location: `${callers.join(', ')} -> ${homeZone(config, meshOf(config, link.to)).context}`,
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
const words = (text: string): SegmentLine[] => text.split(' ').map(plain);

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

/** Word wrap of words (each one or more segments) joined by spaces; continuation lines are indented. */
function wrapWords(wordList: SegmentLine[], width: number, indent: number, g: Glyphs): SegmentLine[] {
  const lines: SegmentLine[] = [];
  let cur: SegmentLine = [];
  for (const w of wordList) {
    if (!cur.length) cur = [...w];
    else if (len(cur) + 1 + len(w) > width) {
      lines.push(cur);
      cur = [{ text: ' '.repeat(Math.min(indent, Math.max(0, width - 1))) }, ...w];
    } else cur.push({ text: ' ' }, ...w);
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

function gatewayLabel(mesh: MeshConfig): string {
  return `${mesh.gateway.name} :${mesh.gateway.port}${mesh.gateway.kind === 'kong' ? ' (Kong)' : ''}`;
}

/** The gateway an external service or hop leads to. */
function targetGateway(config: CrossmeshConfig, p: TopologyPart): string {
  return p.target === undefined ? '' : meshOf(config, p.target).gateway.name;
}

const clusterTitle = (index: number) => `Cluster ${index + 1}`;

function clusterBody(config: CrossmeshConfig, parts: TopologyPart[], zone: ZoneConfig, width: number, g: Glyphs, compact: boolean) {
  const cluster = zoneRole(config, zone.name);
  const inner = width - 4;
  const body: SegmentLine[] = compact
    ? [plain(`context ${zone.context}, zone ${zone.zone}`)]
    : [plain(`context ${zone.context}`), plain(`zone ${zone.zone}`)];
  for (const m of meshesIn(config, zone)) {
    const rows: SegmentLine[] = [];
    let title: string | SegmentLine = m.name;
    for (const p of parts.filter((x) => x.cluster === cluster && x.mesh === m.key)) {
      if (compact && p.kind === 'namespace') {
        title = [{ text: `${m.name}, ` }, ...partLine(p, g)];
      } else if (p.kind === 'gateway') {
        rows.push(partLine(p, g, gatewayLabel(m)));
        if (!compact) rows.push(plain(`  gateway ${g.arrow} echo`));
      } else if (p.kind === 'external-service') {
        rows.push(partLine(p, g));
        if (!compact) rows.push(plain(`  ${g.hop} ${targetGateway(config, p)}`));
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

/** Cluster boxes need this many columns each for a mesh's parts to read. */
const MIN_CLUSTER_WIDTH = 34;
const CLUSTER_GAP = 2;

type Layout = { form: 'boxes'; clusterWidth: number; sideBySide: boolean } | { form: 'list'; note: string };

function layoutFor(config: CrossmeshConfig, width: number): Layout {
  const zoneCount = Math.max(1, config.zones.length);
  const sideBySideWidth = Math.floor((width - CLUSTER_GAP * (zoneCount - 1)) / zoneCount);
  if (sideBySideWidth >= MIN_CLUSTER_WIDTH) return { form: 'boxes', clusterWidth: sideBySideWidth, sideBySide: true };
  // The guide's picture has always stacked its two boxes, however narrow: handouts and runs keep it byte for byte.
  if (zoneCount <= 2 && (width >= MIN_CLUSTER_WIDTH || isGuideShape(config)))
    return { form: 'boxes', clusterWidth: width, sideBySide: false };
  const note =
    zoneCount > 2
      ? `${zoneCount} zones do not fit side by side in ${width} columns; the picture is a list:`
      : `${width} columns are too narrow for the cluster boxes; the picture is a list:`;
  return { form: 'list', note };
}

function clusterBoxes(
  config: CrossmeshConfig,
  parts: TopologyPart[],
  clusterWidth: number,
  sideBySide: boolean,
  g: Glyphs,
  compact: boolean,
) {
  const bodies = config.zones.map((zone) => clusterBody(config, parts, zone, clusterWidth, g, compact));
  if (!sideBySide) return bodies.flatMap((b, i) => box(clusterTitle(i), b, clusterWidth, g, false));
  const height = Math.max(...bodies.map((b) => b.length));
  const boxes = bodies.map((b, i) =>
    box(clusterTitle(i), [...b, ...Array.from({ length: height - b.length }, () => plain(''))], clusterWidth, g, false),
  );
  const gap: Segment = { text: ' '.repeat(CLUSTER_GAP) };
  return boxes[0]!.map((_, r) => boxes.flatMap((b, i) => (i ? [gap, ...b[r]!] : b[r]!)));
}

/** The list form: per zone, each mesh with the marks and names of its parts there, wrapped. */
function clusterList(config: CrossmeshConfig, parts: TopologyPart[], width: number, g: Glyphs, compact: boolean): SegmentLine[] {
  const out: SegmentLine[] = [];
  config.zones.forEach((zone, i) => {
    const cluster = zoneRole(config, zone.name);
    out.push(...wrapWords(words(`${clusterTitle(i)}: context ${zone.context}, zone ${zone.zone}`), width, 2, g));
    for (const m of meshesIn(config, zone)) {
      const partWords = parts
        .filter((p) => p.cluster === cluster && p.mesh === m.key)
        .map((p): SegmentLine => {
          if (p.kind === 'gateway') return partLine(p, g, gatewayLabel(m));
          if (p.kind === 'permission' && !compact) return partLine(p, g, `${p.name} (permission)`);
          if (p.kind === 'external-service' && !compact) return [...partLine(p, g), { text: ` ${g.hop} ${targetGateway(config, p)}` }];
          return partLine(p, g);
        });
      out.push(...wrapWords([plain(`  ${m.name}:`), ...partWords], width, 4, g));
    }
  });
  return out;
}

function legend(g: Glyphs, width: number): SegmentLine[] {
  const states: PartState[] = ['applied', 'planned', 'failed', 'rehearsed', 'skipped'];
  return wrapWords(
    states.map((s) => [{ text: `${g.marks[s]} ${s} `, state: s }]),
    width,
    0,
    g,
  );
}

/**
 * One line per hop, or wrapped lines under a heading. `short` leaves out the namespaces, which the
 * list form and the compact picture show elsewhere or not at all.
 */
function hopLines(config: CrossmeshConfig, parts: TopologyPart[], width: number, g: Glyphs, style: { short: boolean; wrap: boolean }) {
  const hops = parts.filter((p) => p.kind === 'hop');
  const out: SegmentLine[] = [];
  if (style.wrap) out.push(plain(hops.length ? 'East-west hops (client to the other mesh):' : 'No links: every mesh keeps to itself.'));
  for (const hop of hops) {
    const link: LinkConfig = { from: hop.mesh, to: hop.target! };
    const [mf, mt] = [meshOf(config, link.from), meshOf(config, link.to)];
    const tokens: Segment[] = [
      {
        text: style.short ? `${g.marks[hop.state]} ${mf.name} ${g.arrow} ${mt.name}:` : `${g.marks[hop.state]} ${mf.name}:`,
        state: hop.state,
      },
      { text: style.short ? 'client' : `client (${clientNamespaces(mf).join(', ')})` },
      { text: g.arrow },
      { text: externalServiceName(config, link) },
      { text: g.hop },
      { text: style.short ? mt.gateway.name : `${mt.gateway.name} (${gatewayNamespace(mt)})` },
      { text: g.arrow },
      { text: style.short ? 'echo' : `echo in ${mt.name}` },
    ];
    if (style.wrap)
      out.push(
        ...wrapWords(
          [{ text: ' ' }, ...tokens].map((t) => [t]),
          width,
          4,
          g,
        ),
      );
    else
      out.push(
        truncate(
          tokens.flatMap((t, i) => (i ? [{ text: ' ' }, t] : [t])),
          width,
          g,
        ),
      );
  }
  return out;
}

function partList(parts: TopologyPart[], width: number, g: Glyphs): SegmentLine[] {
  const entries: SegmentLine[] = parts.map((p) => [
    { text: `${g.marks[p.state]} ${p.name}`, state: p.state },
    { text: `${p.kind === 'hop' || p.kind === 'mesh' ? '' : ` in ${p.location}`}: ${p.state}` },
  ]);
  const colWidth = entries.reduce((w, e) => Math.max(w, len(e)), 0) + 2;
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
  const compact = opts.compact ?? false;
  const parts = topologyParts(config, statuses);
  const out: SegmentLine[] = [];

  const global = `${globalWhere(config)} (${config.global.tool})`;
  out.push(...wrapWords([plain(`Global ${global}:`), ...parts.filter((p) => p.kind === 'mesh').map((p) => partLine(p, g))], width, 2, g));

  const layout = layoutFor(config, width);
  if (layout.form === 'boxes') {
    out.push(...clusterBoxes(config, parts, layout.clusterWidth, layout.sideBySide, g, compact));
    out.push(...hopLines(config, parts, width, g, { short: compact, wrap: !compact }));
  } else {
    out.push(...wrapWords(words(layout.note), width, 0, g));
    out.push(...clusterList(config, parts, width, g, compact));
    out.push(...hopLines(config, parts, width, g, { short: true, wrap: !compact }));
  }
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
 * The topology as plain text lines no longer than `opts.width`: the clusters side by side when there
 * is room (stacked, or a list, otherwise), the east-west hops, a legend and the state of every part.
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
