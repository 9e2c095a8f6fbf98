import React from 'react';
import { Box, Text } from 'ink';
import type { Failure } from '../src/tui/state.js';
import { StatusMessage } from '@inkjs/ui';
import { useColor, useTheme } from './theme.js';
import { Paragraph } from './Paragraph.js';

/** A failed validate or apply: the tool's own message, a hint, and what can be done next. */
// hand-written, not @inkjs/ui's Alert: Alert puts its body in one Text (no wrapped Paragraphs) and adds blank lines that 80x24 has no room for
export function ErrorPanel({ failure, maxLines = 8, width }: { failure: Failure; maxLines?: number; width: number }) {
  const color = useColor();
  const { symbols, ascii } = useTheme();
  const lines = failure.message.split('\n');
  // inside the border and its padding
  const inner = width - (ascii ? 0 : 4);
  return (
    <Box
      flexDirection="column"
      marginTop={1}
      flexShrink={0}
      borderStyle={ascii ? undefined : 'round'}
      borderColor={color('red')}
      paddingX={ascii ? 0 : 1}
    >
      <StatusMessage variant="error">
        <Text color={color('red')} bold>
          {failure.phase} failed
        </Text>
      </StatusMessage>
      <Text wrap="truncate-end" dimColor>
        $ {failure.command}
      </Text>
      {lines.slice(0, maxLines).map((l, i) => (
        <Paragraph key={i} text={l} width={inner} />
      ))}
      {lines.length > maxLines ? (
        <Text dimColor>
          {symbols.ellipsis} {lines.length - maxLines} more lines
        </Text>
      ) : null}
      <Paragraph color={color('yellow')} text={`hint: ${failure.hint}`} width={inner} />
    </Box>
  );
}
