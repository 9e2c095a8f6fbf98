import React, { useState } from 'react';
import { Text } from 'ink';
import { describe, it, expect, vi, afterEach } from 'vitest';
import { Setup, type SetupChoice, type SetupProps } from '../../../components/Setup.js';
import { DUMB, KEY, NON_ASCII, renderAt, tick, widest } from './harness.js';

const initial: SetupChoice = { cluster1: 'east', cluster2: 'west', global: { tool: 'kumactl', controlPlane: 'global' } };

function setup(props: Partial<SetupProps> = {}, o: { env?: NodeJS.ProcessEnv } = {}) {
  const onDone = vi.fn();
  const r = renderAt(
    <Setup
      contexts={['east', 'west']}
      controlPlanes={[]}
      probe={async () => ({ reachable: true })}
      initial={initial}
      onDone={onDone}
      {...props}
    />,
    o,
  );
  return { ...r, onDone };
}

afterEach(() => vi.restoreAllMocks());

describe('Setup', () => {
  it('asks for cluster 1, then cluster 2 (without cluster 1), then the global control plane, and hands over the three', async () => {
    const s = setup({
      contexts: ['east', 'west', 'north'],
      controlPlanes: [{ name: 'konnect', address: 'https://eu.api.konghq.com', active: true }],
      initial: { ...initial, cluster1: 'west', cluster2: 'north' },
    });
    await s.press();
    expect(s.lastFrame()).toContain('Cluster 1 (zone 1): runs echo and the gateways');
    expect(s.lastFrame()).toMatch(/▶ west/); // the cursor starts on the context crossmesh.yaml names
    await s.press(KEY.up, KEY.enter);
    expect(s.lastFrame()).toContain('Cluster 2 (zone 2): runs the clients');
    expect(s.lastFrame()).not.toMatch(/^\s*\S*\s*east/m);
    await s.press(KEY.enter);
    expect(s.lastFrame()).toContain('Global control plane: where the Mesh objects are created');
    expect(s.lastFrame()).toMatch(/kumactl: konnect https:\/\/eu\.api\.konghq\.com \(current\)/);
    await s.press(KEY.enter);
    expect(s.onDone).toHaveBeenCalledTimes(1);
    expect(s.onDone).toHaveBeenCalledWith({ cluster1: 'east', cluster2: 'north', global: { tool: 'kumactl', controlPlane: 'konnect' } });
  });

  it('marks each context once its probe answers, without moving the cursor', async () => {
    let answer: (v: { reachable: boolean }) => void = () => {};
    const s = setup({
      probe: (c) => (c === 'west' ? new Promise((r) => (answer = r)) : Promise.resolve({ reachable: false })),
    });
    await s.press(KEY.down);
    expect(s.lastFrame()).toMatch(/east .*✖ unreachable/);
    expect(s.lastFrame()).toMatch(/▶ west .*… checking/);
    answer({ reachable: true });
    await s.press();
    expect(s.lastFrame()).toMatch(/▶ west .*✔ reachable/);
  });

  it('calls onDone after drawing, in an effect, never while rendering', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: string[] = [];
    // a parent that keeps the choice in its state, as a screen would: a call during render makes React complain
    function Parent() {
      const [choice, setChoice] = useState<SetupChoice>();
      return choice ? (
        <Text>picked {choice.cluster2}</Text>
      ) : (
        <Setup
          contexts={['a', 'b']}
          controlPlanes={[]}
          probe={async () => ({ reachable: true })}
          initial={{ cluster1: 'a', cluster2: 'b', global: { tool: 'kubectl', context: 'hub' } }}
          onDone={(c) => {
            seen.push(r.lastFrame());
            setChoice(c);
          }}
        />
      );
    }
    const r = renderAt(<Parent />);
    await r.press(KEY.enter, KEY.enter);
    await tick(50);
    // with no global to pick, the last screen says which one is used, and is drawn before onDone runs
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('No global control plane found');
    expect(r.lastFrame()).toContain('picked b');
    expect(errors).not.toHaveBeenCalled();
  });

  it('with no global to pick, calls onDone once, even when a late probe answer draws the screen again', async () => {
    let late: (v: { reachable: boolean }) => void = () => {};
    const t = setup({
      contexts: ['a', 'b'],
      probe: (ctx) => (ctx === 'b' ? new Promise((r) => (late = r)) : Promise.resolve({ reachable: true })),
      initial: { cluster1: 'a', cluster2: 'b', global: { tool: 'kumactl', controlPlane: 'global' } },
    });
    await t.press(KEY.enter, KEY.enter);
    expect(t.lastFrame()).toContain('No global control plane found');
    expect(t.onDone).toHaveBeenCalledTimes(1);
    late({ reachable: true });
    await t.press();
    await t.press();
    expect(t.onDone).toHaveBeenCalledTimes(1);
    expect(t.onDone).toHaveBeenCalledWith({ cluster1: 'a', cluster2: 'b', global: { tool: 'kumactl', controlPlane: 'global' } });
  });

  it('fits 80 columns with long context names', async () => {
    const long = 'arn:aws:eks:eu-central-1:123456789012:cluster/a-very-long-cluster-name-for-the-workshop';
    const s = setup({ contexts: [long, 'west'], initial: { ...initial, cluster1: long } });
    await s.press();
    expect(widest(s.lastFrame())).toBeLessThanOrEqual(80);
  });

  it('draws in ASCII on a dumb terminal', async () => {
    const s = setup({ probe: async (c) => ({ reachable: c === 'east', global: false }) }, { env: DUMB });
    await s.press();
    expect(s.lastFrame()).not.toMatch(NON_ASCII);
    expect(s.lastFrame()).toContain('Up/Down choose, Enter pick, Ctrl-C quit');
    expect(s.lastFrame()).toMatch(/> east .*\[ok\] reachable/);
    expect(s.lastFrame()).toMatch(/west .*\[x\] unreachable/);
  });
});
