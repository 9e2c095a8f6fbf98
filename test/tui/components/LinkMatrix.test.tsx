import React from 'react';
import { describe, it, expect, vi } from 'vitest';
import { LinkMatrix } from '../../../components/LinkMatrix.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import type { CrossmeshConfig, LinkConfig } from '../../../src/config/types.js';
import { DUMB, KEY, NON_ASCII, linesOf, renderAt, widest } from './harness.js';

const GUIDE_LINKS: LinkConfig[] = [
  { from: 'mesh2', to: 'mesh1' },
  { from: 'mesh1', to: 'mesh2' },
];

/** `count` meshes shaped like the guide's first one, named by `name`, with `links`. */
function meshes(count: number, name: (i: number) => string = (i) => `mesh${i + 1}`, links: LinkConfig[] = []): CrossmeshConfig {
  const base = defaultConfig();
  const shape = base.meshes[0]!;
  return { ...base, meshes: Array.from({ length: count }, (_, i) => ({ ...shape, key: `mesh${i + 1}`, name: name(i) })), links };
}

const TEAMS = ['payments', 'orders', 'search', 'billing', 'catalog', 'shipping', 'reviews', 'accounts', 'inventory', 'pricing', 'support'];

function screen(config: CrossmeshConfig = defaultConfig(), o: { env?: NodeJS.ProcessEnv; columns?: number; rows?: number } = {}) {
  const onDone = vi.fn<(links: LinkConfig[]) => void>();
  const r = renderAt(<LinkMatrix config={config} onDone={onDone} />, { columns: o.columns ?? 80, rows: o.rows ?? 24, env: o.env ?? {} });
  /** the line under the grid that says what the cell under the cursor means */
  const cursorLine = () => linesOf(r.lastFrame()).find((l) => /: (not )?linked/.test(l)) ?? '';
  return { ...r, onDone, cursorLine };
}

