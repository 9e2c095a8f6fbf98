import React from 'react';
import { Text } from 'ink';
import { useColor } from './theme.js';

export function KeyHints({ keys }: { keys: Array<[string, string]> }) {
  const color = useColor();
  return (
    <Text wrap="wrap">
      {keys.map(([k, label], i) => (
        <Text key={k}>
          {i ? '  ' : ''}
          <Text bold color={color('cyan')}>
            {k}
          </Text>{' '}
          {label}
        </Text>
      ))}
    </Text>
  );
}
