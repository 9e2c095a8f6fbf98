import React from 'react';
import { Text } from 'ink';
import { keyHints, type Binding } from '../src/render/keymap.js';
import { useColor, useTheme } from './theme.js';

/** The key line: each shown binding of the keymap as its key (bold) and label. */
export function KeyHints({ bindings }: { bindings: ReadonlyArray<Binding> }) {
  const color = useColor();
  const { ascii } = useTheme();
  return (
    <Text wrap="wrap">
      {keyHints(bindings, ascii).map(({ key, label }, i) => (
        <Text key={key}>
          {i ? '  ' : ''}
          <Text bold color={color('cyan')}>
            {key}
          </Text>{' '}
          {label}
        </Text>
      ))}
    </Text>
  );
}
