// Every key the wizard offers on a step, pressed in a real terminal against the sandbox, at a
// workshop laptop's 80x24 (with TERM=dumb too) and at 120x40: each does what its label says, and
// the header and the key line stay on screen.
import { describe, it, expect, afterEach } from 'vitest';
import { useSandbox } from '../sandbox/fixture.js';
import { PtySession, KEYS } from '../support/pty.js';
import { scenario } from './support.js';

const sb = useSandbox();
let session: PtySession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

const nonEmpty = (screen: string) => screen.split('\n').filter((l) => l.trim());

describe.skipIf(!sb)('every key on a step screen', () => {
  for (const [cols, rows, term] of [
    [80, 24, 'xterm-256color'],
    [80, 24, 'dumb'],
    [120, 40, 'xterm-256color'],
  ] as const) {
    it(`${cols}x${rows}${term === 'dumb' ? ', TERM=dumb' : ''}: a d e l m ←/→ ↑/↓ s b q`, async () => {
      const s = scenario(sb!, `k${cols}${term === 'dumb' ? 'd' : ''}`);
      const p = (session = new PtySession([], { cwd: s.dir, env: { ...s.env, TERM: term }, cols, rows }));
      const framed = (screen: string) => {
        const lines = nonEmpty(screen);
        expect(lines[0], screen).toMatch(/^crossmesh\s+step \d of 9/);
        expect(lines.slice(-2).join(' '), screen).toMatch(/q quit|l\/Esc back/);
        return screen;
      };
      await p.waitFor('step 1 of 9', 30_000);
      p.press('a');
      // the step's objects are read before it asks: its keys show once it does
      let screen = framed(await p.waitFor(/step 2 of 9[\s\S]*Manifest 1\/4[\s\S]*a apply/, 30_000));
      const current = term === 'dumb' ? />\s+2\. Namespaces/ : /▶ 2\. Namespaces/;
      expect(screen).toMatch(current);
      if (term === 'dumb') expect(screen).not.toMatch(/[✔▶○]/);

      p.press('d');
      // the diff is read from the clusters, then the step asks again (long lines are cut at 80 columns)
      framed(await p.waitFor(/Live comparison[\s\S]*not there yet, would be[\s\S]*q quit/));
      p.press('e');
      framed(await p.waitFor(/The idea[\s\S]*e hide explanation/));
      p.press('e');
      framed(await p.waitFor(/e explain/));
      p.press('l');
      framed(await p.waitFor(/Details: lines 1-/));
      p.press(KEYS.down);
      framed(await p.waitFor(/Details: lines 2-/));
      p.press(KEYS.esc);
      framed(await p.waitFor(/Manifest 1\/4/));
      p.press('m');
      framed(await p.waitFor(/m hide map/));
      p.press('m');
      framed(await p.waitFor(/m map/));
      p.press(KEYS.right);
      framed(await p.waitFor(/Manifest 2\/4/));
      p.press(KEYS.left);
      framed(await p.waitFor(/Manifest 1\/4/));
      p.press(KEYS.down);
      framed(await p.waitFor(/Manifest 1\/4/));
      p.press('s');
      screen = framed(await p.waitFor(/step 3 of 9[\s\S]*a apply/));
      p.press('b');
      framed(await p.waitFor(/step 2 of 9[\s\S]*Manifest 1\/4[\s\S]*a apply/));
      // one current step after s then b
      expect(screen.match(term === 'dumb' ? /^>\s/gm : /▶/g)).toHaveLength(1);
      p.press('q');
      expect(await p.exit()).toBe(1);
    });
  }
});