describe('LinkMatrix', () => {
  it("starts from the configuration's links (the guide's two), on 80x24, and says what they mean", async () => {
    const s = screen();
    await s.press();
    const frame = s.lastFrame();
    expect(linesOf(frame).slice(0, 7)).toEqual([
      'Links: which mesh may call which (2 of 2)',
      "A row's mesh may call a column's mesh, through the called mesh's gateway.",
      '',
      'from \\ to   mesh1  mesh2',
      '▶ mesh1       ╲     [●]',
      '  mesh2       ●      ╲',
      '',
    ]);
    expect(frame).toContain("mesh1 -> mesh2: linked, mesh1 may call mesh2 through mesh2's gateway");
    expect(frame).toContain('2 links: mesh2 -> mesh1, mesh1 -> mesh2');
    expect(frame).toContain('Each called mesh gets a gateway: mesh1, mesh2');
    expect(frame).toContain('The step list follows: Gateway for mesh1, mesh2 -> mesh1, mesh1 -> mesh2');
    expect(linesOf(frame).at(-1)).toBe('↑/↓/←/→ move  Space toggle  a all  n none  Enter done  Esc/q leave unchanged');
    expect(widest(frame)).toBeLessThanOrEqual(80);
    expect(linesOf(frame).length).toBeLessThanOrEqual(24);
  });

  it("Enter without a change hands back the configuration's links in their order, once", async () => {
    const s = screen();
    await s.press(KEY.enter);
    expect(s.onDone).toHaveBeenCalledTimes(1);
    expect(s.onDone).toHaveBeenCalledWith(GUIDE_LINKS);
    await s.press(KEY.enter, ' ');
    expect(s.onDone).toHaveBeenCalledTimes(1);
  });

  it('Space unlinks the cell under the cursor and links it again; what it means follows at once', async () => {
    const s = screen();
    await s.press(' ');
    expect(s.lastFrame()).toContain('▶ mesh1       ╲     [·]');
    expect(s.cursorLine()).toBe('mesh1 -> mesh2: not linked, mesh1 cannot call mesh2');
    expect(s.lastFrame()).toContain('1 link: mesh2 -> mesh1');
    expect(s.lastFrame()).toContain('Each called mesh gets a gateway: mesh1');
    expect(s.lastFrame()).toContain('The step list follows: Gateway for mesh1, mesh2 -> mesh1');
    await s.press(' ', KEY.enter);
    // linked again, the link comes after the one that stayed: the guide's order, and so its steps
    expect(s.onDone).toHaveBeenCalledWith(GUIDE_LINKS);
  });

  it('a link that was not there is appended after the ones that stay', async () => {
    const s = screen();
    await s.press(KEY.down, ' ', KEY.enter);
    expect(s.onDone).toHaveBeenCalledWith([{ from: 'mesh1', to: 'mesh2' }]);
    const t = screen(meshes(3, undefined, [{ from: 'mesh3', to: 'mesh1' }]));
    // mesh3 -> mesh2 (down from mesh1 -> mesh2 passes over mesh2 -> mesh2), then mesh1 -> mesh2: the new ones go row by row
    await t.press(KEY.down, ' ', KEY.up, ' ', KEY.enter);
    expect(t.onDone).toHaveBeenCalledWith([
      { from: 'mesh3', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
      { from: 'mesh3', to: 'mesh2' },
    ]);
  });

  it.each([
    ['Esc', KEY.esc],
    ['q', 'q'],
  ])('%s leaves without a change, whatever was toggled', async (_, key) => {
    const s = screen();
    await s.press(' ', KEY.down, ' ', 'n', key);
    expect(s.onDone).toHaveBeenCalledTimes(1);
    expect(s.onDone).toHaveBeenCalledWith(GUIDE_LINKS);
  });

  it('the arrows never land on the diagonal: a mesh is no link to itself', async () => {
    const s = screen(meshes(3));
    await s.press();
    expect(s.cursorLine()).toMatch(/^mesh1 -> mesh2/);
    await s.press(KEY.left);
    expect(s.cursorLine()).toMatch(/^mesh1 -> mesh2/);
    await s.press(KEY.right);
    expect(s.cursorLine()).toMatch(/^mesh1 -> mesh3/);
    await s.press(KEY.down);
    expect(s.cursorLine()).toMatch(/^mesh2 -> mesh3/);
    // mesh3 -> mesh3 is the diagonal: the row below has mesh3 -> mesh2 next to it
    await s.press(KEY.down);
    expect(s.cursorLine()).toMatch(/^mesh3 -> mesh2/);
    await s.press(KEY.right);
    expect(s.cursorLine()).toMatch(/^mesh3 -> mesh2/);
    await s.press(KEY.left);
    expect(s.cursorLine()).toMatch(/^mesh3 -> mesh1/);
    await s.press(KEY.up);
    expect(s.cursorLine()).toMatch(/^mesh2 -> mesh1/);
    // above it is mesh1 -> mesh1, and no row beyond: the nearest cell of that row
    await s.press(KEY.up);
    expect(s.cursorLine()).toMatch(/^mesh1 -> mesh2/);
    await s.press(KEY.up);
    expect(s.cursorLine()).toMatch(/^mesh1 -> mesh2/);
  });

  it('with two meshes, down and up go between the only two cells', async () => {
    const s = screen();
    await s.press(KEY.down);
    expect(s.cursorLine()).toMatch(/^mesh2 -> mesh1: linked/);
    expect(s.lastFrame()).toContain('▶ mesh2      [●]     ╲');
    await s.press(KEY.up);
    expect(s.cursorLine()).toMatch(/^mesh1 -> mesh2/);
  });

  it('a mesh that runs no clients calls no mesh: its row is passed over and says why', async () => {
    const config = meshes(3);
    const s = screen({ ...config, meshes: config.meshes.map((m) => (m.key === 'mesh2' ? { ...m, clients: [] } : m)) });
    await s.press(KEY.right, KEY.down);
    expect(s.cursorLine()).toMatch(/^mesh3 -> mesh2/);
    expect(s.lastFrame()).toContain('Dimmed rows run no clients, so they call no mesh: mesh2.');
    await s.press('a', KEY.enter);
    expect(s.onDone.mock.calls[0]![0].map((l) => `${l.from}>${l.to}`)).toEqual([
      'mesh1>mesh2',
      'mesh1>mesh3',
      'mesh3>mesh1',
      'mesh3>mesh2',
    ]);
  });

  it('12 meshes with long names fit 80x24: numbered columns, every cell in view', async () => {
    const s = screen(meshes(12, (i) => `team-${TEAMS[i] ?? 'analytics-and-reporting'}`));
    await s.press();
    const lines = linesOf(s.lastFrame());
    expect(widest(s.lastFrame())).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines[3]).toMatch(/^ +1 +2 +3 +4 +5 +6 +7 +8 +9 +10 +11 +12$/);
    expect(lines[4]).toMatch(/^▶ +1 team-payments +╲ +\[·\]( +·){10}$/);
    expect(lines[15]).toMatch(/^ +12 team-analytics-and-… +(· +){11}╲$/);
    await s.press('a');
    expect(s.lastFrame()).toContain('Links: which mesh may call which (132 of 132)');
    expect(s.lastFrame()).toMatch(/132 links: team-payments -> team-orders, .*, \+\d+ more/);
    // a gateway for each of the 12 meshes and a step for each of the 132 links
    expect(s.lastFrame()).toContain('The step list follows: Gateway for team-orders, +143 more');
    await s.press('n');
    expect(s.lastFrame()).toContain('No links: every mesh stays isolated from the others.');
    expect(s.lastFrame()).toContain('The step list follows: no step connects meshes.');
    // the far corner, by arrows: the cursor and the meaning of the cell follow
    await s.press(...Array<string>(11).fill(KEY.down), ...Array<string>(11).fill(KEY.right));
    expect(s.cursorLine()).toMatch(/^team-analytics-and-reporting -> team-support: not linked/);
    await s.press(' ', KEY.enter);
    expect(s.onDone).toHaveBeenCalledWith([{ from: 'mesh12', to: 'mesh11' }]);
  });

  it('a grid larger than the terminal scrolls with the cursor and says there is more', async () => {
    const s = screen(meshes(32, (i) => `m${i + 1}`));
    await s.press();
    let lines = linesOf(s.lastFrame());
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(widest(s.lastFrame())).toBeLessThanOrEqual(80);
    expect(lines[3]).toMatch(/ 1 +2 .* →$/);
    expect(lines.some((l) => l.startsWith('↓'))).toBe(true);
    await s.press(...Array<string>(31).fill(KEY.down));
    lines = linesOf(s.lastFrame());
    expect(s.cursorLine()).toMatch(/^m32 -> m2/);
    expect(lines.some((l) => /^↑ +\d+ m\d+/.test(l))).toBe(true);
    expect(lines.some((l) => /^▶ +32 m32/.test(l))).toBe(true);
    await s.press(...Array<string>(30).fill(KEY.right));
    expect(s.cursorLine()).toMatch(/^m32 -> m31/);
    expect(linesOf(s.lastFrame())[3]).toMatch(/← +\d+ .* 31 +→$/);
  });

  it('draws only ASCII on a dumb terminal, and names the arrows in words', async () => {
    const s = screen(
      meshes(12, (i) => `team-${TEAMS[i] ?? 'analytics'}`),
      { env: DUMB },
    );
    await s.press(' ');
    const frame = s.lastFrame();
    expect(frame).not.toMatch(NON_ASCII);
    expect(frame).toMatch(/^> +1 team-payments +\\ +\[x\]( +\.){10}$/m);
    expect(frame).toContain('Up/Down/Left/Right move');
    expect(linesOf(frame).length).toBeLessThanOrEqual(24);
    expect(widest(frame)).toBeLessThanOrEqual(80);
  });

  it('with one mesh there is no link to make: Enter goes on without one', async () => {
    const s = screen(meshes(1));
    await s.press();
    expect(s.lastFrame()).toContain('No link is possible');
    await s.press(KEY.enter);
    expect(s.onDone).toHaveBeenCalledWith([]);
  });
});
