import React from 'react';
import { describe, it, expect, vi } from 'vitest';
import { ContextPicker, type PickerOption } from '../../../components/ContextPicker.js';
import { DUMB, KEY, UNICODE_MARK, renderAt, widest } from './harness.js';

const options: PickerOption[] = [
  { value: 'hub', label: 'hub', reachability: 'global' },
  { value: 'east', label: 'east', detail: '(kind)', reachability: 'reachable' },
  { value: 'west', label: 'west', reachability: 'unreachable' },
  { value: 'north', label: 'north', reachability: 'checking' },
  { value: 'south', label: 'south', reachability: 'unknown' },
];

function picker(props: Partial<React.ComponentProps<typeof ContextPicker>> = {}, env: NodeJS.ProcessEnv = {}) {
  const onSelect = vi.fn();
  const r = renderAt(
    <ContextPicker title="Cluster 1" help="Contexts come from your kubeconfig." options={options} onSelect={onSelect} {...props} />,
    {
      env,
    },
  );
  return { ...r, onSelect };
}

describe('ContextPicker', () => {
  it('shows the title, the help, each option with its reachability, and the keys', () => {
    const frame = picker().lastFrame();
    expect(frame).toContain('Cluster 1');
    expect(frame).toContain('Contexts come from your kubeconfig.');
    expect(frame).toMatch(/hub .*⚠ global control plane, not a zone/);
    expect(frame).toMatch(/east \(kind\) .*✔ reachable/);
    expect(frame).toMatch(/west .*✖ unreachable/);
    expect(frame).toMatch(/north .*… checking/);
    expect(frame).toMatch(/south .*\? not checked/);
    expect(frame).toContain('↑/↓ choose, Enter pick, Ctrl-C quit');
  });

  it('starts on the first option that can be picked, or on the one given', () => {
    expect(picker().lastFrame()).toMatch(/▶ east/);
    expect(picker({ initial: 'west' }).lastFrame()).toMatch(/▶ west/);
    // a global control plane is never where the cursor starts
    expect(picker({ initial: 'hub' }).lastFrame()).toMatch(/▶ east/);
  });

  it('↑/↓ move the cursor, wrapping round at either end, and Enter picks', async () => {
    const p = picker();
    await p.press(KEY.down, KEY.down, KEY.down);
    expect(p.lastFrame()).toMatch(/▶ south/);
    await p.press(KEY.down);
    expect(p.lastFrame()).toMatch(/▶ hub/);
    await p.press(KEY.up, KEY.up);
    expect(p.lastFrame()).toMatch(/▶ north/);
    await p.press(KEY.enter);
    expect(p.onSelect).toHaveBeenCalledWith('north');
  });

  it('refuses a context that runs the global control plane, saying why', async () => {
    const p = picker();
    await p.press(KEY.up, KEY.enter);
    expect(p.onSelect).not.toHaveBeenCalled();
    expect(p.lastFrame()).toContain('hub runs the global control plane; pick a zone cluster here.');
  });

  it('ignores other keys', async () => {
    const p = picker();
    await p.press('q', 'x', KEY.esc, KEY.left);
    expect(p.onSelect).not.toHaveBeenCalled();
    expect(p.lastFrame()).toMatch(/▶ east/);
  });

  it('keeps the cursor where it is when the reachability marks change', async () => {
    const p = picker();
    await p.press(KEY.down, KEY.down);
    p.rerender(
      <ContextPicker
        title="Cluster 1"
        options={options.map((o) => ({ ...o, reachability: o.value === 'hub' ? 'global' : 'reachable' }))}
        onSelect={p.onSelect}
      />,
    );
    await p.press();
    expect(p.lastFrame()).toMatch(/▶ north .*✔ reachable/);
  });

  it('cuts long names at 80 columns', () => {
    const long = [{ value: 'x', label: `gke_${'project-'.repeat(12)}`, detail: '(very long detail)', reachability: 'reachable' as const }];
    expect(widest(picker({ options: long }).lastFrame())).toBeLessThanOrEqual(80);
  });

  it('draws ASCII marks on a dumb terminal', () => {
    const frame = picker({}, DUMB).lastFrame();
    expect(frame).toMatch(/> east .*\[ok\] reachable/);
    expect(frame).toMatch(/west .*\[x\] unreachable/);
    expect(frame).toMatch(/hub .*\[!\] global control plane/);
    expect(frame).toMatch(/north .*\.\.\. checking/);
    expect(frame).toContain('Up/Down choose, Enter pick, Ctrl-C quit');
    expect(frame).not.toMatch(UNICODE_MARK);
  });
});
