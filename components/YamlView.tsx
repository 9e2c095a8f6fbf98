import React from 'react';
import { Box, Text } from 'ink';
import { keyName } from '../src/render/keymap.js';
import { useColor, useTheme } from './theme.js';

const LINE = /^(\s*)(- )?([^\s:#][^:]*?):(\s.*)?$/;

/** YAML with keys, list dashes and scalars told apart by colour; long manifests scroll. */
export function YamlView({ yaml, maxLines, offset = 0 }: { yaml: string; maxLines: number; offset?: number }) {
  const color = useColor();
  const { ascii, symbols } = useTheme();
  const lines = yaml.trimEnd().split('\n');
  const start = Math.max(0, Math.min(offset, Math.max(0, lines.length - maxLines)));
  const shown = lines.slice(start, start + maxLines);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor>{`  ${symbols.above} ${start} more line${start === 1 ? '' : 's'}`}</Text> : null}
      {shown.map((line, i) => {
        const m = line.match(LINE);
        if (!m)
          return (
            <Text key={i} wrap="truncate-end" color={color('yellow')}>
              {line}
            </Text>
          );
        const [, indent, dash, key, rest] = m;
        return (
          <Text key={i} wrap="truncate-end">
            {indent}
            {dash ? <Text color={color('gray')}>{dash}</Text> : null}
            <Text color={color('cyan')}>{key}</Text>:{rest ? <Text color={color('yellow')}>{rest}</Text> : null}
          </Text>
        );
      })}
      {start + maxLines < lines.length ? (
        <Text
          dimColor
        >{`  ${symbols.below} ${lines.length - start - maxLines} more (${keyName('up', ascii)}/${keyName('down', ascii)} to scroll)`}</Text>
      ) : null}
    </Box>
  );
}
