/** Colours and symbols for line output; honours NO_COLOR, --no-color and TERM=dumb. */
export interface Style {
  color: boolean;
  ascii: boolean;
  ok: string;
  warn: string;
  fail: string;
  skip: string;
  pending: string;
  current: string;
  paint(code: 'green' | 'yellow' | 'red' | 'cyan' | 'dim' | 'bold' | 'magenta', text: string): string;
}

const CODES = { green: 32, yellow: 33, red: 31, cyan: 36, dim: 2, bold: 1, magenta: 35 } as const;

export function makeStyle(opts: { color: boolean; env?: NodeJS.ProcessEnv }): Style {
  const env = opts.env ?? process.env;
  const ascii = env.TERM === 'dumb';
  const color = opts.color && env.TERM !== 'dumb';
  return {
    color,
    ascii,
    ok: ascii ? '[ok]' : '✔',
    warn: ascii ? '[warn]' : '⚠',
    fail: ascii ? '[FAIL]' : '✖',
    skip: ascii ? '[skip]' : '↷',
    pending: ascii ? '[ ]' : '○',
    current: ascii ? '>' : '▶',
    paint: (code, text) => (color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text),
  };
}
