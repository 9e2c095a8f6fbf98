/**
 * Issue 12 beyond the plan's shape: names that stay within Kubernetes' limits with a prefix, the
 * connectivity check's calls for linked and unlinked pairs, the guide's step names only for the
 * guide's shape, and teardown --link's choice of objects.
 */
import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { Tools } from '../../src/adapter/tools.js';
import type { RunRequest, RunResult } from '../../src/adapter/runner.js';
import { parseConfigText, ConfigError } from '../../src/config/file.js';
import { nameLengthProblems } from '../../src/config/name-lengths.js';
import { externalServiceName } from '../../steps/common.js';
import { connectivityCalls, runConnectivityCheck } from '../../steps/verify.js';
import { stepsFor } from '../../steps/index.js';
import { linkOnlyIdentities, parseLink } from '../../src/app/links.js';

/** Three meshes over three zones, each at home in its own zone and spanning the next; links A->B and B->C only. */
function threeByThree(
  links = [
    { from: 'ma', to: 'mb' },
    { from: 'mb', to: 'mc' },
  ],
  names = { a: 'ma', b: 'mb', c: 'mc' },
) {
  const mesh = (name: string, home: number) => {
    const next = (home % 3) + 1;
    return { name, home: `z${home}`, namespaces: { [`z${home}`]: `${name}-${home}`, [`z${next}`]: `${name}-${next}` } };
  };
  return parseConfigText(
    stringify({
      version: 2,
      zones: [1, 2, 3].map((i) => ({ name: `z${i}`, context: `k${i}` })),
      meshes: [mesh(names.a, 1), mesh(names.b, 2), mesh(names.c, 3)],
      links,
    }),
  );
}

describe('names within Kubernetes limits', () => {
  it('a prefix that makes a name longer than 63 characters is refused, naming the setting and the fix', () => {
    const long = 'a'.repeat(50);
    const config = parseConfigText(`version: 1\nmeshes:\n  mesh1: { name: ${long} }\n`);
    const problems = nameLengthProblems(config, 'workshop-learner-07');
    expect(problems[0]).toMatchObject({ path: 'meshes.mesh1.name' });
    expect(problems[0]!.message).toContain('with the prefix "workshop-learner-07-"');
    expect(problems[0]!.message).toContain('use a shorter prefix or name');
    expect(nameLengthProblems(config)).toEqual([]);
  });

  it("a Kong Gateway's default namespace (<home namespace>-gateway) over 63 characters is refused in the file", () => {
    const ns = 'n'.repeat(60);
    expect(() =>
      parseConfigText(
        stringify({
          version: 2,
          zones: [{ name: 'z1', context: 'k1' }],
          meshes: [{ name: 'm', namespaces: { z1: ns }, gateway: { kind: 'kong' } }],
        }),
      ),
    ).toThrow(ConfigError);
  });

  it('an external service name that would pass 63 characters is shortened the same way every time, and stays unique', () => {
    const config = threeByThree(
      [
        { from: 'a'.repeat(40), to: 'b'.repeat(40) },
        { from: 'c'.repeat(40), to: 'b'.repeat(40) },
      ],
      { a: 'a'.repeat(40), b: 'b'.repeat(40), c: 'c'.repeat(40) },
    );
    const [first, second] = config.links.map((l) => externalServiceName(config, l));
    expect(first!.length).toBeLessThanOrEqual(63);
    expect(second!.length).toBeLessThanOrEqual(63);
    expect(first).not.toBe(second);
    expect(externalServiceName(config, config.links[0]!)).toBe(first);
  });
});

describe('the connectivity check with links and without', () => {
  it('calls every link from each zone its caller calls from, and every unlinked pair whose target has a gateway, expecting a refusal', () => {
    const config = threeByThree();
    const calls = connectivityCalls(config).map((c) => `${c.link.from}->${c.link.to} ${c.zone} ${c.expect}`);
    expect(calls).toEqual([
      'ma->mb z2 answer',
      'mb->mc z3 answer',
      // mc has a gateway (mb calls it), so ma may not reach it; ma and mb are callers of mb / mc only
      'ma->mc z2 refusal',
      'mc->mb z1 refusal',
    ]);
  });

  it('an unlinked pair that answers is a failure; one that is refused is fine', async () => {
    const config = threeByThree();
    const pod = { metadata: { name: 'client-1' }, status: { phase: 'Running', containerStatuses: [{ ready: true }] } };
    const ok: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };
    const run = (code: string) =>
      new Tools({
        runner: (req: RunRequest): Promise<RunResult> =>
          Promise.resolve(req.args.includes('pods') ? { ...ok, stdout: JSON.stringify({ items: [pod] }) } : { ...ok, stdout: code }),
      });
    const open = await runConnectivityCheck(run('200'), config);
    expect(open.filter((r) => r.status === 'fail').map((r) => r.label)).toEqual([
      expect.stringContaining('ma -/-> mc (no link)'),
      expect.stringContaining('mc -/-> mb (no link)'),
    ]);
    const closed = await runConnectivityCheck(run('000'), config);
    expect(closed.filter((r) => r.label.includes('no link')).every((r) => r.status === 'ok')).toBe(true);
  });
});

describe('steps and teardown per link', () => {
  it('one gateway step per called mesh and one step per link, in link order', () => {
    expect(stepsFor(threeByThree()).map((s) => s.id)).toEqual([
      'prerequisites',
      'namespaces',
      'mtls',
      'permissions',
      'workloads',
      'gateway-mb',
      'link-ma-to-mb',
      'gateway-mc',
      'link-mb-to-mc',
      'verify',
    ]);
  });

  it('teardown --link picks the link by FROM:TO or FROM->TO and takes only its objects', () => {
    const config = threeByThree([
      { from: 'ma', to: 'mb' },
      { from: 'mc', to: 'mb' },
      { from: 'mb', to: 'mc' },
    ]);
    expect(parseLink(config, 'ma->mb')).toEqual({ from: 'ma', to: 'mb' });
    expect(parseLink(config, 'ma:mc')).toMatch(/not one of the configured links/);
    expect(parseLink(config, 'nope')).toMatch(/does not name a link/);
    // mb is still called by mc: only ma's external service goes
    expect([...linkOnlyIdentities(config, { from: 'ma', to: 'mb' })]).toEqual([
      `kubectl|k2|MeshExternalService|kong-mesh-system|echo-mb-http-for-ma`,
    ]);
    // the only link to mc: its gateway goes too
    const toC = [...linkOnlyIdentities(config, { from: 'mb', to: 'mc' })].map((id) => id.split('|')[2]);
    expect(toC.sort()).toEqual(['MeshExternalService', 'MeshGateway', 'MeshGatewayInstance', 'MeshHTTPRoute', 'MeshHTTPRoute']);
  });
});
