import React from 'react';
import { describe, it, expect } from 'vitest';
import { Preview } from '../../../components/Preview.js';
import type { PreviewItem } from '../../../src/engine/events.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { buildPlan, planContext, manifestYaml } from '../../../src/model/plan.js';
import { stepById } from '../../../steps/index.js';
import { linesOf, renderAt, widest } from './harness.js';

function items(stepId: string): PreviewItem[] {
  return buildPlan(planContext(defaultConfig()), [stepById(stepId)!])[0]!.manifests.map((m) => ({
    manifest: m,
    yaml: manifestYaml(m),
    command: `kubectl --context ${m.target.context} apply -f -`,
    target: m.target,
  }));
}

const preview = (stepId: string, o: Partial<React.ComponentProps<typeof Preview>> = {}) =>
  renderAt(
    <Preview step={stepById(stepId)!} items={items(stepId)} selected={0} yamlLines={12} scroll={0} expanded={false} width={54} {...o} />,
  );

describe('Preview', () => {
  it('shows one manifest: which of how many, where it goes and the command, lined up, then its YAML', () => {
    const frame = preview('namespaces').lastFrame();
    expect(frame).toMatch(/Manifest 1\/4: Namespace c1m1 +\(←\/→ other manifests\)/);
    expect(frame).toContain('goes to  kubectl -> context c1');
    expect(frame).toContain('command  kubectl --context c1 apply -f -');
    expect(frame).toContain('kind: Namespace');
  });

  it('shows the manifest selected, scrolled', () => {
    const frame = preview('namespaces', { selected: 1, scroll: 2, yamlLines: 4 }).lastFrame();
    expect(frame).toContain('Manifest 2/4: Namespace c2m1');
    expect(frame).toMatch(/↑ 2 more lines/);
  });

  it('names the fixes to the guide, and expanded explains the step instead of showing YAML', () => {
    expect(preview('gateway').lastFrame()).toContain('Fixes to the guide');
    const frame = preview('gateway', { expanded: true }).lastFrame();
    expect(frame).toContain('The idea');
    expect(frame).toContain('Why this step');
    expect(frame).toContain('Where the guide is wrong or unclear');
    expect(frame).not.toContain('Manifest 1/');
  });

  it('says why a step has no manifests', () => {
    expect(
      renderAt(
        <Preview step={stepById('prerequisites')!} items={[]} selected={0} yamlLines={10} scroll={0} expanded={false} width={54} />,
      ).lastFrame(),
    ).toContain('No manifests: this step only checks tools, clusters and control planes.');
    expect(
      renderAt(
        <Preview step={stepById('verify')!} items={[]} selected={0} yamlLines={10} scroll={0} expanded={false} width={54} />,
      ).lastFrame(),
    ).toContain('No manifests: this step sends real requests across the meshes.');
  });

  it('fits the right-hand column of an 80-column wizard', () => {
    for (const expanded of [false, true]) {
      const frame = renderAt(
        <Preview
          step={stepById('gateway')!}
          items={items('gateway')}
          selected={1}
          yamlLines={30}
          scroll={0}
          expanded={expanded}
          width={54}
        />,
        { columns: 55 },
      ).lastFrame();
      expect(widest(frame)).toBeLessThanOrEqual(55);
      expect(linesOf(frame).some((l) => l.startsWith(' '))).toBe(expanded ? false : true); // YAML is indented; prose is not
    }
  });
});

describe('Preview on a dumb terminal', () => {
  it('names the arrow keys in words, and keeps the manifest line to one line', () => {
    const frame = renderAt(
      <Preview
        step={stepById('namespaces')!}
        items={items('namespaces')}
        selected={0}
        yamlLines={4}
        scroll={0}
        expanded={false}
        width={54}
      />,
      { columns: 54, env: { TERM: 'dumb' } },
    ).lastFrame();
    const line = linesOf(frame).find((l) => l.startsWith('Manifest 1/4'))!;
    expect(line).toMatch(/^Manifest 1\/4: Namespace c1m1 +\(Left\/Right/);
    expect(linesOf(frame)[linesOf(frame).indexOf(line) + 1]).toMatch(/^goes to/);
    expect(frame).toMatch(/v \d+ more \(Up\/Down to scroll\)/);
  });
});
