import { createInterface, type Interface } from 'node:readline';

export interface Choice<T extends string> {
  key: string;
  label: string;
  value: T;
}

/** One of the choices of a question that takes several answers at once. */
export interface CheckChoice<T extends string> {
  label: string;
  value: T;
  /** ticked before the person changes anything */
  checked: boolean;
  /** why it cannot be ticked; undefined when it can */
  disabled?: string;
}

/** Asks one question at a time by typed answers. */
export interface Prompter {
  choose<T extends string>(message: string, choices: Array<Choice<T>>, fallback: T, signal?: AbortSignal): Promise<T>;
  /** Every choice ticked when the person is done, in the order of `choices`. */
  checkbox<T extends string>(message: string, choices: Array<CheckChoice<T>>, signal?: AbortSignal): Promise<T[]>;
  text(message: string, validate: (v: string) => string | undefined, signal?: AbortSignal): Promise<string>;
  close(): void;
}

/** The person pressed Ctrl-C at a prompt: an ordinary way to stop, not an error. */
export class InterruptedError extends Error {
  constructor() {
    super('stopped (Ctrl-C). Run crossmesh again to continue where you left off.');
  }
}

/** @inquirer/prompts rejects with ExitPromptError when its prompt gets Ctrl-C. */
function interrupted(err: unknown): never {
  if (err instanceof Error && err.name === 'ExitPromptError') throw new InterruptedError();
  throw err;
}

export class InputClosedError extends Error {
  constructor() {
    super('standard input ended before every question was answered: give the answers on stdin, or use --yes');
  }
}

/** A key @inquirer/prompts' expand takes for a choice: a lower-case letter or a digit, 'h' being its help key. */
type ExpandKey = Exclude<NonNullable<Parameters<typeof import('@inquirer/prompts').expand>[0]['default']>, 'h'>;

function isExpandKey(key: string): key is ExpandKey {
  return /^[a-gi-z0-9]$/.test(key);
}

/** How many choices of a checkbox show at once: a page of a 24-row terminal. */
const CHECKBOX_PAGE = 15;

/**
 * For a terminal: @inquirer/prompts. Imported on first use, so commands that never ask do not
 * pay for it, and only while no Ink tree holds stdin.
 */
export class InquirerPrompter implements Prompter {
  async choose<T extends string>(message: string, choices: Array<Choice<T>>, fallback: T, signal?: AbortSignal): Promise<T> {
    const { expand } = await import('@inquirer/prompts');
    const keyed = choices.map(({ key, label, value }) => {
      if (!isExpandKey(key)) throw new Error(`"${key}" cannot be the key of a choice: use a lower-case letter other than h, or a digit`);
      return { key, name: label, value };
    });
    return expand<T>(
      { message, default: keyed.find((c) => c.value === fallback)?.key ?? keyed[0]!.key, choices: keyed },
      signal ? { signal } : {},
    ).catch(interrupted);
  }

  async checkbox<T extends string>(message: string, choices: Array<CheckChoice<T>>, signal?: AbortSignal): Promise<T[]> {
    const { checkbox } = await import('@inquirer/prompts');
    return checkbox<T>(
      {
        message,
        choices: choices.map((c) => ({
          name: c.label,
          value: c.value,
          checked: c.checked,
          ...(c.disabled ? { disabled: c.disabled } : {}),
        })),
        pageSize: CHECKBOX_PAGE,
        loop: false,
      },
      signal ? { signal } : {},
    ).catch(interrupted);
  }

  async text(message: string, validate: (v: string) => string | undefined, signal?: AbortSignal): Promise<string> {
    const { input } = await import('@inquirer/prompts');
    return (await input({ message, validate: (v) => validate(v.trim()) ?? true }, signal ? { signal } : {}).catch(interrupted)).trim();
  }

  close(): void {}
}

/**
 * For a pipe: one readline interface for the whole run, so answers written ahead of time are all
 * kept, and no escape sequence is printed.
 */
export class LinePrompter implements Prompter {
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly write: (text: string) => void,
  ) {
    this.rl = createInterface({ input, terminal: false });
    this.rl.on('line', (line) => (this.waiting ? (this.waiting(line), (this.waiting = undefined)) : this.lines.push(line)));
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(undefined);
    });
  }

  private next(signal?: AbortSignal): Promise<string> {
    if (this.lines.length) return Promise.resolve(this.lines.shift()!);
    if (this.ended) return Promise.reject(new InputClosedError());
    return new Promise((resolve, reject) => {
      this.waiting = (line) => (line === undefined ? reject(new InputClosedError()) : resolve(line));
      signal?.addEventListener('abort', () => ((this.waiting = undefined), reject(new Error('question withdrawn'))), { once: true });
    });
  }

  async choose<T extends string>(message: string, choices: Array<Choice<T>>, fallback: T, signal?: AbortSignal): Promise<T> {
    for (;;) {
      this.write(
        `? ${message} [${choices.map((c) => `${c.key}=${c.label}`).join(', ')}] (default ${choices.find((c) => c.value === fallback)?.key}): `,
      );
      const answer = (await this.next(signal)).trim().toLowerCase();
      this.write(`${answer}\n`);
      if (!answer) return fallback;
      const hit = choices.find((c) => c.key === answer || c.label.toLowerCase() === answer || c.value === answer);
      if (hit) return hit.value;
      this.write(`  "${answer}" is not one of: ${choices.map((c) => c.key).join(', ')}\n`);
    }
  }

  /** The choices numbered, one a line; the answer is the numbers to tick ("1 3"), "none", or nothing to keep those ticked. */
  async checkbox<T extends string>(message: string, choices: Array<CheckChoice<T>>, signal?: AbortSignal): Promise<T[]> {
    const width = String(choices.length).length;
    for (const [i, c] of choices.entries())
      this.write(`  ${String(i + 1).padStart(width)}. [${c.checked ? 'x' : ' '}] ${c.label}${c.disabled ? ` (${c.disabled})` : ''}\n`);
    const ticked = choices.flatMap((c, i) => (c.checked ? [i + 1] : []));
    for (;;) {
      this.write(`? ${message} (numbers to tick, "none" for none; default ${ticked.join(' ') || 'none'}): `);
      const answer = (await this.next(signal)).trim().toLowerCase();
      this.write(`${answer}\n`);
      if (!answer) return choices.filter((c) => c.checked).map((c) => c.value);
      if (answer === 'none') return [];
      const tokens = answer.split(/[\s,]+/);
      const wrong = tokens.filter((t) => {
        const n = Number(t);
        return !Number.isInteger(n) || n < 1 || n > choices.length || Boolean(choices[n - 1]!.disabled);
      });
      if (!wrong.length) {
        const numbers = new Set(tokens.map(Number));
        return choices.filter((_, i) => numbers.has(i + 1)).map((c) => c.value);
      }
      this.write(`  cannot tick ${wrong.join(', ')}: give numbers from the list above\n`);
    }
  }

  async text(message: string, validate: (v: string) => string | undefined, signal?: AbortSignal): Promise<string> {
    for (;;) {
      this.write(`? ${message} `);
      const answer = (await this.next(signal)).trim();
      this.write(`${answer}\n`);
      const problem = validate(answer);
      if (!problem) return answer;
      this.write(`  ${problem}\n`);
    }
  }

  close(): void {
    this.rl.close();
  }
}
