import React, { createContext, useContext, useMemo } from 'react';
import { ThemeProvider as UiThemeProvider, defaultTheme, extendTheme, type StatusMessageProps, type Theme as UiTheme } from '@inkjs/ui';
import { asciiTerminal, symbolsFor, type Marks, type Symbols } from '../src/render/symbols.js';

export interface Theme {
  color: boolean;
  ascii: boolean;
  /** the marks of render/symbols.ts: ASCII on a TERM=dumb terminal */
  symbols: Symbols;
}

export function makeTheme(color: boolean, env: NodeJS.ProcessEnv = process.env): Theme {
  const ascii = asciiTerminal(env);
  return { color: color && !ascii, ascii, symbols: symbolsFor(ascii) };
}

type Variant = StatusMessageProps['variant'];
const VARIANT: Record<Variant, { color: string; mark: keyof Marks | 'bullet' }> = {
  success: { color: 'green', mark: 'ok' },
  error: { color: 'red', mark: 'fail' },
  warning: { color: 'yellow', mark: 'warn' },
  info: { color: 'cyan', mark: 'bullet' },
};

/** The StatusMessage variant of a check result or a log line's tone. */
export function variantOf(status: 'ok' | 'warn' | 'fail'): Variant {
  return status === 'ok' ? 'success' : status === 'warn' ? 'warning' : 'error';
}

/**
 * @inkjs/ui's components drawn as ours: colour only when the theme has colour (NO_COLOR, --no-color,
 * TERM=dumb), StatusMessage with our marks (ASCII on a dumb terminal) and its line cut at the
 * column width like every other line of the wizard, the spinner and typed text in cyan.
 */
export function uiTheme(theme: Theme): UiTheme {
  const color = (c: string) => (theme.color ? c : undefined);
  return extendTheme(defaultTheme, {
    components: {
      Spinner: {
        styles: {
          frame: () => ({ color: color('cyan') }),
          label: () => ({ wrap: 'truncate-end' }),
        },
      },
      TextInput: {
        styles: {
          value: () => ({ color: color('cyan') }),
        },
      },
      StatusMessage: {
        styles: {
          icon: ({ variant }: { variant: Variant }) => ({ color: color(VARIANT[variant].color) }),
          message: () => ({ wrap: 'truncate-end' }),
        },
        config: ({ variant }: { variant: Variant }) => ({ icon: theme.symbols[VARIANT[variant].mark] }),
      },
    },
  });
}

const ThemeContext = createContext<Theme>(makeTheme(true, {}));

/** Our theme and, made from it, @inkjs/ui's: the two always agree on colour and marks. */
export function ThemeProvider({ theme, children }: { theme: Theme; children: React.ReactNode }) {
  const ui = useMemo(() => uiTheme(theme), [theme]);
  return (
    <ThemeContext.Provider value={theme}>
      <UiThemeProvider theme={ui}>{children}</UiThemeProvider>
    </ThemeContext.Provider>
  );
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** A colour prop that disappears when colour is off. */
export function useColor(): (c: string) => string | undefined {
  const { color } = useTheme();
  return (c) => (color ? c : undefined);
}
