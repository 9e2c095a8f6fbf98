import React from 'react';
import { Box, Text } from 'ink';
import { wrapText } from '../src/tui/details.js';

/**
 * Text wrapped at spaces to `width`, one Text per line. Ink's own wrapping keeps the space it
 * breaks at, so a wrapped line would start with a stray space.
 */
export function Paragraph({
  text,
  width,
  color,
  dimColor,
  bold,
}: {
  text: string;
  width: number;
  color?: string | undefined;
  dimColor?: boolean;
  bold?: boolean;
}) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {wrapText(text, Math.max(10, width)).map((line, i) => (
        <Text key={i} wrap="truncate-end" {...(color ? { color } : {})} {...(dimColor ? { dimColor } : {})} {...(bold ? { bold } : {})}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
