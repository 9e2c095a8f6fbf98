import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { wrapText } from '../src/tui/details.js';
import { useTheme, useColor } from './theme.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner and its label; with a width, the label is wrapped here (see Paragraph for why). */
export function Spinner({ label, width }: { label: string; width?: number }) {
  const { ascii } = useTheme();
  const color = useColor();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (ascii) return;
    const t = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 100);
    return () => clearInterval(t);
  }, [ascii]);
  const mark = ascii ? '...' : FRAMES[frame]!;
  const lines = width ? wrapText(label, Math.max(10, width - mark.length - 1)) : [label];
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {i === 0 ? <Text color={color('cyan')}>{mark}</Text> : ' '.repeat(mark.length)} {line}
        </Text>
      ))}
    </Box>
  );
}
