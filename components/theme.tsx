import React, { createContext, useContext } from 'react';

export interface Theme {
  color: boolean;
  ascii: boolean;
  symbols: { ok: string; warn: string; fail: string; skip: string; pending: string; current: string; rehearsed: string; bullet: string };
}

export function makeTheme(color: boolean, env: NodeJS.ProcessEnv = process.env): Theme {
  const ascii = env.TERM === 'dumb';
  return {
    color: color && !ascii,
    ascii,
    symbols: ascii
      ? { ok: '[ok]', warn: '[!]', fail: '[x]', skip: '[-]', pending: '[ ]', current: '>', rehearsed: '[r]', bullet: '*' }
      : { ok: '✔', warn: '⚠', fail: '✖', skip: '↷', pending: '○', current: '▶', rehearsed: '◇', bullet: '•' },
  };
}

const ThemeContext = createContext<Theme>(makeTheme(true, {}));

export function ThemeProvider({ theme, children }: { theme: Theme; children: React.ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** A colour prop that disappears when colour is off. */
export function useColor(): (c: string) => string | undefined {
  const { color } = useTheme();
  return (c) => (color ? c : undefined);
}
