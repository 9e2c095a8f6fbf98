import React, { useEffect, useState } from 'react';
import { Text } from 'ink';
import { useTheme, useColor } from './theme.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner({ label }: { label: string }) {
  const { ascii } = useTheme();
  const color = useColor();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (ascii) return;
    const t = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 100);
    return () => clearInterval(t);
  }, [ascii]);
  return (
    <Text>
      <Text color={color('cyan')}>{ascii ? '...' : FRAMES[frame]}</Text> {label}
    </Text>
  );
}
