import { asciiTerminal, symbolsFor, type Marks } from './symbols.js';

/** Colours and symbols for line output; honours NO_COLOR, --no-color and TERM=dumb. The marks come from render/symbols.ts. */
export interface Style extends Marks {
  color: boolean;
  ascii: boolean;
  paint(code: 'green' | 'yellow' | 'red' | 'cyan' | 'dim' | 'bold' | 'magenta', text: string): string;
}

const CODES = { green: 32, yellow: 33, red: 31, cyan: 36, dim: 2, bold: 1, magenta: 35 } as const;

export function makeStyle(opts: { color: boolean; env?: NodeJS.ProcessEnv }): Style {
  const ascii = asciiTerminal(opts.env ?? process.env);
  const color = opts.color && !ascii;
  const s = symbolsFor(ascii);
  return {
    color,
    ascii,
    ok: s.ok,
    fail: s.fail,
    warn: s.warn,
    pending: s.pending,
    current: s.current,
    skipped: s.skipped,
    rehearsed: s.rehearsed,
    paint: (code, text) => (color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text),
  };
}
