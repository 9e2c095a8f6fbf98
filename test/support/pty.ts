import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/crossmesh.js');

export const KEYS = {
  enter: '\r',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  ctrlC: '\u0003',
  esc: '\u001b',
} as const;

/** The built CLI in a real pseudo-terminal, with the visible screen rebuilt by a headless xterm. */
export class PtySession {
  readonly pty: IPty;
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private exitCode: number | undefined;
  private readonly exited: Promise<number>;
  output = '';

  constructor(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; cols?: number; rows?: number }) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 34;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    // CI=true makes Ink print only the final frame; the child must behave as on a person's terminal
    const env = { ...process.env, ...opts.env, CI: 'false', TERM: opts.env?.TERM ?? 'xterm-256color' } as Record<string, string>;
    this.pty = spawn(process.execPath, [CLI, ...args], { cols, rows, cwd: opts.cwd, env, name: env.TERM });
    this.pty.onData((d) => {
      this.output += d;
      this.term.write(d);
    });
    // a death by signal reads as a shell reports it: 128 + the signal (Ctrl-C: 130)
    this.exited = new Promise((res) => this.pty.onExit(({ exitCode, signal }) => res((this.exitCode = signal ? 128 + signal : exitCode))));
  }

  screen(): string {
    const buf = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < this.term.rows; i++) lines.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  async waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const screen = this.screen();
      const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      if (matches(screen)) {
        // Ink attaches a new screen's key handler just after drawing it; a person never types faster
        await new Promise((r) => setTimeout(r, 150));
        // on a busy machine one frame can arrive in pieces: hand back the settled screen, if it still matches
        const settled = this.screen();
        if (matches(settled)) return settled;
      }
      if (Date.now() - start > timeoutMs)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}; screen:\n${screen}`);
      if (this.exitCode !== undefined)
        throw new Error(`the program exited (${this.exitCode}) before ${String(pattern)} appeared; screen:\n${screen}`);
    }
  }

  /** Resizes the pseudo-terminal and the screen that mirrors it, as a person dragging the window. */
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.pty.resize(cols, rows);
  }

  press(keys: string): void {
    this.pty.write(keys);
  }

  async exit(timeoutMs = 10_000): Promise<number> {
    return Promise.race([
      this.exited,
      new Promise<number>((_, rej) =>
        setTimeout(() => rej(new Error(`still running after ${timeoutMs} ms; screen:\n${this.screen()}`)), timeoutMs),
      ),
    ]);
  }

  kill(): void {
    if (this.exitCode === undefined) this.pty.kill();
  }
}
