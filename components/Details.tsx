import React from 'react';
import { Box, Text } from 'ink';

/** A page of the step's full details (see detailLines), with where it is in the whole. */
export function Details({ lines, offset, height }: { lines: string[]; offset: number; height: number }) {
  const top = Math.max(0, Math.min(offset, lines.length - height));
  const shown = lines.slice(top, top + height);
  return (
    <Box flexDirection="column">
      <Text dimColor>
        Details: lines {lines.length ? top + 1 : 0}-{top + shown.length} of {lines.length}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l || ' '}
        </Text>
      ))}
    </Box>
  );
}
