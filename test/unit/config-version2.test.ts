/**
 * crossmesh.yaml version 2: zones, meshes that span some of them, and links. What a file reads as
 * (with the defaults each mesh gets), every problem with the path it names, and renderConfig, whose
 * file reads back as the same configuration for the default, a 3-zone/3-mesh one and random ones.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateConfig, type ConfigProblem } from '../../src/config/validate.js';
import { parseConfigText, parseConfigDocument, renderConfig, ConfigError } from '../../src/config/file.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { MAX_MESHES, MAX_ZONES } from '../../src/config/version2.js';
import { isGuideShape } from '../../src/config/model.js';
import type { CrossmeshConfig, MeshConfig } from '../../src/config/types.js';
import { seededRandom, type Random } from './config-documents.js';

/** The configuration of issue 12. */
const SAMPLE = `version: 2
global: { tool: kumactl, controlPlane: global }
zones:
  - { name: zone1, context: c1 }
  - { name: zone2, context: c2 }
meshes:
  - { name: mesh1, home: zone1, namespaces: { zone1: c1m1, zone2: c2m1 }, gateway: { kind: builtin, name: cross-mesh-gateway, port: 8080 } }
  - { name: mesh2, home: zone1, namespaces: { zone1: c1m2, zone2: c2m2 }, gateway: { name: mesh2-gateway, port: 8080 } }
links:
  - { from: mesh2, to: mesh1 }
  - { from: mesh1, to: mesh2 }
`;

type Raw = Record<string, unknown>;

/** Two zones and two meshes, each spanning both: a valid version 2 document to change one thing in. */
function base(): Raw & { zones: Raw[]; meshes: Raw[]; links: Raw[] } {
  return {
    version: 2,
    zones: [
      { name: 'zone1', context: 'c1' },
      { name: 'zone2', context: 'c2' },
    ],
    meshes: [
      { name: 'mesh1', home: 'zone1', namespaces: { zone1: 'c1m1', zone2: 'c2m1' } },
      { name: 'mesh2', home: 'zone1', namespaces: { zone1: 'c1m2', zone2: 'c2m2' } },
    ],
    links: [
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
    ],
  };
}

function read(raw: unknown): CrossmeshConfig {
  const r = validateConfig(raw);
  if (!r.ok) throw new Error(`expected a valid configuration, got ${JSON.stringify(r.problems)}`);
  return r.config;
}

function problemsOf(raw: unknown): ConfigProblem[] {
  const r = validateConfig(raw);
  if (r.ok) throw new Error(`expected problems, got a valid config for ${JSON.stringify(raw)}`);
  return r.problems;
}

