import { meshOf } from '../../src/config/model.js';
import { describe, it, expect } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { withPrefix, prefixProblem, MAX_PREFIX_CHARS } from '../../src/config/prefix.js';
import { validateConfig } from '../../src/config/validate.js';
import { isKubeObject, kindOf, nameOf } from '../../src/model/types.js';
import { PREFIX_LABEL } from '../../src/model/plan.js';
import { setupIdFor } from '../../src/state/setup.js';
import { planFor } from '../../steps/index.js';

const manifests = (config = defaultConfig()) => planFor(config).flatMap((p) => p.manifests);
const labelsOf = (o: ReturnType<typeof manifests>[number]['object']): Record<string, string> | undefined =>
  (isKubeObject(o) ? o.metadata.labels : o.labels) as Record<string, string> | undefined;
const where = (m: ReturnType<typeof manifests>[number]) =>
  `${m.target.context}|${kindOf(m.object)}|${isKubeObject(m.object) ? (m.object.metadata.namespace ?? '') : ''}|${nameOf(m.object)}`;

describe('a name prefix (one learner among many on the same clusters)', () => {
  it('goes in front of every mesh, namespace and gateway name', () => {
    const c = withPrefix(defaultConfig(), 'alice');
    expect(c.prefix).toBe('alice');
    expect(meshOf(c, 'mesh1')).toMatchObject({ name: 'alice-mesh1', namespaces: { zone1: 'alice-c1m1', zone2: 'alice-c2m1' } });
    expect(meshOf(c, 'mesh2').gateway.name).toBe('alice-mesh2-gateway');
    expect(meshOf(defaultConfig(), 'mesh1').name).toBe('mesh1');
  });

  it('no object of one prefix shares its cluster, kind, namespace and name with another prefix or with the unprefixed setup', () => {
    const plans = [defaultConfig(), withPrefix(defaultConfig(), 'alice'), withPrefix(defaultConfig(), 'bob')].map((c) =>
      manifests(c).map(where),
    );
    const all = plans.flat();
    // objects every setup shares on purpose are none: each one is named after a mesh, namespace or gateway
    expect(new Set(all).size).toBe(all.length);
  });

  it('labels every object of a prefixed setup with its prefix, and leaves the default plan as it was', () => {
    for (const m of manifests(withPrefix(defaultConfig(), 'alice'))) expect(labelsOf(m.object)?.[PREFIX_LABEL], m.id).toBe('alice');
    for (const m of manifests()) expect(labelsOf(m.object)?.[PREFIX_LABEL]).toBeUndefined();
  });

  it('keeps every name within 63 characters with the longest prefix allowed', () => {
    const prefix = 'p'.repeat(MAX_PREFIX_CHARS);
    const c = withPrefix(defaultConfig(), prefix);
    meshOf(c, 'mesh1').gateway.kind = 'kong';
    for (const m of manifests(c)) {
      expect(nameOf(m.object).length, m.id).toBeLessThanOrEqual(63);
      if (isKubeObject(m.object) && m.object.metadata.namespace) expect(m.object.metadata.namespace.length).toBeLessThanOrEqual(63);
    }
  });

  it('refuses a prefix that cannot start a Kubernetes name, or is too long, saying why', () => {
    expect(prefixProblem('Alice')).toMatch(/lower-case letters, digits and '-'/);
    expect(prefixProblem('-x')).toMatch(/starting and ending with a letter or digit/);
    expect(prefixProblem('p'.repeat(21))).toMatch(/at most 20/);
    expect(prefixProblem('group-7')).toBeUndefined();
    const r = validateConfig({ prefix: 'Group 7' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: 'prefix' });
    const good = validateConfig({ prefix: 'group-7' });
    expect(good.ok && good.config.prefix).toBe('group-7');
  });

  it('gives each prefix in one folder a setup label of its own', () => {
    expect(setupIdFor('/w/crossmesh.yaml', 'alice')).toMatch(/^alice-w-[0-9a-f]{8}$/);
    expect(setupIdFor('/w/crossmesh.yaml', 'alice')).not.toBe(setupIdFor('/w/crossmesh.yaml', 'bob'));
    expect(setupIdFor('/w/crossmesh.yaml')).toMatch(/^w-[0-9a-f]{8}$/);
  });
});
