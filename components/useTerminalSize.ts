import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Clears the whole screen and its scrollback: what a narrower terminal hard-wrapped is gone. */
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

/**
 * The terminal's size, kept current: a resize re-renders the screen at once (not at the next key),
 * after clearing what the old, wider frame left wrapped on a real terminal.
 */
const sizeOf = (stdout: NodeJS.WriteStream) => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });

export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => {
      if (stdout.isTTY) stdout.write(CLEAR_SCREEN);
      setSize(sizeOf(stdout));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
