/**
 * crossmesh config migrate: the version 2 form of a crossmesh.yaml, printed or written over the file
 * (keeping the old one as FILE.v1.bak). What it writes reads back as the same configuration, so every
 * command plans byte for byte what it planned from the version 1 file.
 */
import { describe, it, expect, beforeEach, afterAll, vi } from 'vitest';
import { VERSION1_VARIANTS } from '../golden/version1-variants.js';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configMigrate, backupPath, sameConfiguration, type MigrateOptions } from '../../src/cli/config-migrate.js';
import { parseCli, HELP, UsageError } from '../../src/cli/args.js';
import { parseConfigDocument, parseConfigText, renderConfig } from '../../src/config/file.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import { EXIT } from '../../src/model/exit-codes.js';
import { Tools } from '../../src/adapter/tools.js';
import { renderPlan } from '../../src/app/plan.js';
import { stepsFor } from '../../steps/index.js';

/** A write of the new file that fails (a full disk, say): set by one test, as root can write anywhere. */
const failingWrite = vi.hoisted(() => ({ error: undefined as (Error & { code?: string }) | undefined }));
vi.mock('../../src/lib/fs-atomic.js', async (original) => {
  const real = await original<typeof import('../../src/lib/fs-atomic.js')>();
  return {
    ...real,
    writeFileAtomic: (...args: Parameters<typeof real.writeFileAtomic>) => {
      if (failingWrite.error) throw failingWrite.error;
      real.writeFileAtomic(...args);
    },
  };
});

/** The version 1 files whose plans test/golden/plan/ records byte for byte, and a few more. */
const VERSION1_FILES: Record<string, string> = {
  ...VERSION1_VARIANTS,
  empty: '',
  'prefix and waits': `prefix: team-a
gatewayWait: 5m
meshSyncWait: 1m
drainWait: 30s
ca: { backend: ca-2, rsaBits: 4096, caExpiration: 5y, certExpiration: 12h }
echo: { port: 1028, image: busybox:1 }
client: { image: busybox:2 }
`,
};

const tools = new Tools({ kumactlConfig: '/nonexistent/kumactl-config' });
const stepTexts = (config: CrossmeshConfig) =>
  stepsFor(config).map((s) => ({ id: s.id, title: s.title, explanation: s.explanation, fixes: s.fixes }));

