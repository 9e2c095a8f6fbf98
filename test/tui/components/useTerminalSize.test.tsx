import React from 'react';
import { describe, it, expect } from 'vitest';
import { Text } from 'ink';
import { useTerminalSize } from '../../../components/useTerminalSize.js';
import { renderAt, tick } from './harness.js';

const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

function Size() {
  const { columns, rows } = useTerminalSize();
  return (
    <Text>
      {columns}x{rows}
    </Text>
  );
}

describe('useTerminalSize', () => {
  it('reads the terminal size', () => {
    expect(renderAt(<Size />, { columns: 80, rows: 24 }).lastFrame()).toBe('80x24');
  });

  it('draws again at once on a resize, after clearing the screen of a real terminal', async () => {
    const r = renderAt(<Size />, { columns: 120, rows: 40, tty: true });
    r.resize(80, 24);
    await tick();
    expect(r.lastFrame()).toBe('80x24');
    expect(r.stdout.writes).toContain(CLEAR);
  });

  it('clears nothing when the output is not a terminal', async () => {
    const r = renderAt(<Size />, { columns: 120, rows: 40, tty: false });
    r.resize(100, 30);
    await tick();
    expect(r.lastFrame()).toBe('100x30');
    expect(r.stdout.writes).not.toContain(CLEAR);
  });

  it('stops listening once unmounted', () => {
    const r = renderAt(<Size />);
    expect(r.stdout.listenerCount('resize')).toBeGreaterThan(0);
    r.unmount();
    expect(r.stdout.listenerCount('resize')).toBe(0);
  });
});
