import React from 'react';
import { Box, Text } from 'ink';
import type { Failure } from '../src/ui/state.js';
import { useColor, useTheme } from './theme.js';

/** A failed validate or apply: the tool's own message, a hint, and what can be done next. */
export function ErrorPanel({ failure, maxLines = 8 }: { failure: Failure; maxLines?: number }) {
  const color = useColor();
  const { symbols, ascii } = useTheme();
  const lines = failure.message.split('\n');
  return (
    <Box flexDirection="column" marginTop={1} borderStyle={ascii ? undefined : 'round'} borderColor={color('red')} paddingX={ascii ? 0 : 1}>
      <Text color={color('red')} bold>
        {symbols.fail} {failure.phase} failed
      </Text>
      <Text wrap="truncate-end" dimColor>
        $ {failure.command}
      </Text>
      {lines.slice(0, maxLines).map((l, i) => (
        <Text key={i} wrap="wrap">
          {l}
        </Text>
      ))}
      {lines.length > maxLines ? <Text dimColor>… {lines.length - maxLines} more lines</Text> : null}
      <Text color={color('yellow')} wrap="wrap">
        hint: {failure.hint}
      </Text>
    </Box>
  );
}
