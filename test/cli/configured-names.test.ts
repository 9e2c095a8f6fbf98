/**
 * Issue 9, finding 1, through the built CLI: with a crossmesh.yaml that renames everything, plan (YAML
 * and JSON), plan --diagram and export --handout say only the configured names, and apply.sh takes the
 * gateway addresses from variables named after the meshes.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execa } from 'execa';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtCli, type BuiltCli } from './built.js';
import { defaultNamesIn, recasedNamesIn, OTHER_NAMES, OTHER_NAMES_YAML } from '../unit/default-names.js';

let cli: BuiltCli;
let cwd: string;

beforeAll(async () => {
  cli = await builtCli('crossmesh-names-test-');
  cwd = join(cli.work, 'setup');
  mkdirSync(cwd);
  writeFileSync(join(cwd, 'crossmesh.yaml'), OTHER_NAMES_YAML);
});
afterAll(() => cli?.dispose());

function expectOnlyConfiguredNames(what: string, text: string) {
  expect(defaultNamesIn(text), what).toEqual([]);
  expect(recasedNamesIn(text, OTHER_NAMES), what).toEqual([]);
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
  );
}

describe('configured names everywhere a user reads', () => {
  it.each([[['plan']], [['plan', '--format', 'json']], [['plan', '--diagram']]])('crossmesh %j', async (args) => {
    const r = await cli.run(args, { cwd });
    expect(r.code, r.stderr).toBe(0);
    expectOnlyConfiguredNames(args.join(' '), r.stdout);
    expect(r.stdout).toContain('payments');
  });

  it('crossmesh export DIR --handout: every README, handout page, apply.sh, and what the command prints', async () => {
    const dir = join(cli.work, 'out');
    const r = await cli.run(['export', dir, '--handout'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expectOnlyConfiguredNames('export output', r.stdout + r.stderr);
    const files = filesUnder(dir);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'apply.sh', 'handout/README.md', '07-external-service/README.md']));
    for (const f of files) expectOnlyConfiguredNames(f, `${f}\n${readFileSync(join(dir, f), 'utf8')}`);
    expect(readFileSync(join(dir, '07-external-service', 'README.md'), 'utf8')).toMatch(/^# Step 7 of 9: orders -> payments$/m);
    expect(readFileSync(join(dir, '07-external-service', 'README.md'), 'utf8')).toContain('echo-payments-http.extsvc.mesh.local');
  });

  // the second pair holds characters sed and bash's replacement would take as special: taken literally
  it.each([
    ['203.0.113.5', 'gw.example.test', 'run'],
    ['lb/zone-a&b', 'gw\\1.example.test', 'odd'],
  ])(
    'apply.sh applies the addresses given in GATEWAY_ADDRESS_PAYMENTS (%s) and GATEWAY_ADDRESS_ORDERS (%s)',
    async (payments, orders, name) => {
      const dir = join(cli.work, `out-${name}`);
      expect((await cli.run(['export', dir], { cwd })).code).toBe(0);
      // stand-ins for kubectl and kumactl that log what they are given
      const bin = join(cli.work, `bin-${name}`);
      mkdirSync(bin, { recursive: true });
      const log = join(cli.work, `applied-${name}.log`);
      writeFileSync(
        join(bin, 'kubectl'),
        `#!/usr/bin/env bash\nif [[ " $* " == *" apply "* ]]; then { echo "--- kubectl $*"; cat; } >> ${JSON.stringify(log)}; fi\nexit 0\n`,
      );
      writeFileSync(
        join(bin, 'kumactl'),
        `#!/usr/bin/env bash\nif [ "$1" = config ]; then echo 'currentContext: hq-cp'; exit 0; fi\n{ echo "--- kumactl $*"; cat; } >> ${JSON.stringify(log)}\n`,
      );
      chmodSync(join(bin, 'kubectl'), 0o755);
      chmodSync(join(bin, 'kumactl'), 0o755);
      const r = await execa('bash', [join(dir, 'apply.sh')], {
        reject: false,
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GATEWAY_ADDRESS_PAYMENTS: payments, GATEWAY_ADDRESS_ORDERS: orders },
      });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expectOnlyConfiguredNames('apply.sh output', String(r.stdout) + String(r.stderr));
      const applied = readFileSync(log, 'utf8');
      expect(applied).toContain(`- address: ${payments}\n`);
      expect(applied).toContain(`- address: ${orders}\n`);
      expect(applied).toMatch(/name: echo-payments-http\n[\s\S]*?- address: \S+\n\s+port: 8080/);
      expect(applied).not.toContain('gateway-address.invalid');
    },
  );
});
