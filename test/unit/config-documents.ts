/**
 * Generated crossmesh.yaml documents for the loader's robustness tests: random configurations, random
 * YAML, damaged copies of a valid file (seeded, so every run sees the same documents) and a fixed list
 * of hostile ones (aliases, huge keys and values, control characters, invalid UTF-8, deep nesting).
 */
import { parse, stringify } from 'yaml';
import { renderConfig } from '../../src/config/file.js';
import { defaultConfig } from '../../src/config/defaults.js';

/** A document as text (read with parseConfigText) or as the bytes of a file (read with loadConfig). */
export type ConfigDocument = { label: string; text: string } | { label: string; bytes: Uint8Array };

export interface Random {
  /** a number in [0, 1) */
  next(): number;
  /** a whole number in [0, n) */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

const KEYS = ['context', 'zone', 'name', 'port', 'address', 'image', 'tool', 'gateway', 'mesh1', 'cluster1'];

const ODD_CHARACTERS = [
  '\u0000',
  '\u0007',
  '\t',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u202e',
  '\ufeff',
  'é',
  'ß',
  '😀',
  '\ud800',
  '\udfff',
  '"',
  "'",
  '\\',
  ':',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  '{',
  '[',
  '%',
  '@',
  '`',
];

function randomString(r: Random): string {
  switch (r.int(8)) {
    case 0:
      return r.pick([
        'c1',
        'c2',
        'zone1',
        'mesh1',
        'kumactl',
        'kubectl',
        '3m',
        '10y',
        'kong/go-echo:0.6.0',
        '203.0.113.7',
        'gw.example.com',
        '999.1.1.1',
        '1.2.3',
        '::1',
      ]);
    case 1:
      return Array.from({ length: 1 + r.int(20) }, () => r.pick([...'abcxyz019-.'])).join('');
    case 2:
      return Array.from({ length: 1 + r.int(10) }, () => (r.chance(0.3) ? r.pick(ODD_CHARACTERS) : r.pick([...'abc123']))).join('');
    case 3:
      return 'x'.repeat(r.pick([61, 64, 254, 1001, 5000]));
    case 4:
      return String.fromCharCode(r.int(0x20)) + 'name';
    case 5:
      return '';
    case 6:
      return ' ';
    default:
      return r.pick(['true', 'null', '~', '0x10', '1e400', '.nan', '-1', '08']);
  }
}

function randomValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0:
      return randomString(r);
    case 1:
      return r.pick([0, 1, 80, 1025, 8080, 65535, 65536, -1, 80.5, 2048, 1e300, Number.MAX_SAFE_INTEGER]);
    case 2:
      return r.chance(0.5);
    case 3:
      return null;
    case 4:
      return randomString(r);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [r.chance(0.7) ? r.pick(KEYS) : randomString(r), randomValue(r, depth + 1)]),
      );
  }
}

type Setting = { path: Array<string | number>; valid: (r: Random) => unknown };

const dnsName = (r: Random): string =>
  `${r.pick([...'abcmz'])}${Array.from({ length: r.int(12) }, () => r.pick([...'abc019-'])).join('')}${r.pick([...'xyz7'])}`;
const port = (r: Random): number => r.pick([80, 443, 1027, 8080, 9000, 1 + r.int(65535)]);
const duration = (r: Random): string => r.pick(['90s', '3m', '1h30m', '10y', '500ms', '1d', `${1 + r.int(100)}m`]);
const image = (r: Random): string =>
  r.pick(['kong/go-echo:0.6.0', 'busybox:1', 'registry.example.com/a/b@sha256:abc', `${dnsName(r)}:${r.int(10)}`]);
const address = (r: Random): string =>
  r.pick([`${r.int(256)}.${r.int(256)}.${r.int(256)}.${r.int(256)}`, `${dnsName(r)}.example.com`, '2001:db8::1']);