const dir = mkdtempSync(join(tmpdir(), 'crossmesh-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let work: string;
beforeEach(() => {
  work = join(dir, `case-${n++}`);
  mkdirSync(work);
});

function run(o: Partial<MigrateOptions> & { file: string }) {
  let stdout = '';
  let stderr = '';
  const code = configMigrate(
    { fileGiven: true, write: false, ...o },
    { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
  );
  return { code, stdout, stderr };
}

function fileWith(text: string | Buffer, name = 'crossmesh.yaml'): string {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
}

describe('config migrate prints the version 2 form', () => {
  it.each(Object.entries(VERSION1_FILES))('%s: the same configuration, so the same plan, step texts and all', (_name, text) => {
    const f = fileWith(text);
    const r = run({ file: f });
    expect(r).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(r.stdout).toBe(renderConfig(parseConfigText(text)));
    expect(readFileSync(f, 'utf8')).toBe(text);
    const before = parseConfigText(text);
    const after = parseConfigDocument(r.stdout);
    expect(after.version).toBe(2);
    expect(sameConfiguration(after.config, before)).toBe(true);
    for (const format of ['yaml', 'json'] as const) expect(renderPlan(after.config, tools, format)).toBe(renderPlan(before, tools, format));
    expect(stepTexts(after.config)).toEqual(stepTexts(before));
  });

  it("writes the guide's 2x2 with mesh2 echoing at home only and without passthrough, as version 1 meant", () => {
    const r = run({ file: fileWith('version: 1\n') });
    expect(r.stdout).toContain(
      '  - name: mesh2\n    home: zone1\n    namespaces: { zone1: c1m2, zone2: c2m2 }\n    gateway: { kind: builtin, name: mesh2-gateway, port: 8080 }\n    echo: [ zone1 ]\n    clients: [ zone2 ]\n    passthrough: false\n',
    );
    expect(parseConfigText(r.stdout)).toEqual(defaultConfig());
  });

  it('keeps the prefix key of the file', () => {
    const r = run({ file: fileWith(VERSION1_FILES['prefix and waits']!) });
    expect(r.stdout).toMatch(/^prefix: team-a$/m);
    expect(parseConfigText(r.stdout).prefix).toBe('team-a');
  });

  it('a version 2 file is printed with every setting written out, and stderr says it was version 2 already', () => {
    const text = 'version: 2\nzones: [{ name: a, context: ca }]\nmeshes: [{ name: m, namespaces: { a: m } }]\n';
    const r = run({ file: fileWith(text) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('  - name: m\n    home: a\n    namespaces: { a: m }\n');
    expect(parseConfigText(r.stdout)).toEqual(parseConfigText(text));
    expect(r.stderr).toMatch(/is already version 2; printed it with every setting written out\.\n$/);
  });
});

describe('config migrate --write', () => {
  it('replaces the file and keeps the old one, byte for byte and with its mode, as FILE.v1.bak', () => {
    const text = VERSION1_FILES['other-names']!;
    const f = fileWith(text);
    chmodSync(f, 0o600);
    const r = run({ file: f, write: true });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `Wrote ${f} in the version 2 form (zones, meshes, links); the version 1 file is kept as ${f}.v1.bak.\n` +
        'It reads as the same configuration: every command plans exactly what it planned before.\n',
    );
    expect(backupPath(f)).toBe(`${f}.v1.bak`);
    expect(readFileSync(`${f}.v1.bak`, 'utf8')).toBe(text);
    expect(readFileSync(f, 'utf8')).toBe(renderConfig(parseConfigText(text)));
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(`${f}.v1.bak`).mode & 0o777).toBe(0o600);
    // nothing else is left in the folder (no temporary file)
    expect(readdirSync(work).sort()).toEqual(['crossmesh.yaml', 'crossmesh.yaml.v1.bak']);
  });

  it('a second run finds version 2 and changes nothing', () => {
    const f = fileWith('version: 1\n');
    expect(run({ file: f, write: true }).code).toBe(EXIT.ok);
    const migrated = readFileSync(f, 'utf8');
    const again = run({ file: f, write: true });
    expect(again).toEqual({ code: EXIT.ok, stdout: `${f} is already version 2: nothing to change.\n`, stderr: '' });
    expect(readFileSync(f, 'utf8')).toBe(migrated);
    expect(readFileSync(`${f}.v1.bak`, 'utf8')).toBe('version: 1\n');
  });

  it('refuses to overwrite an existing FILE.v1.bak, says what to do and changes nothing', () => {
    const f = fileWith('version: 1\n');
    writeFileSync(`${f}.v1.bak`, 'an older backup\n');
    const r = run({ file: f, write: true });
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `crossmesh: ${f}.v1.bak already exists, so ${f} was left as it is: an earlier migration may have kept the version 1 file there. ` +
        `Move ${f}.v1.bak away (or delete it) and run "crossmesh config migrate --write" again.\n`,
    );
    expect(readFileSync(f, 'utf8')).toBe('version: 1\n');
    expect(readFileSync(`${f}.v1.bak`, 'utf8')).toBe('an older backup\n');
  });

  it('a dangling link named FILE.v1.bak counts as an existing backup', () => {
    const f = fileWith('version: 1\n');
    symlinkSync(join(work, 'nowhere'), `${f}.v1.bak`);
    expect(run({ file: f, write: true }).code).toBe(EXIT.failed);
    expect(existsSync(join(work, 'nowhere'))).toBe(false);
  });

  it('keeps the bytes of the old file as they were (a byte order mark, Windows line ends)', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('echo:\r\n  port: 1028\r\n')]);
    const f = fileWith(bytes);
    expect(run({ file: f, write: true }).code).toBe(EXIT.ok);
    expect(readFileSync(`${f}.v1.bak`).equals(bytes)).toBe(true);
    expect(parseConfigText(readFileSync(f, 'utf8')).echo.port).toBe(1028);
  });

  it('writes through a link to the file: the link stays, the file it points to gets the new text', () => {
    const real = fileWith('version: 1\n', 'real.yaml');
    const link = join(work, 'crossmesh.yaml');
    symlinkSync(real, link);
    expect(run({ file: link, write: true }).code).toBe(EXIT.ok);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(parseConfigDocument(readFileSync(real, 'utf8')).version).toBe(2);
    expect(readFileSync(`${link}.v1.bak`, 'utf8')).toBe('version: 1\n');
  });

  it("says comments are not carried over, but not for the wizard's own header", () => {
    const withComment = run({ file: fileWith('# our staging clusters\nclusters:\n  cluster1: { context: stage-1 }\n'), write: true });
    expect(withComment.stdout).toContain(`Comments are not carried over: ${join(work, 'crossmesh.yaml')}.v1.bak still has them.\n`);
    work = join(dir, `case-${n++}`);
    mkdirSync(work);
    const wizardHeader =
      "# crossmesh configuration: written by the wizard, read on the next run.\n# Every key is optional; missing keys take the guide's defaults.\nversion: 1\n";
    expect(run({ file: fileWith(wizardHeader), write: true }).stdout).not.toContain('Comments');
  });

  it('a new file that cannot be written: exit 1, the file as it was and the backup removed again', () => {
    const f = fileWith('version: 1\n');
    failingWrite.error = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    try {
      const r = run({ file: f, write: true });
      expect(r).toEqual({ code: EXIT.failed, stdout: '', stderr: `crossmesh: cannot write ${f} (ENOSPC); it was left as it is.\n` });
      expect(readFileSync(f, 'utf8')).toBe('version: 1\n');
      expect(existsSync(`${f}.v1.bak`)).toBe(false);
    } finally {
      failingWrite.error = undefined;
    }
  });

  it.skipIf(process.getuid?.() === 0)('a folder it cannot write to: exit 1, the file as it was and no backup (skipped as root)', () => {
    const f = fileWith('version: 1\n');
    chmodSync(work, 0o500);
    try {
      const r = run({ file: f, write: true });
      expect(r.code).toBe(EXIT.failed);
      expect(r.stderr).toMatch(/^crossmesh: cannot write .*crossmesh\.yaml\.v1\.bak \(EACCES\); .*crossmesh\.yaml was left as it is\.\n$/);
      expect(readFileSync(f, 'utf8')).toBe('version: 1\n');
      expect(existsSync(`${f}.v1.bak`)).toBe(false);
    } finally {
      chmodSync(work, 0o700);
    }
  });
});

