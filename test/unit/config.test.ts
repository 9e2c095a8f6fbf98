import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  validateConfig,
  isDnsLabel,
  isDuration,
  durationMs,
  isAddress,
  addressProblem,
  type ConfigProblem,
} from '../../src/config/validate.js';
import { parseGatewayAddresses } from '../../src/cli/gateway-flags.js';
import { UsageError } from '../../src/cli/args.js';
import { parseConfigText, loadConfig, ConfigError } from '../../src/config/file.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { isGuideShape } from '../../src/config/model.js';
import { planFor } from '../../steps/index.js';

function problemsOf(raw: unknown): ConfigProblem[] {
  const r = validateConfig(raw);
  if (r.ok) throw new Error(`expected problems, got a valid config for ${JSON.stringify(raw)}`);
  return r.problems;
}

function configError(text: string, file = 'my.yaml'): ConfigError {
  try {
    parseConfigText(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

describe('defaults', () => {
  it('reproduce the guide: names, namespaces, ports, CA', () => {
    const c = defaultConfig();
    expect(c.global).toEqual({ tool: 'kumactl', controlPlane: 'global' });
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
        echo: ['zone1'],
        clients: ['zone2'],
        passthrough: false,
      },
    ]);
    expect(c.links).toEqual([
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
    ]);
    expect(isGuideShape(c)).toBe(true);
    expect(c.echo).toEqual({ port: 1027, image: 'kong/go-echo:0.6.0' });
    expect(c.ca).toEqual({ backend: 'ca-1', rsaBits: 2048, caExpiration: '10y', certExpiration: '1d' });
    expect(c.gatewayWait).toBe('3m');
    expect(c.meshSyncWait).toBe('2m');
    expect(c.drainWait).toBe('2m');
    expect(c.systemNamespace).toBeUndefined();
  });

  it('defaultConfig returns a fresh object each time', () => {
    const a = defaultConfig();
    a.meshes[0]!.name = 'changed';
    a.meshes[0]!.namespaces.zone1 = 'changed';
    a.links.pop();
    expect(defaultConfig().meshes[0]!.name).toBe('mesh1');
    expect(defaultConfig().meshes[0]!.namespaces.zone1).toBe('c1m1');
    expect(defaultConfig().links).toHaveLength(2);
  });

  it.each([[undefined], [null], [{}]])('%j gives the defaults', (raw) => {
    expect(validateConfig(raw)).toEqual({ ok: true, config: defaultConfig() });
  });

  it('an empty file or a file of comments gives the defaults', () => {
    expect(parseConfigText('')).toEqual(defaultConfig());
    expect(parseConfigText('# nothing yet\n')).toEqual(defaultConfig());
  });
});