/** crossmesh.yaml version 1 with every setting at its default: the shape of the files written before version 2. */
export function version1Defaults(): Record<string, unknown> {
  return {
    version: 1,
    global: { tool: 'kumactl', controlPlane: 'global' },
    clusters: { cluster1: { context: 'c1', zone: 'zone1' }, cluster2: { context: 'c2', zone: 'zone2' } },
    meshes: {
      mesh1: {
        name: 'mesh1',
        cluster1Namespace: 'c1m1',
        cluster2Namespace: 'c2m1',
        gateway: { kind: 'builtin', name: 'cross-mesh-gateway', port: 8080 },
      },
      mesh2: {
        name: 'mesh2',
        cluster1Namespace: 'c1m2',
        cluster2Namespace: 'c2m2',
        gateway: { kind: 'builtin', name: 'mesh2-gateway', port: 8080 },
      },
    },
    echo: { port: 1027, image: 'kong/go-echo:0.6.0', inZone2: true },
    client: { image: 'curlimages/curl:8.11.1' },
    ca: { backend: 'ca-1', rsaBits: 2048, caExpiration: '10y', certExpiration: '1d' },
    gatewayWait: '3m',
    meshSyncWait: '2m',
    drainWait: '2m',
  };
}

/** The settings both versions have, with a generator of values each accepts. */
const COMMON_SETTINGS: Setting[] = [
  { path: ['global', 'controlPlane'], valid: (r) => r.pick(['global', 'konnect', dnsName(r)]) },
  { path: ['systemNamespace'], valid: (r) => r.pick(['kuma-system', 'kong-mesh-system', dnsName(r)]) },
  { path: ['echo', 'port'], valid: (r) => r.pick([1027, 8080, 80]) },
  { path: ['echo', 'image'], valid: image },
  { path: ['client', 'image'], valid: image },
  { path: ['ca', 'backend'], valid: dnsName },
  { path: ['ca', 'rsaBits'], valid: (r) => r.pick([2048, 3072, 4096]) },
  { path: ['ca', 'caExpiration'], valid: duration },
  { path: ['ca', 'certExpiration'], valid: duration },
  { path: ['gatewayWait'], valid: duration },
  { path: ['meshSyncWait'], valid: duration },
  { path: ['drainWait'], valid: duration },
];

/** The zones, meshes and links of version 2, over the two zones and two meshes renderConfig writes by default. */
const VERSION2_SETTINGS: Setting[] = [
  ...COMMON_SETTINGS,
  ...[0, 1].flatMap((zone): Setting[] => [
    { path: ['zones', zone, 'context'], valid: (r) => r.pick(['kind-east', 'arn:aws:eks:eu-west-1:1:cluster/a', `gke_${dnsName(r)}`]) },
    { path: ['zones', zone, 'zone'], valid: dnsName },
    { path: ['zones', zone, 'name'], valid: (r) => r.pick(['zone1', 'zone2', 'zone3']) },
  ]),
  { path: ['zones', 2], valid: (r) => ({ name: r.pick(['zone3', 'zone2']), context: r.pick(['c3', 'c1']) }) },
  ...[0, 1].flatMap((mesh): Setting[] => [
    { path: ['meshes', mesh, 'name'], valid: dnsName },
    { path: ['meshes', mesh, 'home'], valid: (r) => r.pick(['zone1', 'zone2']) },
    { path: ['meshes', mesh, 'namespaces', 'zone1'], valid: dnsName },
    { path: ['meshes', mesh, 'namespaces', 'zone2'], valid: dnsName },
    { path: ['meshes', mesh, 'echo'], valid: (r) => r.pick([['zone1'], ['zone1', 'zone2'], ['zone2']]) },
    { path: ['meshes', mesh, 'clients'], valid: (r) => r.pick([['zone2'], ['zone1', 'zone2'], []]) },
    { path: ['meshes', mesh, 'passthrough'], valid: (r) => r.chance(0.5) },
    { path: ['meshes', mesh, 'gateway', 'kind'], valid: (r) => r.pick(['builtin', 'kong']) },
    { path: ['meshes', mesh, 'gateway', 'name'], valid: dnsName },
    { path: ['meshes', mesh, 'gateway', 'port'], valid: port },
    { path: ['meshes', mesh, 'gateway', 'address'], valid: address },
  ]),
  { path: ['links', 0, 'from'], valid: (r) => r.pick(['mesh1', 'mesh2']) },
  {
    path: ['links', 1],
    valid: (r) =>
      r.pick([
        { from: 'mesh1', to: 'mesh2' },
        { from: 'mesh2', to: 'mesh2' },
      ]),
  },
  { path: ['links'], valid: (r) => r.pick([[], [{ from: 'mesh1', to: 'mesh2' }]]) },
];