describe('config migrate on bad input: exit 2, what is wrong, nothing written', () => {
  it('a file that does not exist', () => {
    const f = join(work, 'absent.yaml');
    const given = run({ file: f });
    expect(given.code).toBe(EXIT.usage);
    expect(given.stderr).toBe(
      `crossmesh: ${f} does not exist, so there is nothing to migrate: without a file crossmesh uses the defaults ("crossmesh plan" shows them). Check the path given to --config.\n`,
    );
    expect(run({ file: f, fileGiven: false }).stderr).toMatch(/Name the file to migrate with --config FILE\.\n$/);
    expect(existsSync(f)).toBe(false);
  });

  it.each([
    ['not YAML', 'global:\n  tool: kumactl\n meshes: [\n', /\n {2}line 3: \(yaml\): is not valid YAML: /],
    [
      'a version 1 setting that is wrong',
      'meshes:\n  mesh2:\n    name: mesh1\n',
      /\n {2}line 3: meshes\.mesh2\.name: is the same as meshes\.mesh1\.name \("mesh1"\)/,
    ],
    ['an unsupported version', 'version: 3\n', /\n {2}line 1: version: unsupported version 3; this crossmesh reads versions 1 and 2\n/],
    [
      'a version 2 link to nowhere',
      'version: 2\nzones: [{ name: a, context: c }]\nmeshes: [{ name: m, namespaces: { a: m } }]\nlinks: [{ from: m, to: x }]\n',
      /\n {2}line 4: links\[0\]\.to: "x" is not one of the meshes \(m\)\n/,
    ],
  ])('%s', (_label, text, message) => {
    for (const write of [false, true]) {
      const f = fileWith(text);
      const r = run({ file: f, write });
      expect(r.code).toBe(EXIT.usage);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^crossmesh: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has (a problem|\\d+ problems):\\n`));
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s{4}at /m);
      expect(readFileSync(f, 'utf8')).toBe(text);
      expect(existsSync(`${f}.v1.bak`)).toBe(false);
    }
  });

  it('a file over 256 KiB is refused with its size', () => {
    const r = run({ file: fileWith(`# ${'x'.repeat(300 * 1024)}\n`), write: true });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/crossmesh reads configuration files of at most 256 KiB/);
  });
});

describe('the command line: crossmesh config migrate [--config FILE] [--write]', () => {
  it('parses the command, the file and --write', () => {
    expect(parseCli(['config', 'migrate'], {})).toMatchObject({
      command: 'config',
      positionals: ['migrate'],
      write: false,
      config: 'crossmesh.yaml',
      configGiven: false,
    });
    expect(parseCli(['config', 'migrate', '--write', '-c', 'x.yaml'], {})).toMatchObject({
      write: true,
      config: 'x.yaml',
      configGiven: true,
    });
    expect(parseCli(['config', '--help'], {}).help).toBe(true);
  });

  it.each([
    [['config'], 'config needs a subcommand: crossmesh config migrate [--config FILE] [--write]'],
    [['config', 'convert'], 'unknown config subcommand "convert"; the one there is: crossmesh config migrate [--config FILE] [--write]'],
    [['config', 'migrate', 'extra'], '"crossmesh config migrate" takes no further arguments, got: extra'],
    [
      ['config', 'migrate', '--prefix', 'a'],
      /^--prefix means nothing for crossmesh config migrate: --prefix goes with every other command\./,
    ],
    [['config', 'migrate', '--kubeconfig', 'k'], /^--kubeconfig means nothing for crossmesh config migrate/],
    [['config', 'migrate', '--yes'], /^--yes means nothing for crossmesh config migrate: --yes goes with the wizard, apply, teardown\./],
    [['plan', '--write'], /^--write means nothing for crossmesh plan: --write goes with config migrate\./],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(UsageError);
    expect(() => parseCli(argv, {})).toThrow(message);
  });

  it('--help names the command', () => {
    expect(HELP).toContain('  crossmesh config migrate [--write]\n');
    expect(HELP).toContain('--write replaces the file, keeping the old one as FILE.v1.bak');
  });
});