function configError(text: string): ConfigError {
  try {
    parseConfigText(text, 'v2.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

describe('reading version 2', () => {
  it("reads the issue's sample: each mesh echoes in every zone it spans, clients outside home, passthrough on", () => {
    const c = parseConfigText(SAMPLE);
    expect(c.zones).toEqual([
      { name: 'zone1', context: 'c1', zone: 'zone1' },
      { name: 'zone2', context: 'c2', zone: 'zone2' },
    ]);
    expect(c.meshes).toEqual([
      {
        key: 'mesh1',
        name: 'mesh1',
        home: 'zone1',
        namespaces: { zone1: 'c1m1', zone2: 'c2m1' },
        gateway: { kind: 'builtin', name: 'cross-mesh-gateway', port: 8080 },
        echo: ['zone1', 'zone2'],
        clients: ['zone2'],
        passthrough: true,
      },
      {
        key: 'mesh2',
        name: 'mesh2',
        home: 'zone1',
        namespaces: { zone1: 'c1m2', zone2: 'c2m2' },
        gateway: { kind: 'builtin', name: 'mesh2-gateway', port: 8080 },
        echo: ['zone1', 'zone2'],
        clients: ['zone2'],
        passthrough: true,
      },
    ]);
    expect(c.links).toEqual([
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
    ]);
    const d = defaultConfig();
    expect({ ...c, zones: d.zones, meshes: d.meshes, links: d.links }).toEqual(d);
  });

  it("the guide's own 2x2 written out (mesh2 echoes at home only, no passthrough) is the default configuration", () => {
    const text = SAMPLE.replace(
      'gateway: { name: mesh2-gateway, port: 8080 } }',
      'gateway: { name: mesh2-gateway, port: 8080 }, echo: [zone1], passthrough: false }',
    );
    const c = parseConfigText(text);
    expect(c).toEqual(defaultConfig());
    expect(isGuideShape(c)).toBe(true);
  });

  it('gives each mesh its defaults: gateway <name>-gateway on 8080 (builtin), home the first zone it spans, namespaces in zone order', () => {
    const c = read({
      version: 2,
      zones: [
        { name: 'east', context: 'kind-east' },
        { name: 'west', context: 'kind-west' },
        { name: 'north', context: 'kind-north', zone: 'kuma-north' },
      ],
      meshes: [
        { name: 'shop', namespaces: { north: 'shop-n', west: 'shop-w' } },
        { name: 'solo', home: 'east', namespaces: { east: 'solo' } },
      ],
    });
    expect(c.zones[2]).toEqual({ name: 'north', context: 'kind-north', zone: 'kuma-north' });
    const [shop, solo] = c.meshes as [MeshConfig, MeshConfig];
    expect(shop).toEqual({
      key: 'shop',
      name: 'shop',
      home: 'west',
      namespaces: { west: 'shop-w', north: 'shop-n' },
      gateway: { kind: 'builtin', name: 'shop-gateway', port: 8080 },
      echo: ['west', 'north'],
      clients: ['north'],
      passthrough: true,
    });
    expect(Object.keys(shop.namespaces)).toEqual(['west', 'north']);
    // a mesh in its home zone only runs its clients there
    expect(solo).toMatchObject({ home: 'east', echo: ['east'], clients: ['east'] });
    expect(c.links).toEqual([]);
  });

  it('echo, clients and passthrough as given, in the order of the zones', () => {
    const raw = base();
    raw.zones.push({ name: 'zone3', context: 'c3' });
    raw.meshes[0] = {
      name: 'mesh1',
      home: 'zone2',
      namespaces: { zone3: 'a3', zone1: 'a1', zone2: 'a2' },
      echo: ['zone3', 'zone2'],
      clients: ['zone3', 'zone1', 'zone3'],
      passthrough: false,
      gateway: { kind: 'kong', namespace: 'a-kong', address: 'gw.example.com', port: 9443 },
    };
    const m = read(raw).meshes[0]!;
    expect(m).toEqual({
      key: 'mesh1',
      name: 'mesh1',
      home: 'zone2',
      namespaces: { zone1: 'a1', zone2: 'a2', zone3: 'a3' },
      gateway: { kind: 'kong', name: 'mesh1-gateway', port: 9443, namespace: 'a-kong', address: 'gw.example.com' },
      echo: ['zone2', 'zone3'],
      clients: ['zone1', 'zone3'],
      passthrough: false,
    });
  });

  it('a namespace name may repeat in different zones, for the same mesh or another one', () => {
    const raw = base();
    raw.meshes[0]!.namespaces = { zone1: 'shared', zone2: 'other' };
    raw.meshes[1]!.namespaces = { zone1: 'other', zone2: 'shared' };
    expect(read(raw).meshes.map((m) => m.namespaces)).toEqual([
      { zone1: 'shared', zone2: 'other' },
      { zone1: 'other', zone2: 'shared' },
    ]);
  });

  it('links are optional: meshes with none stay isolated', () => {
    const raw = base();
    delete (raw as Raw).links;
    expect(read(raw).links).toEqual([]);
    expect(read({ ...base(), links: [] }).links).toEqual([]);
  });

  it(`reads ${MAX_ZONES} zones and ${MAX_MESHES} meshes`, () => {
    const zones = Array.from({ length: MAX_ZONES }, (_, i) => ({ name: `z${i}`, context: `c${i}` }));
    const meshes = Array.from({ length: MAX_MESHES }, (_, i) => ({ name: `m${i}`, namespaces: { [`z${i % MAX_ZONES}`]: `m${i}` } }));
    const c = read({ version: 2, zones, meshes });
    expect(c.zones).toHaveLength(MAX_ZONES);
    expect(c.meshes).toHaveLength(MAX_MESHES);
  });

  it('version 2 with the common settings: prefix, global, systemNamespace, echo, client, ca and the waits', () => {
    const c = read({
      ...base(),
      prefix: 'team-a',
      global: { tool: 'kubectl', context: 'gk' },
      systemNamespace: 'kuma-system',
      echo: { port: 1028, image: 'busybox:1' },
      client: { image: 'busybox:2' },
      ca: { backend: 'ca-2', rsaBits: 3072, caExpiration: '5y', certExpiration: '12h' },
      gatewayWait: '1m',
      meshSyncWait: '30s',
      drainWait: '5m',
    });
    expect(c).toMatchObject({
      prefix: 'team-a',
      global: { tool: 'kubectl', context: 'gk' },
      systemNamespace: 'kuma-system',
      echo: { port: 1028, image: 'busybox:1' },
      client: { image: 'busybox:2' },
      ca: { backend: 'ca-2', rsaBits: 3072, caExpiration: '5y', certExpiration: '12h' },
      gatewayWait: '1m',
      meshSyncWait: '30s',
      drainWait: '5m',
    });
  });
});

describe("the README's configuration section", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Configuration (`crossmesh.yaml`)'));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('shows the default configuration as version 2, and a version 1 file that reads as the same', () => {
    expect(parseConfigDocument(blocks[0]!)).toEqual({ config: defaultConfig(), version: 2 });
    expect(parseConfigDocument(blocks[1]!)).toEqual({ config: defaultConfig(), version: 1 });
  });
});