/** Every setting of version 1, with a generator of values it accepts. */
const SETTINGS: Setting[] = [
  { path: ['global', 'controlPlane'], valid: (r) => r.pick(['global', 'konnect', dnsName(r)]) },
  { path: ['clusters', 'cluster1', 'context'], valid: (r) => r.pick(['kind-east', 'arn:aws:eks:eu-west-1:1:cluster/a', dnsName(r)]) },
  { path: ['clusters', 'cluster2', 'context'], valid: (r) => r.pick(['kind-west', `gke_${dnsName(r)}`]) },
  { path: ['clusters', 'cluster1', 'zone'], valid: dnsName },
  { path: ['clusters', 'cluster2', 'zone'], valid: dnsName },
  { path: ['systemNamespace'], valid: (r) => r.pick(['kuma-system', 'kong-mesh-system', dnsName(r)]) },
  ...(['mesh1', 'mesh2'] as const).flatMap((mesh): Setting[] => [
    { path: ['meshes', mesh, 'name'], valid: dnsName },
    { path: ['meshes', mesh, 'cluster1Namespace'], valid: dnsName },
    { path: ['meshes', mesh, 'cluster2Namespace'], valid: dnsName },
    { path: ['meshes', mesh, 'gateway', 'name'], valid: dnsName },
    { path: ['meshes', mesh, 'gateway', 'port'], valid: port },
    { path: ['meshes', mesh, 'gateway', 'address'], valid: address },
  ]),
  { path: ['echo', 'port'], valid: (r) => r.pick([1027, 8080, 80]) },
  { path: ['echo', 'image'], valid: image },
  { path: ['echo', 'inZone2'], valid: (r) => r.chance(0.5) },
  { path: ['client', 'image'], valid: image },
  { path: ['ca', 'backend'], valid: dnsName },
  { path: ['ca', 'rsaBits'], valid: (r) => r.pick([2048, 3072, 4096]) },
  { path: ['ca', 'caExpiration'], valid: duration },
  { path: ['ca', 'certExpiration'], valid: duration },
  { path: ['gatewayWait'], valid: duration },
  { path: ['meshSyncWait'], valid: duration },
  { path: ['drainWait'], valid: duration },
];

function setIn(target: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  let at: Record<string | number, unknown> = target;
  path.slice(0, -1).forEach((key, i) => {
    const list = typeof path[i + 1] === 'number';
    if (typeof at[key] !== 'object' || at[key] === null || Array.isArray(at[key]) !== list) at[key] = list ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  });
  at[path.at(-1)!] = value;
}

/**
 * The default configuration, as version 1 or (one time in three) as the version 2 file renderConfig
 * writes, with a few settings changed, mostly to values it accepts, sometimes to anything.
 */
export function randomConfigDocument(r: Random, label: string): ConfigDocument {
  const version2 = r.chance(1 / 3);
  const config: Record<string, unknown> = version2 ? parse(renderConfig(defaultConfig())) : version1Defaults();
  for (let edits = r.int(5); edits > 0; edits--) {
    const setting = r.pick(version2 ? VERSION2_SETTINGS : SETTINGS);
    setIn(config, setting.path, r.chance(0.7) ? setting.valid(r) : randomValue(r));
  }
  const sections = version2
    ? ['global', 'zones', 'meshes', 'links', 'echo', 'client', 'ca']
    : ['global', 'clusters', 'meshes', 'echo', 'client', 'ca'];
  for (const section of sections) if (r.chance(0.15)) delete config[section];
  if (r.chance(0.1)) config[r.chance(0.5) ? 'meshs' : randomString(r) || 'extra'] = randomValue(r);
  const text = stringify(config, {
    lineWidth: 0,
    collectionStyle: r.pick(['any', 'block', 'flow'] as const),
    defaultStringType: r.pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const),
  });
  return { label, text };
}

const YAML_PIECES = [
  'a',
  'echo',
  'meshes',
  'mesh1',
  'gateway',
  'port',
  'clusters',
  'context',
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!str ',
  '!!int ',
  '!!binary ',
  '!!map ',
  '!!set ',
  '!foo ',
  '? ',
  '"',
  "'",
  '|',
  '>-',
  '# c',
  '\n',
  '\n',
  '\n  ',
  '\n    ',
  '  ',
  '\t',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '%TAG ! tag:x,2000:\n',
  '<<: ',
  '1',
  '0x1F',
  '1e400',
  '.nan',
  '~',
  'null',
  'true',
  '\\',
  '\\x07',
  '\u0007',
  '\u0000',
  'é',
  '😀',
  '\ufeff',
  '\r\n',
  '\u2028',
];

