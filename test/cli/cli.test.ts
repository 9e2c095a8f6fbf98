/**
 * The built CLI (dist/crossmesh.js), run as a user would: exit codes, messages, plan and export output.
 * Nothing here touches a cluster: plan and export only render, and the error cases stop before any call.
 */
import { describe, it, expect, expect as globalExpect, beforeAll, afterAll, type ExpectStatic } from 'vitest';
import { execa } from 'execa';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { generatedDocuments, hostileDocuments, seededRandom, type ConfigDocument } from '../unit/config-documents.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT = join(repoRoot, 'dist', 'crossmesh.js');
/** a private copy of the fresh build: other suites may rebuild dist/ while these tests run */
let CLI: string;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crossmesh-cli-test-'));
  CLI = join(work, 'dist', 'crossmesh.js');
  // npm test builds before running the suites; build here only when run on its own
  if (!existsSync(BUILT)) {
    const build = await execa('npm', ['run', 'build', '--silent'], { cwd: repoRoot, reject: false });
    if (build.exitCode !== 0) throw new Error(`could not build dist/crossmesh.js:\n${String(build.stdout)}\n${String(build.stderr)}`);
  }
  // the entry and the chunks it loads on demand
  cpSync(join(repoRoot, 'dist'), join(work, 'dist'), { recursive: true });
  const probe = await execa('node', [CLI, '--help'], { reject: false });
  if (probe.exitCode !== 0) throw new Error(`the copied build does not run:\n${String(probe.stderr)}`);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function run(args: string[], cwd = work) {
  const r = await execa('node', [CLI, ...args], { cwd, reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const STACK = /^\s{4}at /m;

function expectCleanUsageError(r: { code: number | undefined; stdout: string; stderr: string }, expect: ExpectStatic = globalExpect) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^crossmesh: /);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

describe('help, version, usage errors', () => {
  it('--help exits 0 and lists the commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['plan', 'export', 'apply', 'verify']) expect(r.stdout).toMatch(new RegExp(`^\\s+crossmesh ${cmd}\\b`, 'm'));
    expect(r.stdout).toMatch(/--config FILE/);
    expect(r.stderr).toBe('');
  });

  it('--version prints "crossmesh 0.1.0"', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('crossmesh 0.1.0');
  });

  it('an unknown command exits 2 and names the commands', async () => {
    const r = await run(['deploy']);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(/unknown command "deploy"; the commands are: plan, export, apply, verify/);
  });

  it('an unknown flag exits 2 and points to --help', async () => {
    const r = await run(['plan', '--bogus']);
    expectCleanUsageError(r);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    expect(r.stderr).toContain('Run "crossmesh --help" to see the commands and options.');
  });

  it('--format other than yaml/json exits 2', async () => {
    const r = await run(['plan', '--format', 'xml']);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(/--format must be yaml or json, got "xml"/);
  });

  it('--prefix that cannot start a Kubernetes name exits 2 and says why', async () => {
    const r = await run(['plan', '--prefix', 'Group_7']);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(/--prefix "Group_7" cannot start a Kubernetes name/);
  });

  it('--prefix puts the prefix in front of every mesh and namespace of the plan, and --all-prefixes goes only with status', async () => {
    const r = await run(['plan', '--prefix', 'team-a', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"team-a-mesh1"');
    expect(r.stdout).toContain('"namespace": "team-a-c1m1"');
    expect(r.stdout).not.toMatch(/"name": "mesh1"/);
    const wrong = await run(['plan', '--all-prefixes']);
    expectCleanUsageError(wrong);
    expect(wrong.stderr).toMatch(/--all-prefixes goes with status/);
  });

  it('export without a directory exits 2', async () => {
    const r = await run(['export']);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(/export needs one directory: crossmesh export DIR/);
  });
});

describe('more usage errors', () => {
  it.each([
    [['apply'], /apply runs without questions only with --yes \(or walk through it with --rehearse\)/],
    [['apply', '--yes', '--from', 'bogus'], /--from "bogus" is not a step; use one of: namespaces, mtls/],
    [['apply', '--yes', '--from', 'prerequisites'], /--from "prerequisites" is not a step/],
    // an option that means nothing for the command is refused, not silently ignored
    [['plan', '--json'], /^crossmesh: --json means nothing for crossmesh plan: --json goes with status\./],
    [
      ['status', '--handout', '--diagram'],
      /--handout, --diagram mean nothing for crossmesh status: --handout goes with export; --diagram goes with plan\./,
    ],
    [['--format', 'json'], /--format means nothing for crossmesh \(the wizard\): --format goes with plan\./],
    [['teardown', '--from', 'mtls'], /--from goes with the wizard, apply/],
    [['plan', 'extra'], /"crossmesh plan" takes no further arguments, got: extra/],
    [
      ['export', '/nonexistent-crossmesh-parent/x/y'],
      /the folder \/nonexistent-crossmesh-parent\/x does not exist: create it first or choose another path/,
    ],
  ])('%j exits 2', async (args, message) => {
    const r = await run(args);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(message);
  });
});

describe('apply --rehearse', () => {
  it('walks every step without running kubectl or kumactl (they are not even on PATH) and exits 0', async () => {
    const r = await execa(process.execPath, [CLI, 'apply', '--rehearse'], {
      cwd: work,
      reject: false,
      env: { NO_COLOR: '1', PATH: '/nonexistent' },
      stdin: 'ignore',
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = String(r.stdout);
    for (const step of [
      'prerequisites',
      'namespaces',
      'mtls',
      'permissions',
      'workloads',
      'gateway',
      'external-service',
      'reverse-matrix',
      'verify',
    ])
      expect(out).toContain(`${step}: rehearsed`);
    const commands = out.split('\n').filter((l) => /^\s+kubectl /.test(l));
    expect(commands.length).toBeGreaterThanOrEqual(20);
    for (const l of commands) expect(l).toMatch(/^\s+kubectl --context c[12] apply -f - /);
    expect(out).toMatch(/nothing was applied/);
    expect(String(r.stderr)).not.toMatch(STACK);
  });
});

describe('plan', () => {
  it('prints at least 20 manifests covering every kind, each headed by its step, tool and context', async () => {
    const r = await run(['plan']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const chunks = r.stdout
      .split(/^---$/m)
      .map((c) => c.trim())
      .filter(Boolean);
    expect(chunks.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set<string>();
    chunks.forEach((chunk, i) => {
      const comments = chunk.split('\n').filter((l) => l.startsWith('#'));
      expect(comments[0], `manifest ${i + 1}`).toMatch(
        new RegExp(`^# ${i + 1}\\. step \\d+/9 (namespaces|mtls|permissions|workloads|gateway|external-service|reverse-matrix): `),
      );
      expect(comments[1], `manifest ${i + 1}`).toMatch(
        /^# (kubectl -> context c[12]|kumactl -> control plane global)(, namespace [a-z0-9-]+)?$/,
      );
      const tool = comments[1]!.startsWith('# kubectl') ? 'kubectl' : 'kumactl';
      expect(comments[2], `manifest ${i + 1}`).toMatch(
        tool === 'kubectl' ? /^# kubectl --context c[12] apply -f -$/ : /^# kumactl apply -f -$/,
      );
      const docs = parseAllDocuments(chunk);
      expect(docs).toHaveLength(1);
      expect(docs[0]!.errors).toEqual([]);
      const obj = docs[0]!.toJS() as Record<string, unknown>;
      kinds.add(String(obj.kind ?? obj.type));
    });
    for (const kind of [
      'Namespace',
      'Mesh',
      'MeshTrafficPermission',
      'Deployment',
      'Service',
      'MeshGatewayInstance',
      'MeshGateway',
      'MeshHTTPRoute',
      'MeshExternalService',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('--format json is a JSON array of entries with step, tool, context, namespace, command and object', async () => {
    const r = await run(['plan', '--format', 'json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(entries)).toBe(true);
    expect(entries.length).toBeGreaterThanOrEqual(20);
    for (const e of entries) {
      expect(typeof e.step).toBe('string');
      expect(['kubectl', 'kumactl']).toContain(e.tool);
      expect(typeof e.context).toBe('string');
      expect(e.namespace === null || typeof e.namespace === 'string').toBe(true);
      expect(typeof e.command).toBe('string');
      expect(typeof e.object).toBe('object');
      if (e.tool === 'kubectl') expect(e.command).toBe(`kubectl --context ${String(e.context)} apply -f -`);
    }
    const mes = entries.find((e) => (e.object as { metadata?: { name?: string } }).metadata?.name === 'echo-mesh-1-http')!;
    expect(mes).toMatchObject({ step: 'external-service', tool: 'kubectl', context: 'c2', namespace: 'kong-mesh-system' });
    expect(mes.resolvedAtApply).toMatch(/mesh1-gateway-address\.invalid stands for the LoadBalancer address of mesh1's gateway/);
  });
});

describe('output to a closed pipe (crossmesh plan | head)', () => {
  // Deterministic: python opens a pipe, closes its read end, and runs the CLI with stdout on the write end,
  // so the first write fails with EPIPE.
  const PY = [
    'import os, subprocess, sys',
    'r, w = os.pipe()',
    'os.close(r)',
    'p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)',
    'sys.stdout.write(p.stderr.decode())',
    'sys.exit(p.returncode)',
  ].join('\n');

  it('exits quietly when the reader of stdout goes away (EPIPE)', async () => {
    const r = await execa('python3', ['-c', PY, process.execPath, CLI, 'plan'], { cwd: work, reject: false });
    expect(String(r.stdout)).not.toMatch(/Unhandled 'error' event/);
    expect(String(r.stdout)).not.toMatch(STACK);
  });
});

describe('--gateway-address', () => {
  const mesAddress = (entries: Array<Record<string, unknown>>, name: string) =>
    (
      entries.find((e) => (e.object as { metadata?: { name?: string } }).metadata?.name === name)!.object as {
        spec: { endpoints: Array<{ address: string }> };
      }
    ).spec.endpoints[0]!.address;

  it('puts the address into the MeshExternalService of that mesh only', async () => {
    const r = await run(['plan', '--format', 'json', '--gateway-address', 'mesh1=203.0.113.7']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(mesAddress(entries, 'echo-mesh-1-http')).toBe('203.0.113.7');
    expect(mesAddress(entries, 'echo-mesh-2-http')).toBe('mesh2-gateway-address.invalid');
    const yaml = await run(['plan', '--gateway-address', 'mesh1=203.0.113.7', '--gateway-address', 'mesh2=gw2.example.com']);
    expect(yaml.stdout).toMatch(/- address: 203\.0\.113\.7\n\s+port: 8080/);
    expect(yaml.stdout).toMatch(/- address: gw2\.example\.com\n/);
    expect(yaml.stdout).not.toContain('gateway-address.invalid');
  });

  it.each([
    ['mesh1=http://x:80', /"http:\/\/x:80" is not an IP address or DNS name \(leave out any scheme, port or path\)/],
    ['mesh9=1.2.3.4', /--gateway-address "mesh9=1\.2\.3\.4": write MESH=ADDRESS where MESH is mesh1 or mesh2/],
    [
      'mesh1=999.1.1.1',
      /--gateway-address "mesh1=999\.1\.1\.1": "999\.1\.1\.1" is not a valid IPv4 address: write four numbers from 0 to 255/,
    ],
    ['203.0.113.7', /write MESH=ADDRESS/],
  ])('rejects %s with exit 2', async (value, message) => {
    const r = await run(['plan', '--gateway-address', value]);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('export', () => {
  it('writes numbered step folders, a README per step and an executable apply.sh that names every --context', async () => {
    const dir = join(work, 'export1');
    const r = await run(['export', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote `);
    const top = readdirSync(dir).sort();
    const stepDirs = top.filter((f) => statSync(join(dir, f)).isDirectory());
    expect(stepDirs).toEqual([
      '01-prerequisites',
      '02-namespaces',
      '03-mtls',
      '04-permissions',
      '05-workloads',
      '06-gateway',
      '07-external-service',
      '08-reverse-matrix',
      '09-verify',
    ]);
    expect(top).toEqual(expect.arrayContaining(['README.md', 'apply.sh']));
    for (const s of stepDirs) {
      const readme = readFileSync(join(dir, s, 'README.md'), 'utf8');
      expect(readme, s).toMatch(/^# Step \d of 9: /);
      for (const f of readdirSync(join(dir, s)).filter((x) => x.endsWith('.yaml'))) {
        expect(f, `${s}/${f}`).toMatch(/^\d\d-(cluster1|cluster2|global)-[a-z]+-[a-z0-9-]+\.yaml$/);
        expect(readme, `${s} README mentions ${f}`).toContain(f);
      }
    }
    const script = join(dir, 'apply.sh');
    expect(statSync(script).mode & 0o111).toBe(0o111);
    const text = readFileSync(script, 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    const kubectlLines = text.split('\n').filter((l) => /(^|[\s$(|])kubectl\s/.test(l) && !l.trimStart().startsWith('#'));
    expect(kubectlLines.length).toBeGreaterThanOrEqual(20);
    for (const l of kubectlLines) expect(l).toMatch(/ --context (c1|c2|"\$1") /);
    // every manifest file is applied by the script
    for (const s of stepDirs)
      for (const f of readdirSync(join(dir, s)).filter((x) => x.endsWith('.yaml'))) expect(text).toContain(`${s}/${f}`);
    const syntax = await execa('bash', ['-n', script], { reject: false });
    expect(syntax.exitCode, syntax.stderr).toBe(0);
  });

  it('with global.tool kubectl, the Meshes go through kubectl on the global context and the script never calls kumactl', async () => {
    const cfg = join(work, 'kubectl-global.yaml');
    writeFileSync(cfg, 'global:\n  tool: kubectl\n  context: gk\n');
    const dir = join(work, 'export-kubectl-global');
    expect((await run(['export', dir, '--config', cfg])).code).toBe(0);
    const text = readFileSync(join(dir, 'apply.sh'), 'utf8');
    expect(text).not.toMatch(/^[^#]*\bkumactl\b/m);
    expect(text).toContain('kubectl --context gk apply -f - < 03-mtls/01-global-mesh-mesh1.yaml');
    expect(text).toContain('kubectl --context gk apply -f - < 03-mtls/02-global-mesh-mesh2.yaml');
    expect(readFileSync(join(dir, '03-mtls', '01-global-mesh-mesh1.yaml'), 'utf8')).toMatch(/^apiVersion: kuma.io\/v1alpha1\nkind: Mesh\n/);
    expect((await execa('bash', ['-n', join(dir, 'apply.sh')], { reject: false })).exitCode).toBe(0);
  });

  it('with --kumactl-config, every kumactl line in the script uses that file (quoted)', async () => {
    const dir = join(work, 'export-kumactl-config');
    expect((await run(['export', dir, '--kumactl-config', '/tmp/my kumactl config'])).code).toBe(0);
    const lines = readFileSync(join(dir, 'apply.sh'), 'utf8')
      .split('\n')
      .filter((l) => /^[^#]*\bkumactl (?!points|config control-planes switch)/.test(l) && !l.trimStart().startsWith('echo'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l).toContain("kumactl --config-file '/tmp/my kumactl config' ");
    expect((await execa('bash', ['-n', join(dir, 'apply.sh')], { reject: false })).exitCode).toBe(0);
  });

  it('refuses a non-empty folder it did not write (exit 2) and leaves it untouched', async () => {
    const dir = join(work, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const r = await run(['export', dir]);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(/is not empty and was not written by crossmesh: choose an empty or new folder/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(readdirSync(work).filter((f) => f.startsWith('.foreign.tmp-'))).toEqual([]);
  });

  it('refuses a path that is a file (exit 2)', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    const r = await run(['export', file]);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(/exists and is not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('re-exports over its own previous export, replacing it (no stale files left)', async () => {
    const dir = join(work, 'export2');
    expect((await run(['export', dir])).code).toBe(0);
    const stale = join(dir, '05-workloads', '05-cluster2-service-echo.yaml');
    expect(existsSync(stale)).toBe(true);
    const cfg = join(work, 'no-zone2.yaml');
    writeFileSync(cfg, 'echo:\n  inZone2: false\n');
    const r = await run(['export', dir, '--config', cfg]);
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(join(dir, 'apply.sh'), 'utf8')).not.toContain('gw-to-mesh2-echo-zone2');
    expect(readdirSync(work).filter((f) => f.startsWith('.export2.tmp-'))).toEqual([]);
  });
});

describe('bad configuration files: exit 2, the path, the problem, how to fix it, no stack trace', () => {
  // [label, file content, expected "path: message" fragment, line (undefined: no line shown)]
  const cases: Array<[string, string, string, number | undefined]> = [
    ['YAML syntax error', 'global:\n  tool: kumactl\n meshes: [\n', '(yaml): is not valid YAML: ', 3],
    ['duplicate keys', 'gatewayWait: 3m\necho:\n  port: 1027\ngatewayWait: 4m\n', '(yaml): is not valid YAML: Map keys must be unique', 4],
    ['top-level list', '- global\n- meshes\n', '(top level): must be a mapping of settings, got a list', undefined],
    ['unknown key with did-you-mean', 'version: 1\nmeshs: {}\n', 'meshs: unknown key (did you mean "meshes"?)', 2],
    [
      'uppercase namespace',
      'meshes:\n  mesh1:\n    cluster1Namespace: C1M1\n',
      'meshes.mesh1.cluster1Namespace: "C1M1" is not a valid name',
      3,
    ],
    ['name longer than 63', `meshes:\n  mesh2:\n    name: ${'m'.repeat(64)}\n`, 'meshes.mesh2.name: ', 3],
    ['port 70000', 'echo:\n  port: 70000\n', 'echo.port: must be a port number from 1 to 65535, got 70000', 2],
    [
      'port 80.5',
      'meshes:\n  mesh1:\n    gateway:\n      port: 80.5\n',
      'meshes.mesh1.gateway.port: must be a port number from 1 to 65535, got 80.5',
      4,
    ],
    ['port as string', 'echo:\n  port: "80"\n', 'echo.port: must be a port number from 1 to 65535, got "80"', 2],
    ['bad duration', 'gatewayWait: 3 minutes\n', 'gatewayWait: "3 minutes" is not a duration: write a number and a unit, e.g. 90s, 3m', 1],
    [
      'global.tool invalid',
      'global:\n  tool: helm\n',
      'global.tool: must be "kumactl" (global control plane on Universal or Konnect) or "kubectl"',
      2,
    ],
    ['global.tool kubectl without context', 'global:\n  tool: kubectl\n', 'global.context: is required when global.tool is kubectl', 2],
    [
      'same context for both clusters',
      'clusters:\n  cluster1:\n    context: kind-a\n  cluster2:\n    context: kind-a\n',
      'clusters.cluster2.context: is the same context as cluster1 ("kind-a")',
      5,
    ],
    [
      'same zone names',
      'clusters:\n  cluster2:\n    zone: zone1\n',
      'clusters.cluster2.zone: is the same zone name as cluster1 ("zone1")',
      3,
    ],
    ['same mesh names', 'meshes:\n  mesh2:\n    name: mesh1\n', 'meshes.mesh2.name: is the same as meshes.mesh1.name ("mesh1")', 3],
    [
      'same namespace for both meshes',
      'meshes:\n  mesh2:\n    cluster2Namespace: c2m1\n',
      'meshes.mesh2.cluster2Namespace: is the same namespace as meshes.mesh1.cluster2Namespace',
      3,
    ],
    ['rsaBits 1000', 'ca:\n  rsaBits: 1000\n', 'ca.rsaBits: must be one of 2048, 3072, 4096, got 1000', 2],
    ['image with spaces', 'echo:\n  image: kong/go echo:1\n', 'echo.image: "kong/go echo:1" is not a container image reference', 2],
    ['echo.inZone2 "yes"', 'echo:\n  inZone2: "yes"\n', 'echo.inZone2: must be true or false, got "yes"', 2],
    [
      'gateway address with scheme',
      'meshes:\n  mesh1:\n    gateway:\n      address: http://gw.example.com\n',
      'meshes.mesh1.gateway.address: "http://gw.example.com" is not an IP address or DNS name (leave out any scheme, port or path)',
      4,
    ],
    ['version: 3', 'version: 3\n', 'version: unsupported version 3; this crossmesh reads versions 1 and 2', 1],
    [
      'version 2: a home zone that is not a zone',
      'version: 2\nzones:\n  - { name: zone1, context: c1 }\nmeshes:\n  - name: mesh1\n    home: zone9\n    namespaces: { zone1: c1m1 }\n',
      'meshes[0].home: "zone9" is not one of the zones (zone1)',
      6,
    ],
    [
      'version 2: a self link',
      'version: 2\nzones: [{ name: zone1, context: c1 }]\nmeshes: [{ name: mesh1, namespaces: { zone1: c1m1 } }]\nlinks:\n  - { from: mesh1, to: mesh1 }\n',
      'links[0].to: "mesh1" is the calling mesh itself',
      5,
    ],
    [
      'namespace equal to systemNamespace',
      'systemNamespace: kuma-system\nmeshes:\n  mesh2:\n    cluster1Namespace: kuma-system\n',
      'meshes.mesh2.cluster1Namespace: must not be the control plane\'s system namespace "kuma-system"',
      4,
    ],
    ['section that is not a mapping', 'echo: loud\n', 'echo: must be a mapping, got "loud"', 1],
    [
      'same gateway names',
      'meshes:\n  mesh2:\n    gateway:\n      name: cross-mesh-gateway\n',
      'meshes.mesh2.gateway.name: is the same as meshes.mesh1.gateway.name',
      4,
    ],
  ];

  it.concurrent.for(cases)('%s', async ([label, content, fragment, line], { expect }) => {
    const file = join(work, `bad-${label.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
    writeFileSync(file, content);
    const r = await run(['plan', '--config', file]);
    expectCleanUsageError(r, expect);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^crossmesh: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has (a problem|\\d+ problems):\n`));
    const problemLine = r.stderr.split('\n').find((l) => l.includes(fragment));
    expect(problemLine, `stderr:\n${r.stderr}`).toBeDefined();
    expect(problemLine!).toBe(`  ${line !== undefined ? `line ${line}: ` : ''}${problemLine!.slice(problemLine!.indexOf(fragment))}`);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Fix (it|them) in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, or move the file away to start from the defaults\\.$`),
    );
  });

  it('a missing --config file', async () => {
    const file = join(work, 'does-not-exist.yaml');
    const r = await run(['plan', '--config', file]);
    expectCleanUsageError(r);
    expect(r.stderr).toContain(`  (file): does not exist: check the path given to --config`);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`Fix it in ${file}, or move the file away to start from the defaults.`);
  });

  it('a missing default ./crossmesh.yaml is fine: the defaults are used', async () => {
    const empty = join(work, 'empty-cwd');
    mkdirSync(empty);
    const r = await run(['plan', '--format', 'json'], empty);
    expect(r.code).toBe(0);
  });

  it('a valid ./crossmesh.yaml in the working directory is read', async () => {
    const cwd = join(work, 'with-config');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'crossmesh.yaml'), 'clusters:\n  cluster1:\n    context: east\n');
    const r = await run(['plan', '--format', 'json'], cwd);
    expect(r.code).toBe(0);
    const contexts = new Set((JSON.parse(r.stdout) as Array<{ context: string }>).map((e) => e.context));
    expect([...contexts].sort()).toEqual(['c2', 'east', 'global']);
  });
});

describe('hostile crossmesh.yaml files: exit 2 with a short message, never "unexpected error" (issue 9)', () => {
  /** runs "crossmesh plan" in a folder of its own whose crossmesh.yaml holds the document */
  async function planWith(name: string, content: string | Uint8Array) {
    const cwd = join(work, `hostile-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'crossmesh.yaml'), content);
    const started = performance.now();
    const r = await run(['plan'], cwd);
    return { ...r, seconds: (performance.now() - started) / 1000 };
  }
  const laughs = [
    'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
    ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
  ].join('\n');

  it.concurrent.for([
    ['a billion laughs', laughs, /\(yaml\): uses aliases \(\*name\) that would repeat the values of their anchors/],
    [
      '10,000 unknown keys',
      Array.from({ length: 10_000 }, (_, i) => `unknownkey${i}: ${i}\n`).join(''),
      /\n {2}\.\.\. and \d+ more problems\nFix them in crossmesh\.yaml/,
    ],
    [
      '40,000 unknown keys (0.9 MB)',
      Array.from({ length: 40_000 }, (_, i) => `unknownkey${i}: ${i}\n`).join(''),
      /\(file\): is 897,780 bytes \(877 KiB\); crossmesh reads configuration files of at most 256 KiB: is it the right file\?/,
    ],
    [
      'a 5 MB file',
      `clusters:\n  cluster1:\n    context: ${'c'.repeat(5_000_000)}\n`,
      /\(file\): is 5,000,036 bytes \(4\.8 MiB\); crossmesh reads configuration files of at most 256 KiB/,
    ],
    ['a 200 KB value', `echo: ${'v'.repeat(200_000)}\n`, /echo: must be a mapping, got "v{59}…" \(200,000 characters\)/],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('clusters:\n  cluster1:\n    context: kind-'), Buffer.from([0xff]), Buffer.from('\n')]),
      /line 3: \(file\): is not UTF-8 text: the character at byte 40 \(0xFF\)/,
    ],
    [
      'a control character',
      'clusters:\n  cluster1:\n    context: "kind-\\x1b[31m"\n',
      /line 3: clusters\.cluster1\.context: "kind-\\u001b\[31m" contains the control character U\+001B/,
    ],
    ['deep nesting', `echo: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, /line 1: \(yaml\): nests lists or mappings too deeply/],
  ] as const)('%s', async ([label, content, message], { expect }) => {
    const r = await planWith(label, content);
    expectCleanUsageError(r, expect);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.length).toBeLessThan(4096);
    expect(r.stdout).toBe('');
  });
});

describe('generated crossmesh.yaml files through the built CLI (test/unit/config-fuzz.test.ts runs a few hundred in process)', () => {
  const random = seededRandom(2024);
  const generated = generatedDocuments();
  const hostile = hostileDocuments();
  const twoOf = (kind: string) => Array.from({ length: 2 }, () => random.pick(generated.filter((d) => d.label.startsWith(kind))));
  const chosen: ConfigDocument[] = [
    ...twoOf('random configuration'),
    ...twoOf('random YAML'),
    ...twoOf('damaged file'),
    ...[
      'billion laughs under a setting',
      '20,000 aliases of one anchor',
      'a 1 MB key under a section',
      'a raw control character in a key',
      'a file in UTF-16',
      'nesting through aliases',
    ].map((label) => hostile.find((d) => d.label === label)!),
  ];

  it.concurrent.for(chosen.map((doc, i) => [doc.label, doc, i] as const))(
    '%s: exit 0 or 2, a short message, no "unexpected error"',
    async ([, doc, i], { expect }) => {
      const cwd = join(work, `generated-${i}`);
      mkdirSync(cwd, { recursive: true });
      writeFileSync(join(cwd, 'crossmesh.yaml'), 'text' in doc ? doc.text : doc.bytes);
      const r = await run(['plan', '--format', 'json'], cwd);
      expect([0, 2], r.stderr.slice(0, 500)).toContain(r.code);
      expect(r.stderr).not.toMatch(/unexpected error/);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr.length).toBeLessThan(4096);
      if (r.code === 0) expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
    },
  );
});

describe('config migrate', () => {
  const V1 = 'version: 1\nmeshes:\n  mesh1: { name: payments }\n';

  it('prints the version 2 form; plan, plan --format json and plan --diagram are byte for byte the same from it', async () => {
    const cwd = join(work, 'migrate-print');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'v1.yaml'), V1);
    const r = await run(['config', 'migrate', '--config', 'v1.yaml'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^version: 2$/m);
    expect(readFileSync(join(cwd, 'v1.yaml'), 'utf8')).toBe(V1);
    writeFileSync(join(cwd, 'v2.yaml'), r.stdout);
    for (const args of [['plan'], ['plan', '--format', 'json'], ['plan', '--diagram']]) {
      const [before, after] = await Promise.all([run([...args, '-c', 'v1.yaml'], cwd), run([...args, '-c', 'v2.yaml'], cwd)]);
      expect(before.code).toBe(0);
      expect(after).toEqual(before);
    }
  });

  it('--write replaces the file and keeps the old one as FILE.v1.bak; a second --write changes nothing', async () => {
    const cwd = join(work, 'migrate-write');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'crossmesh.yaml'), V1);
    const r = await run(['config', 'migrate', '--write'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the version 1 file is kept as crossmesh.yaml.v1.bak');
    expect(readFileSync(join(cwd, 'crossmesh.yaml.v1.bak'), 'utf8')).toBe(V1);
    expect(readFileSync(join(cwd, 'crossmesh.yaml'), 'utf8')).toMatch(/^version: 2$/m);
    const again = await run(['config', 'migrate', '--write'], cwd);
    expect(again).toMatchObject({ code: 0, stdout: 'crossmesh.yaml is already version 2: nothing to change.' });
  });

  it('refuses to overwrite FILE.v1.bak: exit 1, the file untouched', async () => {
    const cwd = join(work, 'migrate-backup-exists');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'crossmesh.yaml'), V1);
    writeFileSync(join(cwd, 'crossmesh.yaml.v1.bak'), 'older\n');
    const r = await run(['config', 'migrate', '--write'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^crossmesh: crossmesh\.yaml\.v1\.bak already exists, so crossmesh\.yaml was left as it is/);
    expect(r.stderr).not.toMatch(STACK);
    expect(readFileSync(join(cwd, 'crossmesh.yaml'), 'utf8')).toBe(V1);
    expect(readFileSync(join(cwd, 'crossmesh.yaml.v1.bak'), 'utf8')).toBe('older\n');
  });

  it.each([
    [['config', 'migrate', '--config', 'nowhere.yaml'], /^crossmesh: nowhere\.yaml does not exist, so there is nothing to migrate/],
    [['config'], /^crossmesh: config needs a subcommand: crossmesh config migrate \[--config FILE\] \[--write\]/],
    [['config', 'upgrade'], /^crossmesh: unknown config subcommand "upgrade"/],
    [['config', 'migrate', '--prefix', 'a'], /--prefix means nothing for crossmesh config migrate/],
  ])('%j exits 2', async (args, message) => {
    const r = await run(args);
    expectCleanUsageError(r);
    expect(r.stderr).toMatch(message);
  });

  it('a bad file exits 2 with its problems and lines, and nothing is written', async () => {
    const cwd = join(work, 'migrate-bad');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'crossmesh.yaml'), 'meshes:\n  mesh2:\n    name: mesh1\n');
    const r = await run(['config', 'migrate', '--write'], cwd);
    expectCleanUsageError(r);
    expect(r.stderr).toContain('  line 3: meshes.mesh2.name: is the same as meshes.mesh1.name ("mesh1")');
    expect(existsSync(join(cwd, 'crossmesh.yaml.v1.bak'))).toBe(false);
  });

  it('--help lists it', async () => {
    expect((await run(['--help'])).stdout).toMatch(/^ {2}crossmesh config migrate \[--write\]$/m);
  });
});
