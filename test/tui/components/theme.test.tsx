import React from 'react';
import { describe, it, expect } from 'vitest';
import { Text } from 'ink';
import { StatusMessage, TextInput, Spinner as UiSpinner } from '@inkjs/ui';
import { ThemeProvider, makeTheme, uiTheme, useColor, useTheme, variantOf } from '../../../components/theme.js';
import { ASCII, UNICODE } from '../../../src/render/symbols.js';
import { makeStyle } from '../../../src/render/style.js';
import { DUMB, NON_ASCII, renderAt } from './harness.js';

function Probe() {
  const theme = useTheme();
  const color = useColor();
  return (
    <Text>
      color={String(theme.color)} ascii={String(theme.ascii)} ok={theme.symbols.ok} red={String(color('red'))}
    </Text>
  );
}

describe('theme', () => {
  it('takes its marks from the one symbol table, ASCII and without colour under TERM=dumb', () => {
    expect(makeTheme(true, {})).toEqual({ color: true, ascii: false, symbols: UNICODE });
    expect(makeTheme(false, {})).toEqual({ color: false, ascii: false, symbols: UNICODE });
    expect(makeTheme(true, DUMB)).toEqual({ color: false, ascii: true, symbols: ASCII });
  });

  it('agrees with the plain front end: the same marks for the same terminal', () => {
    for (const env of [{}, DUMB]) {
      const theme = makeTheme(true, env);
      const style = makeStyle({ color: true, env });
      expect([style.ok, style.fail, style.warn, style.skipped, style.pending, style.current]).toEqual([
        theme.symbols.ok,
        theme.symbols.fail,
        theme.symbols.warn,
        theme.symbols.skipped,
        theme.symbols.pending,
        theme.symbols.current,
      ]);
      expect(style.color).toBe(theme.color);
    }
  });

  it('hands the theme to components, and useColor drops colours when colour is off', () => {
    expect(renderAt(<Probe />, { color: true }).lastFrame()).toBe('color=true ascii=false ok=✔ red=red');
    expect(renderAt(<Probe />, { color: false }).lastFrame()).toBe('color=false ascii=false ok=✔ red=undefined');
    expect(renderAt(<Probe />, { color: true, env: DUMB }).lastFrame()).toBe('color=false ascii=true ok=[ok] red=undefined');
  });

  it("makes @inkjs/ui's theme from ours: StatusMessage shows our marks, in ASCII on a dumb terminal", () => {
    const messages = (
      <>
        <StatusMessage variant="success">done</StatusMessage>
        <StatusMessage variant="warning">careful</StatusMessage>
        <StatusMessage variant="error">broken</StatusMessage>
      </>
    );
    expect(renderAt(messages).lastFrame()).toBe('✔ done\n⚠ careful\n✖ broken');
    const dumb = renderAt(messages, { env: DUMB }).lastFrame();
    expect(dumb).toBe('[ok] done\n[!] careful\n[x] broken');
    expect(dumb).not.toMatch(NON_ASCII);
  });

  it('gives @inkjs/ui colours only when ours has colour', () => {
    const on = uiTheme(makeTheme(true, {})).components;
    const off = uiTheme(makeTheme(false, {})).components;
    expect(on.StatusMessage!.styles!.icon!({ variant: 'error' })).toEqual({ color: 'red' });
    expect(off.StatusMessage!.styles!.icon!({ variant: 'error' })).toEqual({ color: undefined });
    expect(on.Spinner!.styles!.frame!()).toEqual({ color: 'cyan' });
    expect(off.Spinner!.styles!.frame!()).toEqual({ color: undefined });
    expect(on.TextInput!.styles!.value!()).toEqual({ color: 'cyan' });
    expect(off.TextInput!.styles!.value!()).toEqual({ color: undefined });
    // the components themed here keep @inkjs/ui's other styles
    expect(on.Spinner!.styles!.container!()).toEqual({ gap: 1 });
    expect(on.Select).toBeDefined();
  });

  it('maps check results to StatusMessage variants', () => {
    expect(['ok', 'warn', 'fail'].map((s) => variantOf(s as 'ok'))).toEqual(['success', 'warning', 'error']);
  });

  it('lets @inkjs/ui components render inside the provider', () => {
    const frame = renderAt(
      <ThemeProvider theme={makeTheme(false, {})}>
        <UiSpinner label="working" />
        <TextInput defaultValue="typed" />
      </ThemeProvider>,
      { bare: true },
    ).lastFrame();
    expect(frame).toContain('working');
    expect(frame).toContain('typed');
  });
});
