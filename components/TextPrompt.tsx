import React, { useRef, useState } from 'react';
import { Text, useInput } from 'ink';
import { useColor } from './theme.js';

/** A one-line text input: type, Backspace, Enter to submit, Esc to cancel. */
export function TextPrompt({
  label,
  onSubmit,
  onCancel,
  validate,
}: {
  label: string;
  onSubmit: (v: string) => void;
  onCancel?: () => void;
  validate?: (v: string) => string | undefined;
}) {
  const color = useColor();
  const [value, setValueState] = useState('');
  // pasted text and Enter can arrive before a re-render, so the handler reads the value from a ref
  const valueRef = useRef('');
  const setValue = (v: string) => {
    valueRef.current = v;
    setValueState(v);
  };
  const [error, setError] = useState<string>();
  useInput((input, key) => {
    if (key.return) {
      const typed = valueRef.current.trim();
      const problem = validate?.(typed);
      if (problem) setError(problem);
      else onSubmit(typed);
      return;
    }
    if (key.escape) return onCancel?.();
    if (key.backspace || key.delete) return setValue(valueRef.current.slice(0, -1));
    if (input && !key.ctrl && !key.meta) {
      setError(undefined);
      setValue(valueRef.current + input.replace(/[\r\n]/g, ''));
    }
  });
  return (
    <Text>
      {label} <Text color={color('cyan')}>{value}</Text>
      <Text inverse> </Text>
      {error ? <Text color={color('red')}> {error}</Text> : null}
    </Text>
  );
}