/** Random YAML-ish text: pieces of syntax in random order. */
export function randomYamlDocument(r: Random, label: string): ConfigDocument {
  return { label, text: Array.from({ length: 1 + r.int(60) }, () => r.pick(YAML_PIECES)).join('') };
}

const encoder = new TextEncoder();

/** The file the wizard writes (or a version 1 file), damaged: bytes inserted, removed, replaced (some not UTF-8), lines repeated. */
export function damagedConfigDocument(r: Random, label: string): ConfigDocument {
  const file = r.chance(0.75) ? renderConfig(defaultConfig()) : stringify(version1Defaults(), { lineWidth: 0 });
  let bytes = Array.from(encoder.encode(file));
  for (let edits = 1 + r.int(8); edits > 0; edits--) {
    const at = r.int(bytes.length + 1);
    switch (r.int(4)) {
      case 0:
        bytes.splice(at, 0, ...encoder.encode(r.pick(YAML_PIECES)));
        break;
      case 1:
        bytes.splice(at, 1 + r.int(20));
        break;
      case 2:
        bytes[Math.min(at, bytes.length - 1)] = r.int(256);
        break;
      default: {
        const start = bytes.lastIndexOf(0x0a, at - 1) + 1;
        const end = bytes.indexOf(0x0a, at);
        const line = bytes.slice(start, end < 0 ? bytes.length : end + 1);
        bytes = [...bytes.slice(0, start), ...line, ...line, ...bytes.slice(start + line.length)];
      }
    }
  }
  return { label, bytes: Uint8Array.from(bytes) };
}

function billionLaughs(levels: number, width: number): string {
  const lines = ['lol0: &lol0 "lol"'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `lol${i}: &lol${i} [${Array(width)
        .fill(`*lol${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function manyKeys(count: number, key: (i: number) => string, value = '1'): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `${key(i)}: ${value}\n`;
  return text;
}

const withBytes = (label: string, ...parts: Array<string | number[]>): ConfigDocument => ({
  label,
  bytes: Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...encoder.encode(p)] : p))),
});

