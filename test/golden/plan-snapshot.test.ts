/**
 * Byte-for-byte guard for the any-topology change: every configuration here is read from the
 * crossmesh.yaml a user writes today (version 1), and everything a user gets from it — the plan as
 * YAML and JSON, each step's texts, the export folder and the handouts — must stay exactly what
 * crossmesh produced before meshes and zones became lists. The files under plan/ were written by
 * the release before that change; a difference here is a regression, not something to re-record.
 */
import { describe, it, expect } from 'vitest';
import { Tools } from '../../src/adapter/tools.js';
import { parseConfigText } from '../../src/config/file.js';
import { withPrefix } from '../../src/config/prefix.js';
import { renderPlan } from '../../src/app/plan.js';
import { exportFiles } from '../../src/app/export.js';
import { handoutFiles } from '../../src/app/handout.js';
import { stepsFor } from '../../steps/index.js';
import { VERSION1_VARIANTS as VARIANTS } from './version1-variants.js';

const tools = new Tools({ kumactlConfig: '/nonexistent/kumactl-config' });

function snapshotOf(yaml: string, prefix?: string): string {
  const parsed = parseConfigText(yaml);
  const config = prefix ? withPrefix(parsed, prefix) : parsed;
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`===== ${title}\n${body.endsWith('\n') ? body : `${body}\n`}`);
  section('plan yaml', renderPlan(config, tools, 'yaml'));
  section('plan json', renderPlan(config, tools, 'json'));
  section('plan yaml with an address', renderPlan(config, tools, 'yaml', { mesh1: '198.51.100.7' }));
  section(
    'steps',
    JSON.stringify(
      stepsFor(config).map((s) => ({ id: s.id, title: s.title, explanation: s.explanation, fixes: s.fixes })),
      null,
      2,
    ),
  );
  for (const [path, text] of exportFiles(config, tools)) section(`export ${path}`, text);
  for (const [path, text] of handoutFiles(config, tools)) section(`handout ${path}`, text);
  return out.join('');
}

describe('the two-mesh, two-zone plan is unchanged', () => {
  for (const [name, yaml] of Object.entries(VARIANTS))
    it(`${name}: plan, step texts, export and handouts as before`, async () => {
      await expect(snapshotOf(yaml)).toMatchFileSnapshot(`plan/${name}.txt`);
    });
  it('a prefixed setup: as before', async () => {
    await expect(snapshotOf(VARIANTS['other-names']!, 'ann')).toMatchFileSnapshot('plan/prefixed.txt');
  });
});