describe('version 2 problems, each with its path', () => {
  const withMesh = (i: number, change: Raw) => {
    const raw = base();
    raw.meshes[i] = { ...raw.meshes[i], ...change };
    return raw;
  };
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['no zones', { ...base(), zones: undefined }, 'zones', /^must list at least one zone, e.g. zones: \[\{ name: zone1, context: c1 \}/],
    ['an empty zones list', { ...base(), zones: [] }, 'zones', /^must list at least one zone/],
    ['zones not a list', { ...base(), zones: { zone1: 'c1' } }, 'zones', /^must be a list, got a mapping$/],
    [
      'a zone that is not a mapping',
      { ...base(), zones: ['zone1', { name: 'zone2', context: 'c2' }] },
      'zones[0]',
      /must be a mapping, got "zone1"/,
    ],
    ['a zone without a name', { ...base(), zones: [{ context: 'c1' }, { name: 'zone2', context: 'c2' }] }, 'zones[0].name', /^is required/],
    [
      'a zone without a context',
      { ...base(), zones: [{ name: 'zone1' }, { name: 'zone2', context: 'c2' }] },
      'zones[0].context',
      /^is required/,
    ],
    [
      'a zone name that is not a DNS label',
      { ...base(), zones: [{ name: 'Zone_1', context: 'c1' }] },
      'zones[0].name',
      /"Zone_1" is not a valid name/,
    ],
    [
      'an unknown key in a zone',
      { ...base(), zones: [{ name: 'zone1', context: 'c1', contxt: 'x' }] },
      'zones[0].contxt',
      /did you mean "context"/,
    ],
    [
      'duplicate zone names',
      {
        ...base(),
        zones: [
          { name: 'zone1', context: 'c1' },
          { name: 'zone1', context: 'c2' },
        ],
      },
      'zones[1].name',
      /^"zone1" is already the name of another zone: each zone needs its own name$/,
    ],
    [
      'duplicate contexts',
      {
        ...base(),
        zones: [
          { name: 'zone1', context: 'c1' },
          { name: 'zone2', context: 'c1' },
        ],
      },
      'zones[1].context',
      /^"c1" is already the context of zone "zone1": each zone must be a different cluster$/,
    ],
    [
      'duplicate Kuma zone names',
      {
        ...base(),
        zones: [
          { name: 'zone1', context: 'c1' },
          { name: 'zone2', context: 'c2', zone: 'zone1' },
        ],
      },
      'zones[1].zone',
      /^"zone1" is already the Kuma zone name of zone "zone1"/,
    ],
    [
      `more than ${MAX_ZONES} zones`,
      { ...base(), zones: Array.from({ length: MAX_ZONES + 1 }, (_, i) => ({ name: `z${i}`, context: `c${i}` })) },
      'zones',
      new RegExp(`^lists ${MAX_ZONES + 1} zones; crossmesh handles at most ${MAX_ZONES}$`),
    ],
    ['no meshes', { ...base(), meshes: undefined }, 'meshes', /^must list at least one mesh, e\.g\. meshes: /],
    [
      `more than ${MAX_MESHES} meshes`,
      {
        ...base(),
        meshes: Array.from({ length: MAX_MESHES + 1 }, (_, i) => ({ name: `m${i}`, namespaces: { zone1: `m${i}` } })),
        links: [],
      },
      'meshes',
      new RegExp(`^lists ${MAX_MESHES + 1} meshes; crossmesh handles at most ${MAX_MESHES}$`),
    ],
    ['a mesh without a name', withMesh(0, { name: undefined }), 'meshes[0].name', /^is required: the name of the Mesh$/],
    [
      'a zone named after a property every object has',
      {
        ...base(),
        zones: [
          { name: 'zone1', context: 'c1' },
          { name: 'constructor', context: 'c2' },
        ],
      },
      'zones[1].name',
      /^"constructor" cannot name a zone: .*; choose another name$/,
    ],
    [
      'a mesh named after a property every object has',
      withMesh(1, { name: 'constructor' }),
      'meshes[1].name',
      /^"constructor" cannot name a mesh/,
    ],
    ['duplicate mesh names', withMesh(1, { name: 'mesh1' }), 'meshes[1].name', /^"mesh1" is already the name of another mesh/],
    ['an unknown key in a mesh', withMesh(0, { namespace: {} }), 'meshes[0].namespace', /did you mean "namespaces"/],
    ['unknown zone in home', withMesh(0, { home: 'zone9' }), 'meshes[0].home', /^"zone9" is not one of the zones \(zone1, zone2\)$/],
    [
      'unknown zone in namespaces',
      withMesh(0, { namespaces: { zone1: 'c1m1', zone9: 'x' } }),
      'meshes[0].namespaces.zone9',
      /^"zone9" is not one of the zones \(zone1, zone2\)/,
    ],
    [
      'unknown zone in echo',
      withMesh(0, { echo: ['zone1', 'zone9'] }),
      'meshes[0].echo',
      /^"zone9" is not one of the zones \(zone1, zone2\)$/,
    ],
    [
      'unknown zone in clients',
      withMesh(0, { clients: ['zone9'] }),
      'meshes[0].clients',
      /^"zone9" is not one of the zones \(zone1, zone2\)$/,
    ],
    [
      'echo in a zone the mesh has no namespace in',
      withMesh(0, { namespaces: { zone1: 'c1m1' }, echo: ['zone1', 'zone2'] }),
      'meshes[0].echo',
      /^"zone2" is a zone this mesh has no namespace in: add namespaces\.zone2, or leave zone2 out here$/,
    ],
    ['echo not a list of names', withMesh(0, { echo: 'zone1' }), 'meshes[0].echo', /^must be a list of names, got "zone1"$/],
    [
      'no namespaces',
      withMesh(0, { namespaces: undefined }),
      'meshes[0].namespaces',
      /^is required: the mesh's namespace in each zone it spans/,
    ],
    ['empty namespaces', withMesh(0, { namespaces: {} }), 'meshes[0].namespaces', /^must name the mesh's namespace in at least one zone/],
    [
      'a namespace that is not a DNS label',
      withMesh(0, { namespaces: { zone1: 'C1M1' } }),
      'meshes[0].namespaces.zone1',
      /"C1M1" is not a valid name/,
    ],
    [
      'duplicate namespaces in one zone',
      withMesh(1, { namespaces: { zone1: 'c1m2', zone2: 'c2m1' } }),
      'meshes[1].namespaces.zone2',
      /^"c2m1" is already the namespace of mesh "mesh1" in zone2: a namespace belongs to one mesh only$/,
    ],
    [
      'a system namespace',
      withMesh(0, { namespaces: { zone1: 'kong-mesh-system', zone2: 'c2m1' } }),
      'meshes[0].namespaces.zone1',
      /^must not be the control plane's system namespace "kong-mesh-system"$/,
    ],
    [
      'a home zone without a namespace',
      withMesh(0, { home: 'zone2', namespaces: { zone1: 'c1m1' } }),
      'meshes[0].home',
      /^"zone2" has no namespace of this mesh: add namespaces\.zone2 \(the home zone runs the mesh's gateway and echo\) or choose one of zone1$/,
    ],
    [
      'echo without the home zone',
      withMesh(0, { echo: ['zone2'] }),
      'meshes[0].echo',
      /^must include the home zone "zone1": the gateway's \/echo route leads there$/,
    ],
    ['an empty echo list', withMesh(0, { echo: [] }), 'meshes[0].echo', /^must include the home zone "zone1"/],
    ['passthrough not a boolean', withMesh(0, { passthrough: 'no' }), 'meshes[0].passthrough', /^must be true or false, got "no"$/],
    ['a gateway named echo', withMesh(0, { gateway: { name: 'echo' } }), 'meshes[0].gateway.name', /^must not be "echo"/],
    [
      'the same gateway name twice',
      withMesh(1, { gateway: { name: 'mesh1-gateway' } }),
      'meshes[1].gateway.name',
      /^"mesh1-gateway" is already the gateway of mesh "mesh1": MeshGateway objects are cluster-wide/,
    ],
    [
      'a gateway namespace without kind kong',
      withMesh(0, { gateway: { namespace: 'gw' } }),
      'meshes[0].gateway.namespace',
      /^is only used with kind: kong \(the built-in gateway runs in the mesh's namespace in its home zone\); remove it or set kind: kong$/,
    ],
    [
      'a Kong Gateway namespace of another mesh',
      withMesh(0, { gateway: { kind: 'kong', namespace: 'c1m2' } }),
      'meshes[0].gateway.namespace',
      /^"c1m2" belongs to mesh "mesh2": the Kong Gateway's namespace joins the mesh of its gateway/,
    ],
    ['an unknown gateway kind', withMesh(0, { gateway: { kind: 'istio' } }), 'meshes[0].gateway.kind', /"istio" is not a gateway kind/],
    [
      'a mesh name too long for its default gateway name',
      { ...withMesh(0, { name: 'm'.repeat(60) }), links: [] },
      'meshes[0].name',
      /^"m{60}" is too long for the gateway name crossmesh makes from it \(<name>-gateway: 68 characters, at most 63\): shorten it or set gateway\.name$/,
    ],
    ['links not a list', { ...base(), links: { mesh1: 'mesh2' } }, 'links', /^must be a list, got a mapping$/],
    [
      'a link naming an unknown mesh (from)',
      { ...base(), links: [{ from: 'mesh9', to: 'mesh1' }] },
      'links[0].from',
      /^"mesh9" is not one of the meshes \(mesh1, mesh2\)$/,
    ],
    [
      'a link naming an unknown mesh (to)',
      { ...base(), links: [{ from: 'mesh1', to: 'mesh9' }] },
      'links[0].to',
      /^"mesh9" is not one of the meshes \(mesh1, mesh2\)$/,
    ],
    [
      'a link without to',
      { ...base(), links: [{ from: 'mesh1' }] },
      'links[0].to',
      /^is required: a link reads \{ from: <calling mesh>, to: <called mesh> \}$/,
    ],
    ['a link with an unknown key', { ...base(), links: [{ from: 'mesh1', to: 'mesh2', both: true }] }, 'links[0].both', /^unknown key/],
    [
      'a self link',
      { ...base(), links: [{ from: 'mesh1', to: 'mesh1' }] },
      'links[0].to',
      /^"mesh1" is the calling mesh itself: a mesh reaches its own services without a link$/,
    ],
    [
      'a duplicate link',
      {
        ...base(),
        links: [
          { from: 'mesh1', to: 'mesh2' },
          { from: 'mesh2', to: 'mesh1' },
          { from: 'mesh1', to: 'mesh2' },
        ],
      },
      'links[2].to',
      /^the link mesh1 -> mesh2 is already links\[0\]: list each link once$/,
    ],
    [
      'a link from a mesh without clients',
      withMesh(0, { clients: [] }),
      'links[1].from',
      /^"mesh1" runs no clients \(its clients list is empty\), so it has nowhere to call from$/,
    ],
    [
      'a version 1 key in a version 2 file',
      { ...base(), clusters: { cluster1: { context: 'c1' } } },
      'clusters',
      /^is a version 1 key: version 2 lists the zones instead/,
    ],
    [
      'echo.inZone2 in a version 2 file',
      { ...base(), echo: { inZone2: false } },
      'echo.inZone2',
      /^is a version 1 key: in version 2 each mesh lists the zones that run echo/,
    ],
    [
      'an unknown top-level key lists the version 2 keys',
      { ...base(), zzzzzzzz: 1 },
      'zzzzzzzz',
      /^unknown key; allowed here: version, prefix, global, zones, meshes, links, systemNamespace, echo, client, ca, gatewayWait, meshSyncWait, drainWait$/,
    ],
  ];

  it.each(cases)('%s', (_label, raw, path, message) => {
    const problems = problemsOf(raw);
    const p = problems.find((x) => x.path === path);
    expect(p, `problem at ${path} among ${JSON.stringify(problems)}`).toBeDefined();
    expect(p!.message).toMatch(message);
  });

  it('one problem per mistake: a wrong home, a zones value that is not a list, an unknown mesh in a link', () => {
    expect(problemsOf({ ...base(), zones: 'zone1' }).filter((p) => p.path === 'zones')).toHaveLength(1);
    expect(problemsOf({ ...base(), meshes: [{ ...base().meshes[0], home: 'zone9' }], links: [] })).toEqual([
      { path: 'meshes[0].home', message: '"zone9" is not one of the zones (zone1, zone2)' },
    ]);
    expect(problemsOf({ ...base(), links: [{ from: 'a', to: 'b' }] })).toEqual([
      { path: 'links[0].from', message: '"a" is not one of the meshes (mesh1, mesh2)' },
      { path: 'links[0].to', message: '"b" is not one of the meshes (mesh1, mesh2)' },
    ]);
  });

  it('a list longer than the limit is one problem, however long and whatever it holds', () => {
    const zones = Array.from({ length: 5_000 }, () => ({ name: 'Same Name', context: '' }));
    const problems = problemsOf({ ...base(), zones });
    expect(problems.filter((p) => p.path.startsWith('zones')).length).toBeLessThan(MAX_ZONES * 4);
    expect(problems[0]).toEqual({ path: 'zones', message: `lists 5,000 zones; crossmesh handles at most ${MAX_ZONES}` });
  });
});

describe('version 2 problems name their lines', () => {
  const text = `version: 2
zones:
  - { name: zone1, context: c1 }
  - { name: zone1, context: c2 }
  - name: zone3
meshes:
  - name: mesh1
    home: zone3
    namespaces: { zone1: c1m1 }
    gateway:
      port: 0
links:
  - { from: mesh1, to: mesh1 }
`;
  it.each([
    ['a duplicate in a flow mapping', 'zones[1].name', 4],
    ['a missing key points at its list item', 'zones[2].context', 5],
    ['a key of a block mapping in a list', 'meshes[0].home', 8],
    ['a key two mappings down', 'meshes[0].gateway.port', 11],
    ['a link', 'links[0].to', 13],
  ])('%s', (_label, path, line) => {
    const e = configError(text);
    const p = e.problems.find((x) => x.path === path);
    expect(p, JSON.stringify(e.problems)).toBeDefined();
    expect(p!.line).toBe(line);
    expect(e.message).toContain(`  line ${line}: ${path}: `);
  });
});

/** Zones and meshes over three zones, linked A->B, B->C, C->A: the issue's end-to-end shape. */
function threeByThree(): CrossmeshConfig {
  const d = defaultConfig();
  return {
    ...d,
    zones: [
      { name: 'east', context: 'kind-east', zone: 'east' },
      { name: 'west', context: 'arn:aws:eks:eu-west-1:1:cluster/west', zone: 'kuma-west' },
      { name: 'north', context: 'gke_p_z_north', zone: 'north' },
    ],
    meshes: [
      {
        key: 'alpha',
        name: 'alpha',
        home: 'east',
        namespaces: { east: 'alpha', west: 'alpha-w', north: 'alpha-n' },
        gateway: { kind: 'builtin', name: 'alpha-gateway', port: 8080 },
        echo: ['east', 'north'],
        clients: ['west', 'north'],
        passthrough: true,
      },
      {
        key: 'beta',
        name: 'beta',
        home: 'west',
        namespaces: { west: 'beta', north: 'beta-n' },
        gateway: { kind: 'kong', name: 'beta-door', port: 9443, namespace: 'beta-kong', address: '203.0.113.9' },
        echo: ['west'],
        clients: ['north'],
        passthrough: false,
      },
      {
        key: 'gamma',
        name: 'gamma',
        home: 'north',
        namespaces: { north: 'gamma' },
        gateway: { kind: 'kong', name: 'gamma-gateway', port: 8080 },
        echo: ['north'],
        clients: ['north'],
        passthrough: true,
      },
    ],
    links: [
      { from: 'alpha', to: 'beta' },
      { from: 'beta', to: 'gamma' },
      { from: 'gamma', to: 'alpha' },
    ],
  };
}

describe('renderConfig writes version 2, and reading it back gives the same configuration', () => {
  it('the default configuration', () => {
    const text = renderConfig(defaultConfig());
    expect(parseConfigDocument(text)).toEqual({ config: defaultConfig(), version: 2 });
    expect(text).toMatch(/^# crossmesh configuration/);
    expect(text).toMatch(/^version: 2$/m);
    expect(text).not.toMatch(/\bkey:/);
  });

  it("writes the issue's form: zones as { name, context }, meshes with home, namespaces, gateway, echo, clients, passthrough, links as { from, to }", () => {
    const written = parse(renderConfig(defaultConfig()));
    expect(written).toEqual({
      version: 2,
      global: { tool: 'kumactl', controlPlane: 'global' },
      zones: [
        { name: 'zone1', context: 'c1' },
        { name: 'zone2', context: 'c2' },
      ],
      meshes: [
        {
          name: 'mesh1',
          home: 'zone1',
          namespaces: { zone1: 'c1m1', zone2: 'c2m1' },
          gateway: { kind: 'builtin', name: 'cross-mesh-gateway', port: 8080 },
          echo: ['zone1', 'zone2'],
          clients: ['zone2'],
          passthrough: true,
        },
        {
          name: 'mesh2',
          home: 'zone1',
          namespaces: { zone1: 'c1m2', zone2: 'c2m2' },
          gateway: { kind: 'builtin', name: 'mesh2-gateway', port: 8080 },
          echo: ['zone1'],
          clients: ['zone2'],
          passthrough: false,
        },
      ],
      links: [
        { from: 'mesh2', to: 'mesh1' },
        { from: 'mesh1', to: 'mesh2' },
      ],
      echo: { port: 1027, image: 'kong/go-echo:0.6.0' },
      client: { image: 'curlimages/curl:8.11.1' },
      ca: { backend: 'ca-1', rsaBits: 2048, caExpiration: '10y', certExpiration: '1d' },
      gatewayWait: '3m',
      meshSyncWait: '2m',
      drainWait: '2m',
    });
    expect(renderConfig(defaultConfig())).toContain('\nzones:\n  - { name: zone1, context: c1 }\n  - { name: zone2, context: c2 }\n');
    expect(renderConfig(defaultConfig())).toContain('\nlinks:\n  - { from: mesh2, to: mesh1 }\n  - { from: mesh1, to: mesh2 }\n');
  });

  it('a three-zone, three-mesh configuration, with Kong gateways, addresses and a Kuma zone name of its own', () => {
    const c = threeByThree();
    const text = renderConfig(c);
    expect(parseConfigText(text)).toEqual(c);
    expect(text).toContain('\n  - { name: west, context: arn:aws:eks:eu-west-1:1:cluster/west, zone: kuma-west }\n');
    // zone: only where the Kuma zone name differs from the zone's
    expect(text.match(/zone: /g)).toHaveLength(1);
  });

  it('prefix, systemNamespace and a kubectl global are written; a gateway namespace or address only when set', () => {
    const c: CrossmeshConfig = {
      ...defaultConfig(),
      prefix: 'alice',
      systemNamespace: 'kuma-system',
      global: { tool: 'kubectl', context: 'g' },
    };
    c.meshes[0]!.gateway.address = '198.51.100.4';
    const text = renderConfig(c);
    expect(parseConfigText(text)).toEqual(c);
    expect(parse(text)).toMatchObject({ prefix: 'alice', systemNamespace: 'kuma-system', global: { tool: 'kubectl', context: 'g' } });
    expect(text.match(/address: /g)).toHaveLength(1);
    expect(text).not.toMatch(/namespace: /);
    expect(renderConfig(defaultConfig())).not.toMatch(/^(prefix|systemNamespace):/m);
  });

  it('values YAML would read as something else are quoted', () => {
    const c = threeByThree();
    c.zones = [
      { name: 'true', context: 'null', zone: '123' },
      { name: '0', context: 'a, b: [c] #d', zone: '0' },
      { name: 'on', context: 'it\'s "quoted"', zone: 'on' },
    ];
    c.meshes = [
      { ...c.meshes[0]!, home: 'true', namespaces: { true: '1e3', 0: 'null', on: 'y' }, echo: ['true'], clients: ['0', 'on'] },
      { ...c.meshes[1]!, home: '0', namespaces: { 0: '007' }, echo: ['0'], clients: ['0'] },
      { ...c.meshes[2]!, home: 'on', namespaces: { on: 'no' }, echo: ['on'], clients: ['on'] },
    ];
    expect(parseConfigText(renderConfig(c))).toEqual(c);
  });

  it('random configurations: 1 to 5 zones, 1 to 12 meshes, random spans, echo, clients and links', () => {
    const r = seededRandom(12);
    for (let i = 0; i < 300; i++) {
      const c = randomConfig(r);
      const text = renderConfig(c);
      expect(parseConfigText(text), text).toEqual(c);
      expect(text).not.toMatch(/\bkey:/);
    }
  });
});

/** A valid configuration with random zones, meshes and links (keys are names, as version 2 reads them). */
function randomConfig(r: Random): CrossmeshConfig {
  const subset = <T>(items: T[], min: number): T[] => {
    const out = items.filter(() => r.chance(0.5));
    for (const item of items) if (out.length < min && !out.includes(item)) out.push(item);
    return items.filter((x) => out.includes(x));
  };
  const contexts = [
    'kind-a',
    'arn:aws:eks:eu-west-1:1:cluster/a',
    'gke_p_z_c',
    'a b',
    '#x',
    '[x]',
    '{y}',
    'x, y',
    'true',
    '1.5',
    '- d',
    '? q',
  ];
  const zones = Array.from({ length: 1 + r.int(5) }, (_, i) => {
    const name = r.pick(['z', 'zone', 'east', '1', 'null']) + String(i);
    return { name, context: `${r.pick(contexts)}${i}`, zone: r.chance(0.3) ? `kuma-${i}` : name };
  });
  const meshes = Array.from({ length: 1 + r.int(12) }, (_, i): MeshConfig => {
    const name = `${r.pick(['m', 'team', 'shop'])}${i}`;
    const span = subset(
      zones.map((z) => z.name),
      1,
    );
    const home = r.pick(span);
    return {
      key: name,
      name,
      home,
      namespaces: Object.fromEntries(span.map((z) => [z, `${name}-${z}`])),
      gateway: {
        kind: r.pick(['builtin', 'kong'] as const),
        name: `${name}-gw`,
        port: 1 + r.int(65535),
        ...(r.chance(0.3) ? { address: r.pick(['203.0.113.7', 'gw.example.com', '2001:db8::1']) } : {}),
      },
      echo: span.filter((z) => z === home || r.chance(0.5)),
      clients: r.chance(0.2) ? [] : subset(span, 1),
      passthrough: r.chance(0.5),
    };
  });
  for (const m of meshes) if (m.gateway.kind === 'kong' && r.chance(0.5)) m.gateway.namespace = `${m.name}-kong`;
  const links = meshes.flatMap((a) =>
    meshes.filter((b) => b !== a && a.clients.length > 0 && r.chance(0.3)).map((b) => ({ from: a.key, to: b.key })),
  );
  return { ...defaultConfig(), zones, meshes, links, ...(r.chance(0.2) ? { prefix: 'p' } : {}) };
}