/** Documents built to hurt a loader: each one named after what it tries. */
export function hostileDocuments(): ConfigDocument[] {
  const deep = (n: number, open: string, close: string, inner = '1') => `echo: ${open.repeat(n)}${inner}${close.repeat(n)}\n`;
  return [
    { label: 'billion laughs, 9 levels of 9', text: billionLaughs(9, 9) },
    {
      label: 'billion laughs under a setting',
      text: `meshes:\n  mesh1:\n    name: &a [x, x, x, x, x, x, x, x, x, x]\n${billionLaughs(6, 10)}`,
    },
    {
      label: 'alias bomb in block style',
      text: `a: &a\n  - x\n  - x\n  - x\n  - x\n  - x\n  - x\n  - x\n  - x\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\n`,
    },
    { label: '20,000 aliases of one anchor', text: `a: &x 1\n${manyKeys(20_000, (i) => `k${i}`, '*x')}` },
    { label: '5,000 anchors, each used once', text: Array.from({ length: 5_000 }, (_, i) => `a${i}: &x${i} 1\nb${i}: *x${i}\n`).join('') },
    { label: 'an alias to itself', text: 'meshes: &a\n  mesh1: *a\n' },
    { label: 'an alias to a missing anchor', text: 'echo: *nowhere\n' },
    { label: '40,000 unknown keys', text: manyKeys(40_000, (i) => `unknownkey${i}`, String(1)) },
    { label: '40,000 unknown keys inside a section', text: `echo:\n${manyKeys(40_000, (i) => `  prot${i}`)}` },
    { label: '20,000 times the same key', text: manyKeys(20_000, () => 'gatewayWait', '3m') },
    { label: 'a 1 MB key', text: `${'k'.repeat(1_000_000)}: 1\n` },
    { label: 'a 1 MB key under a section', text: `meshes:\n  ${'m'.repeat(1_000_000)}: {}\n` },
    { label: 'a 5 MB context name', text: `clusters:\n  cluster1:\n    context: ${'c'.repeat(5_000_000)}\n` },
    { label: 'a 5 MB image in double quotes', text: `echo:\n  image: "${'i '.repeat(2_500_000)}"\n` },
    { label: 'a 1 MB mesh name', text: `meshes:\n  mesh1:\n    name: ${'n'.repeat(1_000_000)}\n` },
    { label: 'a 1 MB duration', text: `gatewayWait: ${'1'.repeat(1_000_000)}x\n` },
    { label: 'a 1 MB address', text: `meshes:\n  mesh2:\n    gateway:\n      address: ${'1.'.repeat(500_000)}1\n` },
    { label: 'a 1 MB block scalar', text: `client:\n  image: |\n${'    line\n'.repeat(100_000)}` },
    { label: 'a bell in a context name', text: 'clusters:\n  cluster1:\n    context: "kind-\\a-east"\n' },
    { label: 'a NUL in a zone name', text: 'clusters:\n  cluster2:\n    zone: "zone\\0"\n' },
    { label: 'an escape sequence in an image', text: 'echo:\n  image: "kong/go-echo:0.6.0\\e[31m"\n' },
    { label: 'a raw control character in a plain context name', text: 'clusters:\n  cluster1:\n    context: east\u0001west\n' },
    { label: 'a raw control character in a key', text: 'ech\u0007o:\n  port: 1027\n' },
    { label: 'a lone surrogate in a context name', text: 'clusters:\n  cluster1:\n    context: "\\ud800"\n' },
    {
      label: 'control characters in every string setting',
      text: `global:\n  tool: "kube\\tctl"\n  controlPlane: "g\\x01"\nclusters:\n  cluster1: { context: "a\\x02", zone: "z\\x03" }\nmeshes:\n  mesh1: { name: "m\\x04", gateway: { address: "gw\\x05.example.com" } }\nca:\n  backend: "ca\\x06"\ngatewayWait: "3m\\x07"\n`,
    },
    { label: 'C1 control characters', text: 'clusters:\n  cluster1:\n    context: "a\\x85b\\x9bc"\n' },
    withBytes('invalid UTF-8 in a context name', 'clusters:\n  cluster1:\n    context: kind-', [0xff, 0xfe], '-east\n'),
    withBytes('a truncated UTF-8 character at the end', 'echo:\n  image: caf', [0xc3]),
    withBytes('an overlong UTF-8 encoding of "/"', 'echo:\n  image: kong', [0xc0, 0xaf], 'echo\n'),
    withBytes('a UTF-16 surrogate encoded in UTF-8', 'clusters:\n  cluster1:\n    context: a', [0xed, 0xa0, 0x80], '\n'),
    withBytes(
      'a file in UTF-16',
      [0xff, 0xfe],
      [...'echo: {}\n'].flatMap((c) => [c.charCodeAt(0), 0]),
    ),
    withBytes('a Latin-1 file', 'clusters:\n  cluster1:\n    context: caf', [0xe9], '\n'),
    withBytes('NUL bytes', 'echo:\n', [0, 0, 0], '  port: 1027\n'),
    withBytes('a byte order mark', [0xef, 0xbb, 0xbf], 'echo:\n  port: 1027\n'),
    { label: '100,000 nested flow lists', text: deep(100_000, '[', ']') },
    { label: '100,000 nested flow mappings', text: deep(100_000, '{a: ', '}') },
    { label: '2,000 nested flow lists', text: deep(2_000, '[', ']') },
    { label: 'one level deeper than the limit', text: deep(63, '[', ']') },
    { label: 'nesting at the limit', text: deep(62, '[', ']') },
    { label: '50,000 nested block lists', text: `echo:\n${'- '.repeat(50_000)}1\n` },
    { label: '1,400 nested block mappings', text: Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n' },
    {
      label: 'nesting through aliases',
      text: `a: &a [[[[[[[[[[1]]]]]]]]]]\nb: &b [[[[[[[[[[*a]]]]]]]]]]\nc: &c [[[[[[[[[[*b]]]]]]]]]]\nd: [[[[[[[[[[*c]]]]]]]]]]\n`,
    },
    { label: 'many documents', text: 'echo: {}\n---\necho: {}\n'.repeat(1_000) },
    {
      label: 'tags of every kind',
      text: 'echo: !!binary "@@@"\nclient: !!timestamp 2020-13-45\nca: !foo {a: 1}\nmeshes: !!set {a, b}\nclusters: !!omap [a: 1, a: 2]\n',
    },
    { label: 'a merge key', text: 'base: &base {port: 1027}\necho:\n  <<: *base\n  inZone2: false\n' },
    { label: 'complex keys', text: '? [a, b]\n: 1\n? {c: d}\n: 2\n' },
    { label: 'numbers out of range', text: 'echo:\n  port: 1e400\nca:\n  rsaBits: -0x10\nversion: 99999999999999999999999\n' },
    { label: 'Windows line ends and tabs', text: 'echo:\r\n\tport: 1027\r\n' },
    { label: 'only a scalar', text: '"just a string"\n' },
    { label: 'a 400 KB list at the top', text: '- 1\n'.repeat(100_000) },
    { label: 'a directive without a document', text: '%YAML 1.2\n' },
    ...version2HostileDocuments(),
  ];
}

/** Version 2 files built to hurt a loader: long lists, many keys where zones are named, references to nothing. */
function version2HostileDocuments(): ConfigDocument[] {
  const zones = (n: number) => Array.from({ length: n }, (_, i) => `  - { name: z${i}, context: c${i} }\n`).join('');
  const mesh = '  - { name: mesh1, home: z0, namespaces: { z0: n0 } }\n';
  return [
    { label: 'version 2: 6,000 zones', text: `version: 2\nzones:\n${zones(6_000)}meshes:\n${mesh}` },
    {
      label: 'version 2: 6,000 zones with the same name and context',
      text: `version: 2\nzones:\n${'  - { name: z, context: c }\n'.repeat(6_000)}`,
    },
    {
      label: 'version 2: 5,000 meshes',
      text: `version: 2\nzones:\n${zones(2)}meshes:\n${Array.from({ length: 5_000 }, (_, i) => `  - { name: m${i}, namespaces: { z0: m${i} } }\n`).join('')}`,
    },
    {
      label: 'version 2: 12,000 zones named in one mesh',
      text: `version: 2\nzones:\n${zones(2)}meshes:\n  - name: mesh1\n    namespaces:\n${Array.from({ length: 12_000 }, (_, i) => `      z${i}: n${i}\n`).join('')}`,
    },
    {
      label: 'version 2: 30,000 zones in an echo list',
      text: `version: 2\nzones:\n${zones(2)}meshes:\n  - { name: mesh1, namespaces: { z0: n0 }, echo: [${Array.from({ length: 30_000 }, (_, i) => `z${i}`).join(', ')}] }\n`,
    },
    {
      label: 'version 2: 8,000 links, most of them the same',
      text: `version: 2\nzones:\n${zones(2)}meshes:\n${mesh}  - { name: mesh2, namespaces: { z0: n2 } }\nlinks:\n${'  - { from: mesh1, to: mesh2 }\n'.repeat(8_000)}`,
    },
    {
      label: 'version 2: 6,000 links to meshes that do not exist',
      text: `version: 2\nzones:\n${zones(2)}meshes:\n${mesh}links:\n${Array.from({ length: 6_000 }, (_, i) => `  - { from: a${i}, to: b${i} }\n`).join('')}`,
    },
    { label: 'version 2: zones as an alias of the meshes', text: `version: 2\nzones: &z\n${zones(2)}meshes: *z\nlinks: *z\n` },
    {
      label: 'version 2: lists nested deep inside a mesh',
      text: `version: 2\nzones:\n${zones(1)}meshes:\n  - { name: m, namespaces: { z0: ${'['.repeat(60)}${']'.repeat(60)} } }\n`,
    },
    { label: 'version 2: a control character in a zone name', text: 'version: 2\nzones:\n  - { name: "z\\x01", context: c }\n' },
  ];
}

/** A few hundred documents: random configurations, random YAML, damaged files, then the hostile ones. */
export function generatedDocuments(seed = 0x9c0ffee): ConfigDocument[] {
  const r = seededRandom(seed);
  return [
    ...Array.from({ length: 150 }, (_, i) => randomConfigDocument(r, `random configuration #${i}`)),
    ...Array.from({ length: 100 }, (_, i) => randomYamlDocument(r, `random YAML #${i}`)),
    ...Array.from({ length: 100 }, (_, i) => damagedConfigDocument(r, `damaged file #${i}`)),
    ...hostileDocuments(),
  ];
}
