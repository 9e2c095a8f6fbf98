import React, { useState } from 'react';
import { Text, useInput } from 'ink';
import { useColor } from './theme.js';

/** A one-line text input: type, Backspace, Enter to submit, Esc to cancel. */
export function TextPrompt({ label, onSubmit, onCancel, validate }: { label: string; onSubmit: (v: string) => void; onCancel?: () => void; validate?: (v: string) => string | undefined }) {
  const color = useColor();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  useInput((input, key) => {
    if (key.return) {
      const problem = validate?.(value.trim());
      if (problem) setError(problem);
      else onSubmit(value.trim());
      return;
    }
    if (key.escape) return onCancel?.();
    if (key.backspace || key.delete) return setValue((v) => v.slice(0, -1));
    if (input && !key.ctrl && !key.meta) {
      setError(undefined);
      setValue((v) => v + input);
    }
  });
  return (
    <Text>
      {label} <Text color={color('cyan')}>{value}</Text>
      <Text inverse> </Text>
      {error ? <Text color={color('red')}>  {error}</Text> : null}
    </Text>
  );
}
