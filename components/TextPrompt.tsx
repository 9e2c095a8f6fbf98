import React, { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { Text, useInput } from 'ink';
import { TextInput } from '@inkjs/ui';
import { actionFor, pressedKey, textKeys } from '../src/render/keymap.js';
import { useColor } from './theme.js';

const LINE_BREAK = /[\r\n]/g;
const KEYS = textKeys('submit');

/**
 * A one-line text input (@inkjs/ui's TextInput): type or paste, ←/→ move the cursor, Backspace
 * deletes before it, Enter submits what was typed (trimmed) once `validate` accepts it, Esc cancels.
 */
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
  const [error, setError] = useState<string>();
  // TextInput keeps its own value; to take something out of it, it is drawn anew from `restart`
  const [restart, setRestart] = useState({ generation: 0, value: '' });
  // the value as TextPrompt accepts it, and whether the key just pressed was Ctrl or Alt with a letter
  const accepted = useRef('');
  const modified = useRef(false);

  // a key that may have changed the value has not been drawn yet (onChange has not seen it)
  const unseen = useRef(false);
  const submit = () => {
    unseen.current = false;
    const typed = accepted.current.trim();
    const problem = validate?.(typed);
    if (problem) setError(problem);
    else onSubmit(typed);
  };
  const submitDrawn = useEffectEvent(submit);
  // TextInput's own onSubmit reads the value of its last drawing, which lacks a paste that arrived
  // just before the Enter: then the value is submitted once that has been drawn (see the effect below)
  const [submits, setSubmits] = useState(0);
  useInput((input, key) => {
    const action = actionFor(KEYS, pressedKey(input, key));
    if (action === 'cancel') return onCancel?.();
    if (action === 'submit') return unseen.current ? setSubmits((n) => n + 1) : submit();
    if (!(key.leftArrow || key.rightArrow || key.upArrow || key.downArrow || key.tab)) unseen.current = true;
    // TextInput would type the letter of Ctrl-A or Alt-B; the value from before it is put back (see onChange)
    modified.current = (key.ctrl || key.meta) && !key.escape && input.length > 0;
  });
  // after TextInput's effects (a child's run first), so `accepted` has the value as drawn by then
  useEffect(() => {
    if (submits) submitDrawn();
  }, [submits]);

  // stable, and only for a new value: TextInput calls onChange again whenever it gets a new one
  const onChange = useCallback((value: string) => {
    if (value === accepted.current) return;
    setError(undefined);
    // a paste can bring line breaks: they are dropped, as is the letter of a Ctrl or Alt key
    const clean = modified.current ? accepted.current : value.replace(LINE_BREAK, '');
    modified.current = false;
    unseen.current = false;
    accepted.current = clean;
    if (clean !== value) setRestart((r) => ({ generation: r.generation + 1, value: clean }));
  }, []);

  return (
    <Text>
      {label} <TextInput key={restart.generation} defaultValue={restart.value} onChange={onChange} />
      {error ? <Text color={color('red')}>{`  ${error}`}</Text> : null}
    </Text>
  );
}