describe('merging with the defaults', () => {
  it('a partial mesh keeps every other default, in that mesh and elsewhere', () => {
    const r = validateConfig({ meshes: { mesh1: { gateway: { port: 9090 } } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = defaultConfig();
    expect(r.config.meshes[0]).toEqual({ ...d.meshes[0], gateway: { ...d.meshes[0]!.gateway, port: 9090 } });
    expect(r.config.meshes[1]).toEqual(d.meshes[1]);
    expect(r.config.echo).toEqual(d.echo);
    expect(r.config).toEqual({ ...d, meshes: [r.config.meshes[0], d.meshes[1]] });
  });

  it('every setting can be given', () => {
    const raw = {
      version: 1,
      global: { tool: 'kubectl', context: 'gk' },
      clusters: { cluster1: { context: 'east', zone: 'z-east' }, cluster2: { context: 'west', zone: 'z-west' } },
      systemNamespace: 'kuma-system',
      meshes: {
        mesh1: {
          name: 'alpha',
          cluster1Namespace: 'a1',
          cluster2Namespace: 'a2',
          gateway: { kind: 'kong', name: 'gw-a', port: 81, namespace: 'a1-kong', address: '203.0.113.1' },
        },
        mesh2: {
          name: 'beta',
          cluster1Namespace: 'b1',
          cluster2Namespace: 'b2',
          gateway: { kind: 'builtin', name: 'gw-b', port: 82, address: 'gw.example.com' },
        },
      },
      echo: { port: 1028, image: 'registry.example.com/echo@sha256:abc', inZone2: false },
      client: { image: 'busybox:1' },
      ca: { backend: 'ca-2', rsaBits: 4096, caExpiration: '5y', certExpiration: '12h' },
      gatewayWait: '1h30m',
      meshSyncWait: '30s',
      drainWait: '5m',
    };
    const r = validateConfig(raw);
    expect(r).toEqual({
      ok: true,
      config: {
        global: { tool: 'kubectl', context: 'gk' },
        zones: [
          { name: 'z-east', context: 'east', zone: 'z-east' },
          { name: 'z-west', context: 'west', zone: 'z-west' },
        ],
        systemNamespace: 'kuma-system',
        meshes: [
          {
            key: 'mesh1',
            name: 'alpha',
            home: 'z-east',
            namespaces: { 'z-east': 'a1', 'z-west': 'a2' },
            gateway: raw.meshes.mesh1.gateway,
            echo: ['z-east'],
            clients: ['z-west'],
            passthrough: true,
          },
          {
            key: 'mesh2',
            name: 'beta',
            home: 'z-east',
            namespaces: { 'z-east': 'b1', 'z-west': 'b2' },
            gateway: raw.meshes.mesh2.gateway,
            echo: ['z-east'],
            clients: ['z-west'],
            passthrough: false,
          },
        ],
        // a version 1 file's meshes keep their slots as keys, whatever their names
        links: [
          { from: 'mesh2', to: 'mesh1' },
          { from: 'mesh1', to: 'mesh2' },
        ],
        echo: { port: 1028, image: 'registry.example.com/echo@sha256:abc' },
        client: raw.client,
        ca: raw.ca,
        gatewayWait: '1h30m',
        meshSyncWait: '30s',
        drainWait: '5m',
      },
    });
    if (r.ok) expect(isGuideShape(r.config)).toBe(true);
  });

  it('global.tool kumactl without controlPlane uses "global"; kubectl keeps its context', () => {
    expect(validateConfig({ global: { tool: 'kumactl' } })).toMatchObject({
      ok: true,
      config: { global: { tool: 'kumactl', controlPlane: 'global' } },
    });
    expect(validateConfig({ global: { controlPlane: 'konnect' } })).toMatchObject({
      ok: true,
      config: { global: { tool: 'kumactl', controlPlane: 'konnect' } },
    });
  });

  it('null values mean "use the default"', () => {
    expect(validateConfig({ echo: { port: null }, meshes: null })).toEqual({ ok: true, config: defaultConfig() });
  });
});

describe('each kind of problem, with its path', () => {
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['top-level list', ['a'], '(top level)', /must be a mapping of settings, got a list/],
    ['top-level scalar', 'hello', '(top level)', /must be a mapping of settings, got "hello"/],
    ['unknown top-level key with suggestion', { meshs: {} }, 'meshs', /unknown key \(did you mean "meshes"\?\)/],
    [
      'unknown key far from any allowed one lists the allowed keys',
      { zzzzzzzz: 1 },
      'zzzzzzzz',
      /^unknown key; allowed here: version, prefix, global, clusters, systemNamespace, meshes, echo, client, ca, gatewayWait, meshSyncWait, drainWait$/,
    ],
    ['unknown nested key', { echo: { prot: 80 } }, 'echo.prot', /did you mean "port"/],
    ['section is not a mapping', { echo: [1] }, 'echo', /must be a mapping, got a list/],
    ['version 3', { version: 3 }, 'version', /^unsupported version 3; this crossmesh reads versions 1 and 2$/],
    ['version as a string', { version: '2' }, 'version', /^unsupported version "2"; this crossmesh reads versions 1 and 2$/],
    [
      'a version 2 key in a version 1 file',
      { zones: [{ name: 'zone1', context: 'c1' }] },
      'zones',
      /^is a version 2 key: add "version: 2" at the top to list zones, meshes and links/,
    ],
    [
      'meshes as a list in a version 1 file',
      { meshes: [{ name: 'mesh1' }] },
      'meshes',
      /^must be a mapping, got a list \(a list of meshes is the version 2 form: add "version: 2" at the top\)$/,
    ],
    [
      'uppercase namespace',
      { meshes: { mesh1: { cluster1Namespace: 'C1M1' } } },
      'meshes.mesh1.cluster1Namespace',
      /"C1M1" is not a valid name: use at most 63 lower-case letters/,
    ],
    ['name longer than 63', { meshes: { mesh2: { name: 'm'.repeat(64) } } }, 'meshes.mesh2.name', /is not a valid name/],
    ['name ending in -', { clusters: { cluster1: { zone: 'zone-' } } }, 'clusters.cluster1.zone', /is not a valid name/],
    ['empty string', { clusters: { cluster1: { context: '' } } }, 'clusters.cluster1.context', /must be a non-empty string, got ""/],
    ['number where a string belongs', { meshes: { mesh1: { name: 5 } } }, 'meshes.mesh1.name', /must be a non-empty string, got 5/],
    ['port 70000', { echo: { port: 70000 } }, 'echo.port', /must be a port number from 1 to 65535, got 70000/],
    [
      'port 0',
      { meshes: { mesh1: { gateway: { port: 0 } } } },
      'meshes.mesh1.gateway.port',
      /must be a port number from 1 to 65535, got 0/,
    ],
    ['port 80.5', { echo: { port: 80.5 } }, 'echo.port', /got 80\.5/],
    ['port as string', { echo: { port: '80' } }, 'echo.port', /must be a port number from 1 to 65535, got "80"/],
    ['bad duration', { gatewayWait: '3 minutes' }, 'gatewayWait', /"3 minutes" is not a duration: write a number and a unit/],
    ['bad mesh sync wait', { meshSyncWait: 'a while' }, 'meshSyncWait', /"a while" is not a duration/],
    ['bad drain wait', { drainWait: 5 }, 'drainWait', /must be a non-empty string/],
    ['bad CA duration', { ca: { certExpiration: '1 day' } }, 'ca.certExpiration', /is not a duration/],
    ['global.tool invalid', { global: { tool: 'helm' } }, 'global.tool', /must be "kumactl" .* or "kubectl" .*, got "helm"/],
    ['global.tool kubectl without context', { global: { tool: 'kubectl' } }, 'global.context', /is required when global.tool is kubectl/],
    ['rsaBits 1000', { ca: { rsaBits: 1000 } }, 'ca.rsaBits', /must be one of 2048, 3072, 4096, got 1000/],
    ['rsaBits as string', { ca: { rsaBits: '2048' } }, 'ca.rsaBits', /must be one of 2048, 3072, 4096, got "2048"/],
    ['image with spaces', { echo: { image: 'kong/go echo' } }, 'echo.image', /"kong\/go echo" is not a container image reference/],
    ['client image upper case', { client: { image: 'Curl' } }, 'client.image', /is not a container image reference/],
    ['inZone2 as string', { echo: { inZone2: 'yes' } }, 'echo.inZone2', /must be true or false, got "yes"/],
    [
      'gateway address with scheme',
      { meshes: { mesh1: { gateway: { address: 'http://x:80' } } } },
      'meshes.mesh1.gateway.address',
      /is not an IP address or DNS name \(leave out any scheme, port or path\)/,
    ],
    [
      'gateway address with port',
      { meshes: { mesh2: { gateway: { address: '1.2.3.4:80' } } } },
      'meshes.mesh2.gateway.address',
      /is not an IP address or DNS name/,
    ],
    [
      'unknown gateway kind',
      { meshes: { mesh1: { gateway: { kind: 'istio' } } } },
      'meshes.mesh1.gateway.kind',
      /"istio" is not a gateway kind: use builtin .* or kong/,
    ],
    [
      'gateway namespace without kind kong',
      { meshes: { mesh1: { gateway: { namespace: 'gw-ns' } } } },
      'meshes.mesh1.gateway.namespace',
      /is only used with kind: kong/,
    ],
    [
      'Kong Gateway namespace of the other mesh',
      { meshes: { mesh1: { gateway: { kind: 'kong', namespace: 'c1m2' } } } },
      'meshes.mesh1.gateway.namespace',
      /"c1m2" belongs to mesh "mesh2"/,
    ],
    [
      'same context for both clusters',
      { clusters: { cluster2: { context: 'c1' } } },
      'clusters.cluster2.context',
      /is the same context as cluster1 \("c1"\)/,
    ],
    [
      'same zone names',
      { clusters: { cluster2: { zone: 'zone1' } } },
      'clusters.cluster2.zone',
      /is the same zone name as cluster1 \("zone1"\)/,
    ],
    ['same mesh names', { meshes: { mesh2: { name: 'mesh1' } } }, 'meshes.mesh2.name', /is the same as meshes.mesh1.name \("mesh1"\)/],
    [
      'same gateway names',
      { meshes: { mesh2: { gateway: { name: 'cross-mesh-gateway' } } } },
      'meshes.mesh2.gateway.name',
      /MeshGateway objects are cluster-wide/,
    ],
    [
      'same cluster-1 namespace for both meshes',
      { meshes: { mesh2: { cluster1Namespace: 'c1m1' } } },
      'meshes.mesh2.cluster1Namespace',
      /is the same namespace as meshes.mesh1.cluster1Namespace/,
    ],
    [
      'same cluster-2 namespace for both meshes',
      { meshes: { mesh1: { cluster2Namespace: 'c2m2' } } },
      'meshes.mesh2.cluster2Namespace',
      /a namespace belongs to one mesh only/,
    ],
    [
      'namespace equal to systemNamespace',
      { systemNamespace: 'c1m1' },
      'meshes.mesh1.cluster1Namespace',
      /must not be the control plane's system namespace "c1m1"/,
    ],
    ['systemNamespace not a name', { systemNamespace: 'Kong_Mesh' }, 'systemNamespace', /is not a valid name/],
  ];

  it.each(cases)('%s', (_label, raw, path, message) => {
    const problems = problemsOf(raw);
    const p = problems.find((x) => x.path === path);
    expect(p, `problem at ${path} among ${JSON.stringify(problems)}`).toBeDefined();
    expect(p!.message).toMatch(message);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf({ echo: { port: 0, inZone2: 'no' }, gatewayWait: 'soon', meshs: 1 });
    expect(problems.map((p) => p.path).sort()).toEqual(['echo.inZone2', 'echo.port', 'gatewayWait', 'meshs']);
  });

  it('rejects a mesh namespace equal to a known system namespace when systemNamespace is not set', () => {
    // With no systemNamespace the plan puts policies in kong-mesh-system (DEFAULT_SYSTEM_NAMESPACE) and would also
    // apply a Namespace kong-mesh-system labelled kuma.io/mesh=mesh1 + sidecar injection: the control plane's own namespace.
    const problems = problemsOf({ meshes: { mesh1: { cluster1Namespace: 'kong-mesh-system' } } });
    expect(problems.map((p) => p.path)).toContain('meshes.mesh1.cluster1Namespace');
  });
});

describe('a configuration that validates gives a plan the API servers can accept', () => {
  it('rejects echo.port 1025 or 1026, which echo already serves (the Service would list a port twice)', async () => {
    // steps/workloads.ts echoService has fixed ports 1025 (tcp) and 1026 (udp) plus echo.port (http), all TCP;
    // Kubernetes rejects a Service with a duplicate port/protocol ("spec.ports[2]: Duplicate value").
    for (const port of [1025, 1026]) {
      const r = validateConfig({ echo: { port } });
      expect(r.ok, `echo.port ${port}`).toBe(false);
    }
  });

  it('the echo Service ports are unique for the default and other allowed ports', async () => {
    for (const port of [1027, 8080, 80]) {
      const r = validateConfig({ echo: { port } });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const services = planFor(r.config)
        .flatMap((p) => p.manifests)
        .map((m) => m.object as { kind?: string; spec?: { ports?: Array<{ port: number }> } })
        .filter((o) => o.kind === 'Service');
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) {
        const ports = s.spec!.ports!.map((p) => p.port);
        expect(new Set(ports).size, `ports ${ports.join(',')}`).toBe(ports.length);
      }
    }
  });

  it('rejects a gateway named "echo", whose Service would collide with the echo Service', () => {
    // The MeshGatewayInstance's Service takes the gateway name in meshes.<mesh>.cluster1Namespace, where
    // steps/workloads.ts also creates Service "echo".
    expect(validateConfig({ meshes: { mesh1: { gateway: { name: 'echo' } } } }).ok).toBe(false);
  });
});

describe('parseConfigText: YAML errors and line numbers', () => {
  it('a YAML syntax error names the line and says it is not valid YAML', () => {
    const e = configError('global:\n  tool: kumactl\n meshes: [\n');
    expect(e.problems[0]).toMatchObject({ path: '(yaml)', line: 3 });
    expect(e.message).toMatch(/^my\.yaml has 2 problems:\n {2}line 3: \(yaml\): is not valid YAML: /);
  });

  it('duplicate keys are an error with the line of the second one', () => {
    const e = configError('gatewayWait: 3m\necho:\n  port: 1027\ngatewayWait: 4m\n');
    expect(e.problems).toEqual([{ path: '(yaml)', line: 4, message: expect.stringMatching(/is not valid YAML: Map keys must be unique/) }]);
  });

  it.each([
    ['value on its own line', 'echo:\n  image: kong/go-echo:0.6.0\n  port: 70000\n', 'echo.port', 3],
    ['unknown key', '# comment\n\nglobal:\n  tool: kumactl\nmeshs: {}\n', 'meshs', 5],
    ['deeply nested', 'meshes:\n  mesh1:\n    name: mesh1\n    gateway:\n      port: 80.5\n', 'meshes.mesh1.gateway.port', 5],
    ['missing key points at its parent', 'global:\n  tool: kubectl\n', 'global.context', 2],
    [
      'cross-field problem at the second value',
      'clusters:\n  cluster1:\n    context: same\n  cluster2:\n    context: same\n',
      'clusters.cluster2.context',
      5,
    ],
  ])('line number: %s', (_label, text, path, line) => {
    const e = configError(text);
    const p = e.problems.find((x) => x.path === path);
    expect(p, JSON.stringify(e.problems)).toBeDefined();
    expect(p!.line).toBe(line);
    expect(e.message).toContain(`  line ${line}: ${path}: `);
  });

  it('reports an unknown key whose value is a block mapping at the line of the key', () => {
    // src/config/file.ts lineOf: doc.getIn(['meshs'], true) finds the VALUE node of the unknown key (line 3),
    // so "line 3: meshs: unknown key" is printed while "meshs:" is on line 2.
    const e = configError('version: 1\nmeshs:\n  mesh1: {}\n');
    expect(e.problems.find((p) => p.path === 'meshs')!.line).toBe(2);
  });

  it('the message ends by saying how to fix it, in which file', () => {
    expect(configError('echo:\n  port: 0\n', 'conf/x.yaml').message.split('\n').at(-1)).toBe(
      'Fix it in conf/x.yaml, or move the file away to start from the defaults.',
    );
    expect(configError('echo:\n  port: 0\ngatewayWait: x\n', 'y.yaml').message).toMatch(
      /^y\.yaml has 2 problems:\n[\s\S]*\nFix them in y\.yaml, or move the file away to start from the defaults\.$/,
    );
  });

  it('a top-level list has no line and says what is wrong', () => {
    const e = configError('- a\n- b\n');
    expect(e.problems).toEqual([{ path: '(top level)', message: 'must be a mapping of settings, got a list', line: undefined }]);
    expect(e.message).toContain('\n  (top level): must be a mapping of settings, got a list\n');
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crossmesh-config-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing default file means the defaults', () => {
    expect(loadConfig(join(dir, 'absent.yaml'))).toEqual({ config: defaultConfig(), file: join(dir, 'absent.yaml'), exists: false });
  });

  it('a missing file given with --config is an error', () => {
    const f = join(dir, 'absent.yaml');
    expect(() => loadConfig(f, { mustExist: true })).toThrow(ConfigError);
    expect(() => loadConfig(f, { mustExist: true })).toThrow(/\(file\): does not exist: check the path given to --config/);
  });

  it('reads and validates an existing file', () => {
    const f = join(dir, 'ok.yaml');
    writeFileSync(f, 'echo:\n  inZone2: false\n');
    const loaded = loadConfig(f, { mustExist: true });
    expect(loaded.exists).toBe(true);
    expect(loaded.config.meshes.map((m) => m.echo)).toEqual([['zone1'], ['zone1']]);
    expect(loaded.config).toEqual({
      ...defaultConfig(),
      meshes: [{ ...defaultConfig().meshes[0], echo: ['zone1'] }, defaultConfig().meshes[1]],
    });
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file is a ConfigError, not a crash (skipped as root, who reads everything)', () => {
    const f = join(dir, 'secret.yaml');
    writeFileSync(f, 'echo: {}\n');
    chmodSync(f, 0o000);
    expect(() => loadConfig(f)).toThrow(/cannot be read \(EACCES\)/);
  });
});

describe('value checks', () => {
  it('isDnsLabel', () => {
    for (const ok of ['a', 'c1m1', 'a-b', '0a', 'x'.repeat(63)]) expect(isDnsLabel(ok), ok).toBe(true);
    for (const bad of ['', 'A', 'a_b', '-a', 'a-', 'a.b', 'x'.repeat(64)]) expect(isDnsLabel(bad), bad).toBe(false);
  });

  it('isDuration and durationMs', () => {
    for (const ok of ['3m', '90s', '1h30m', '10y', '500ms']) expect(isDuration(ok), ok).toBe(true);
    for (const bad of ['', '3', 'm', '3 m', '-3m', '1.5h']) expect(isDuration(bad), bad).toBe(false);
    expect(durationMs('3m')).toBe(180_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('1d')).toBe(86_400_000);
  });

  it('isAddress', () => {
    for (const ok of ['203.0.113.7', 'gw.example.com', 'localhost', '2001:db8::1', 'a-b.c']) expect(isAddress(ok), ok).toBe(true);
    for (const bad of ['', 'http://x', 'x:80', '1.2.3.4:80', 'a/b', 'has space', '-a.com']) expect(isAddress(bad), bad).toBe(false);
  });

  it('rejects host:port made of hex letters and lone colons as IPv6 addresses', () => {
    // src/config/validate.ts IPV6 = /^[0-9a-fA-F:]+$/ accepts any string of hex digits and colons, so a
    // gateway address "cafe:8080" (host and port) or ":" is accepted although the message says "leave out any port".
    for (const bad of ['cafe:8080', 'abc:80', ':', ':::::']) expect(isAddress(bad), bad).toBe(false);
  });
});

describe('hostile files end in a short ConfigError, quickly (issue 9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crossmesh-config-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileWith = (name: string, content: string | Uint8Array): string => {
    const f = join(dir, name);
    writeFileSync(f, content);
    return f;
  };
  const loadError = (f: string): ConfigError => {
    try {
      loadConfig(f, { mustExist: true });
    } catch (err) {
      if (err instanceof ConfigError) return err;
      throw err;
    }
    throw new Error(`expected a ConfigError for ${f}`);
  };
  /** CPU time of this process, in ms, while fn runs: a loaded machine stretches wall-clock time, not this */
  const cpuMs = (fn: () => void): number => {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };

  it('a "billion laughs" alias bomb names the aliases and says what to do (it used to end in "unexpected error: Excessive alias count")', () => {
    const laughs = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 8; i++)
      laughs.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const e = configError(`${laughs.join('\n')}\n`);
    expect(e.problems).toEqual([
      {
        path: '(yaml)',
        line: 2,
        message: expect.stringMatching(
          /uses aliases \(\*name\) that would repeat the values of their anchors \(&name\) too many times.*write the settings out instead/,
        ),
      },
    ]);
    expect(e.message.length).toBeLessThan(1000);
  });

  it('more aliases than a configuration could need are refused, at the line of the first one', () => {
    const e = configError(`a: &x 1\n${Array.from({ length: 101 }, (_, i) => `k${i}: *x`).join('\n')}\n`);
    expect(e.problems).toEqual([
      { path: '(yaml)', line: 2, message: 'uses 101 aliases (*name); crossmesh reads at most 100: write the settings out instead' },
    ]);
  });

  it('40,000 unknown keys are read in one pass and the message lists the first problems, then how many more (it took 52 s)', () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `unknownkey${i}: ${i}\n`).join('');
    let e: ConfigError | undefined;
    expect(cpuMs(() => (e = configError(text)))).toBeLessThan(2_000);
    expect(e!.problems).toHaveLength(40_000);
    expect(e!.problems[39_999]).toMatchObject({ path: 'unknownkey39999', line: 40_000 });
    const lines = e!.message.split('\n');
    const shown = lines.filter((l) => /^ {2}line \d+: unknownkey\d+: unknown key/.test(l)).length;
    expect(shown).toBeGreaterThanOrEqual(10);
    expect(shown).toBeLessThanOrEqual(20);
    expect(lines.at(-2)).toBe(`  ... and ${40_000 - shown} more problems`);
    expect(lines).toHaveLength(shown + 3);
    expect(e!.message.length).toBeLessThan(4096);
  });

  it('thousands of unknown keys in a section, or the same key thousands of times, are also quick and short', () => {
    for (const text of [
      `echo:\n${Array.from({ length: 20_000 }, (_, i) => `  prot${i}: 1\n`).join('')}`,
      'gatewayWait: 3m\n'.repeat(20_000),
    ]) {
      let e: ConfigError | undefined;
      expect(cpuMs(() => (e = configError(text)))).toBeLessThan(2_000);
      expect(e!.problems.length).toBeGreaterThan(19_000);
      expect(e!.message.length).toBeLessThan(4096);
      expect(e!.message).toMatch(/\n {2}\.\.\. and \d+ more problems\n/);
    }
  });

  it('a 5 MB value is quoted in part, with its length', () => {
    const huge = 'x'.repeat(5_000_000);
    for (const [text, path] of [
      [`version: "${huge}"\n`, 'version'],
      [`echo: ${huge}\n`, 'echo'],
    ] as const) {
      const e = configError(text);
      expect(e.problems.find((p) => p.path === path)!.message).toContain(`"${'x'.repeat(59)}…" (5,000,000 characters)`);
      expect(e.message.length).toBeLessThan(1000);
    }
  });

  it('a 5 MB setting is refused by its length', () => {
    const e = configError(`clusters:\n  cluster1:\n    context: ${'c'.repeat(5_000_000)}\n`);
    expect(e.problems).toEqual([
      { path: 'clusters.cluster1.context', line: 3, message: 'is 5,000,000 characters long; a setting holds at most 1,000' },
    ]);
  });

  it('a key too long to repeat is shortened in the message', () => {
    const e = configError(`? ${'k'.repeat(1_000_000)}\n: 1\n`);
    expect(e.message).toContain(`  line 1: "${'k'.repeat(59)}…" (1,000,000 characters): unknown key; allowed here: version`);
    expect(e.message.length).toBeLessThan(1000);
  });

  it('a file larger than 256 KiB is refused, naming its size and the limit', () => {
    const f = fileWith('huge.yaml', `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(loadError(f).problems).toEqual([
      {
        path: '(file)',
        message: 'is 5,242,883 bytes (5 MiB); crossmesh reads configuration files of at most 256 KiB: is it the right file?',
      },
    ]);
    expect(loadError(fileWith('one-byte-too-many.yaml', `#${' '.repeat(256 * 1024 - 1)}\n`)).message).toContain(
      'is 262,145 bytes (256 KiB); crossmesh reads configuration files of at most 256 KiB',
    );
    expect(loadConfig(fileWith('just-256-kib.yaml', `#${' '.repeat(256 * 1024 - 2)}\n`)).config).toEqual(defaultConfig());
  });

  it('a file that is not UTF-8 is refused with the line and byte, not read with U+FFFD in place of the bytes', () => {
    const bytes = (...parts: Array<string | number[]>) =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const cases: Array<[string, Buffer, string]> = [
      [
        'bytes that are never UTF-8',
        bytes('clusters:\n  cluster1:\n    context: kind-', [0xff, 0xfe], '-east\n'),
        'line 3: (file): is not UTF-8 text: the character at byte 40 (0xFF) is not valid UTF-8. Save the file as UTF-8',
      ],
      ['a Latin-1 é', bytes('echo:\n  image: caf', [0xe9], '\n'), 'line 2: (file): is not UTF-8 text: the character at byte 18 (0xE9)'],
      [
        'a character cut at the end',
        bytes('echo:\n  image: caf', [0xc3]),
        'line 2: (file): is not UTF-8 text: the character at byte 18 (0xC3)',
      ],
      [
        'a UTF-16 surrogate encoded in UTF-8',
        bytes('echo: a', [0xed, 0xa0, 0x80], '\n'),
        'line 1: (file): is not UTF-8 text: the character at byte 7 (0xED)',
      ],
    ];
    for (const [label, content, fragment] of cases)
      expect(loadError(fileWith(`${label}.yaml`, content)).message, label).toContain(`  ${fragment}`);
  });

  it('a byte order mark is fine', () => {
    expect(
      loadConfig(fileWith('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('echo:\n  port: 1028\n')]))).config.echo
        .port,
    ).toBe(1028);
  });

  it.each([
    [
      'an escaped bell',
      'clusters:\n  cluster1:\n    context: "kind-\\a-east"\n',
      'clusters.cluster1.context',
      '"kind-\\u0007-east" contains the control character U+0007 at character 6: write the value without it',
    ],
    [
      'a raw control character',
      'clusters:\n  cluster2:\n    zone: zo\u0001ne\n',
      'clusters.cluster2.zone',
      '"zo\\u0001ne" contains the control character U+0001 at character 3: write the value without it',
    ],
    [
      'a tab',
      'global:\n  controlPlane: "glo\\tbal"\n',
      'global.controlPlane',
      '"glo\\tbal" contains the control character U+0009 at character 4: write the value without it',
    ],
    [
      'a C1 control character',
      'echo:\n  image: "kong/go-echo\\x9b0.6.0"\n',
      'echo.image',
      '"kong/go-echo\\u009b0.6.0" contains the control character U+009B at character 13: write the value without it',
    ],
    [
      'half a surrogate pair',
      'meshes:\n  mesh1:\n    name: "\\ud800"\n',
      'meshes.mesh1.name',
      '"\\ud800" contains half of a Unicode surrogate pair (U+D800) at character 1: it is not text',
    ],
  ])('control characters in strings are refused: %s', (_label, text, path, message) => {
    expect(configError(text).problems).toEqual([{ path, message, line: expect.any(Number) }]);
  });

  it.each([
    ['flow lists', `echo: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['flow mappings', `echo: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}\n`],
    ['block lists', `echo:\n${'- '.repeat(50_000)}1\n`],
    ['block mappings', `${Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`],
  ])('deep nesting (%s) is one short problem, not a stack overflow', (_label, text) => {
    const e = configError(text);
    expect(e.problems).toEqual([
      {
        path: '(yaml)',
        line: expect.any(Number),
        message: 'nests lists or mappings too deeply: crossmesh reads at most 64 levels, and its settings need four',
      },
    ]);
  });

  it('nesting up to the limit is read (and then judged as a setting)', () => {
    expect(configError(`echo: ${'['.repeat(63)}${']'.repeat(63)}\n`).problems).toEqual([
      { path: 'echo', line: 1, message: 'must be a mapping, got a list' },
    ]);
    expect(configError(`echo: ${'['.repeat(64)}${']'.repeat(64)}\n`).problems[0]!.path).toBe('(yaml)');
  });

  it('a second YAML document is refused in our words', () => {
    expect(configError('echo: {}\n---\necho: {}\n').problems).toEqual([
      { path: '(yaml)', line: 2, message: 'holds a second YAML document (after a "---" line): crossmesh reads one, so remove the rest' },
    ]);
  });

  it('a message lists at most 20 problems', () => {
    const e = configError(Array.from({ length: 30 }, (_, i) => `k${i}: 1`).join('\n'));
    expect(e.message.split('\n').filter((l) => /^ {2}line \d+: k\d+: /.test(l))).toHaveLength(20);
    expect(e.message).toContain('\n  ... and 10 more problems\nFix them in my.yaml');
  });
});

describe('addresses: an all-numeric dotted name is an IPv4 address or nothing (issue 9)', () => {
  it.each(['999.1.1.1', '256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1..2.3', '123'])('%s is refused', (bad) => {
    expect(isAddress(bad)).toBe(false);
    expect(addressProblem(bad)).toBe(
      `"${bad}" is not a valid IPv4 address: write four numbers from 0 to 255 separated by dots, without leading zeros, e.g. 203.0.113.10`,
    );
  });

  it.each(['0.0.0.0', '255.255.255.255', '203.0.113.7', '10.0.0.1', '1a.example.com', '2001:db8::1'])('%s is accepted', (ok) => {
    expect(isAddress(ok)).toBe(true);
  });

  it('meshes.MESH.gateway.address 999.1.1.1 is a problem with that reason', () => {
    const e = configError('meshes:\n  mesh1:\n    gateway:\n      address: 999.1.1.1\n');
    expect(e.problems).toEqual([
      { path: 'meshes.mesh1.gateway.address', line: 4, message: expect.stringMatching(/^"999\.1\.1\.1" is not a valid IPv4 address: /) },
    ]);
  });

  it('--gateway-address mesh1=999.1.1.1 is a usage error with that reason', () => {
    expect(() => parseGatewayAddresses(['mesh1=999.1.1.1'], defaultConfig())).toThrow(UsageError);
    expect(() => parseGatewayAddresses(['mesh1=999.1.1.1'], defaultConfig())).toThrow(
      /^--gateway-address "mesh1=999\.1\.1\.1": "999\.1\.1\.1" is not a valid IPv4 address: /,
    );
    expect(parseGatewayAddresses(['mesh1=203.0.113.7', 'mesh2=gw.example.com'], defaultConfig())).toEqual({
      mesh1: '203.0.113.7',
      mesh2: 'gw.example.com',
    });
  });
});
