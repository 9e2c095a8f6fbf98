import React from 'react';
import { describe, it, expect, vi } from 'vitest';
import { TextPrompt } from '../../../components/TextPrompt.js';
import { KEY, renderAt, widest } from './harness.js';

const isAddress = (v: string) => (/^[\w.-]+$/.test(v) ? undefined : 'an IP address or DNS name, without scheme or port');

function prompt(o: { validate?: (v: string) => string | undefined } = {}) {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  const r = renderAt(<TextPrompt label="Address:" onSubmit={onSubmit} onCancel={onCancel} {...o} />);
  /** what has been typed, as drawn after the label */
  const value = () =>
    r
      .lastFrame()
      .replace(/^Address: /, '')
      .split('  ')[0]!
      .trimEnd();
  return { ...r, onSubmit, onCancel, value };
}

describe('TextPrompt', () => {
  it('shows what is typed after the label, and Enter submits it', async () => {
    const p = prompt();
    expect(p.lastFrame()).toMatch(/^Address:/);
    await p.press('2', '0', '3');
    expect(p.value()).toBe('203');
    await p.press(KEY.enter);
    expect(p.onSubmit).toHaveBeenCalledWith('203');
  });

  it('←/→ move the cursor: typing inserts there and Backspace deletes the character before it', async () => {
    const p = prompt();
    await p.press('g', 'w', '.', 'o', 'r', 'g');
    await p.press(KEY.left, KEY.left, KEY.left, KEY.left);
    // the cursor is after "gw": insert there
    await p.press('1');
    expect(p.value()).toBe('gw1.org');
    // "1" and "w" go, the cursor after "g"
    await p.press(KEY.backspace, KEY.backspace);
    expect(p.value()).toBe('g.org');
    await p.press('w');
    expect(p.value()).toBe('gw.org');
    // → stops at the end
    await p.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, 'x');
    expect(p.value()).toBe('gw.orgx');
    await p.press(KEY.backspace, KEY.enter);
    expect(p.onSubmit).toHaveBeenCalledWith('gw.org');
  });

  it('a paste arrives as one piece and is typed whole; its line break is dropped and does not submit', async () => {
    const p = prompt();
    await p.press('mesh1.example.org\r');
    expect(p.value()).toBe('mesh1.example.org');
    expect(p.onSubmit).not.toHaveBeenCalled();
    await p.press(KEY.enter);
    expect(p.onSubmit).toHaveBeenCalledWith('mesh1.example.org');
  });

  it('Enter right after a paste, before anything is drawn, submits the whole paste', async () => {
    const p = prompt();
    await p.press();
    p.stdin.write('198.51.100.7');
    p.stdin.write(KEY.enter);
    await p.press();
    expect(p.onSubmit).toHaveBeenCalledWith('198.51.100.7');
  });

  it('submits the value trimmed', async () => {
    const p = prompt();
    await p.press('  10.0.0.7  ');
    await p.press(KEY.enter);
    expect(p.onSubmit).toHaveBeenCalledWith('10.0.0.7');
  });

  it('refuses what validate refuses, says why, and clears the message on the next edit', async () => {
    const p = prompt({ validate: isAddress });
    await p.press('http://x', KEY.enter);
    expect(p.onSubmit).not.toHaveBeenCalled();
    expect(p.lastFrame()).toContain('an IP address or DNS name, without scheme or port');
    // the message stays while nothing changes, even when the screen is drawn again (the wizard redraws every second while it waits)
    await p.press(KEY.left);
    p.rerender(<TextPrompt label="Address:" onSubmit={p.onSubmit} onCancel={p.onCancel} validate={(v) => isAddress(v)} />);
    await p.press();
    expect(p.lastFrame()).toContain('an IP address or DNS name');
    await p.press(KEY.right);
    for (let i = 0; i < 'http://'.length + 1; i++) await p.press(KEY.backspace);
    expect(p.lastFrame()).not.toContain('an IP address or DNS name');
    await p.press('x.org', KEY.enter);
    expect(p.onSubmit).toHaveBeenCalledWith('x.org');
  });

  it('Esc cancels without submitting', async () => {
    const p = prompt();
    await p.press('abc', KEY.esc);
    await p.press();
    expect(p.onCancel).toHaveBeenCalledTimes(1);
    expect(p.onSubmit).not.toHaveBeenCalled();
  });

  it('Ctrl with a letter types nothing', async () => {
    const p = prompt();
    await p.press('ab', KEY.ctrlA, 'c');
    expect(p.value()).toBe('abc');
  });

  it('fits an 80-column terminal with a long value and a message', async () => {
    const p = prompt({ validate: () => 'not an address' });
    await p.press('a'.repeat(40), KEY.enter);
    expect(p.lastFrame()).toContain('not an address');
    expect(widest(p.lastFrame())).toBeLessThanOrEqual(80);
  });
});
