import React, { useState, useSyncExternalStore } from 'react';
import { Box, Text, useInput } from 'ink';
import { useTerminalSize } from './useTerminalSize.js';
import { Details } from './Details.js';
import { detailLines, wrapText } from '../src/tui/details.js';
import type { WizardStore } from '../src/tui/store.js';
import { stepById } from '../steps/index.js';
import { isAddress } from '../src/config/validate.js';
import { StepList } from './StepList.js';
import { Preview } from './Preview.js';
import { ApplyLog, Checks } from './ApplyLog.js';
import { ErrorPanel } from './ErrorPanel.js';
import { KeyHints } from './KeyHints.js';
import { Spinner } from './Spinner.js';
import { TextPrompt } from './TextPrompt.js';
import { useColor, useTheme } from './theme.js';
import { Topology } from './Topology.js';
import { Paragraph } from './Paragraph.js';
import type { CrossmeshConfig } from '../src/config/types.js';
import type { StepStatus } from '../src/tui/state.js';
import type { StepId } from '../src/model/types.js';
import {
  actionFor,
  detailsKeys,
  failureAnswers,
  finishedKeys,
  gatewayAnswers,
  keyHintText,
  pressedKey,
  rebindAnswers,
  screenKeys,
  stepKeys,
  textKeys,
  waitAnswers,
  type Binding,
} from '../src/render/keymap.js';

const outcomeWord = (o: string) => (o === 'in-sync' ? 'in sync' : o);
const DETAILS_KEYS = detailsKeys();

/** The full-screen wizard: step list on the left, the current step on the right, keys at the bottom. */
export function Wizard({
  store,
  onQuit,
  config,
  notice,
}: {
  store: WizardStore;
  onQuit: () => void;
  config?: CrossmeshConfig;
  notice?: string;
}) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const color = useColor();
  const { ascii, symbols } = useTheme();
  const { rows, columns } = useTerminalSize();
  const [details, setDetails] = useState<number | undefined>();
  const [selected, setSelected] = useState(0);
  const [scroll, setScroll] = useState(0);
  const [expanded, setExpanded] = useState(false);
  const [typing, setTyping] = useState(false);
  const [showMap, setShowMap] = useState(false);
  const q = state.question;
  const step = state.current ? stepById(state.current, config) : undefined;

  const resetView = () => {
    setSelected(0);
    setScroll(0);
    setExpanded(false);
  };

  const detailsHeight = Math.max(3, rows - 7);
  const detailTexts = details === undefined ? [] : detailLines(state, step, columns - 1);
  const lastDetailsTop = Math.max(0, detailTexts.length - detailsHeight);
  // the keys of what is on screen, from the one keymap: the key line below and the handler here use the same list
  const screen = screenKeys({ map: config ? showMap : undefined });
  // a moved context is answered with y/n here, not @inkjs/ui's ConfirmInput: that draws its own Y/n and takes Enter, and q must refuse too
  const asked: Binding[] = state.finished
    ? finishedKeys({ quit: state.finished.quit })
    : q?.kind === 'step'
      ? stepKeys(q, { expanded })
      : q?.kind === 'failure'
        ? failureAnswers()
        : q?.kind === 'rebind'
          ? rebindAnswers()
          : q?.kind === 'gateway-address'
            ? typing
              ? textKeys('use this address')
              : gatewayAnswers(q)
            : q?.kind === 'wait'
              ? waitAnswers()
              : [];
  // while an address is typed, the prompt has every key, so the map and details keys are not offered
  const shownKeys: Binding[] = details !== undefined ? DETAILS_KEYS : typing ? asked : [...asked, ...screen];

  useInput(
    (input, key) => {
      const pressed = pressedKey(input, key);
      if (details !== undefined) {
        // the details page has the keys until it is closed
        const action = actionFor(DETAILS_KEYS, pressed);
        if (action === 'close') return setDetails(undefined);
        if (action === 'line-up') return setDetails((d) => Math.max(0, (d ?? 0) - 1));
        if (action === 'line-down') return setDetails((d) => Math.min(lastDetailsTop, (d ?? 0) + 1));
        if (action === 'page-up') return setDetails((d) => Math.max(0, (d ?? 0) - detailsHeight));
        if (action === 'page-down') return setDetails((d) => Math.min(lastDetailsTop, (d ?? 0) + detailsHeight));
        if (pressed !== 'q') return;
      }
      const view = actionFor(screen, pressed);
      if (view === 'details') return setDetails(0);
      if (view === 'map') return setShowMap((x) => !x);
      if (state.finished) {
        if (actionFor(finishedKeys({ quit: state.finished.quit }), pressed) === 'exit') onQuit();
        return;
      }
      switch (q?.kind) {
        case 'step': {
          const action = actionFor(stepKeys(q, { expanded }), pressed);
          if (action === 'previous-manifest') return (setSelected((s) => Math.max(0, s - 1)), setScroll(0));
          if (action === 'next-manifest') return (setSelected((s) => Math.min(state.preview.length - 1, s + 1)), setScroll(0));
          if (action === 'scroll-up') return setScroll((s) => Math.max(0, s - 1));
          if (action === 'scroll-down') return setScroll((s) => s + 1);
          if (action === 'explain') return setExpanded((x) => !x);
          if (action) {
            if (action !== 'diff') resetView();
            store.answer(action);
          }
          return;
        }
        case 'failure':
        case 'rebind':
        case 'wait': {
          const action = actionFor(
            q.kind === 'failure' ? failureAnswers() : q.kind === 'rebind' ? rebindAnswers() : waitAnswers(),
            pressed,
          );
          if (action) store.answer(action);
          return;
        }
        case 'gateway-address': {
          const action = actionFor(gatewayAnswers(q), pressed);
          if (action === 'type') setTyping(true);
          else if (action) store.answer(action);
          return;
        }
        case undefined:
          return;
      }
    },
    { isActive: !typing },
  );

  const sideWidth = columns >= 100 ? 30 : 24;
  // what the right-hand column may use: its text is wrapped to this (see Paragraph)
  const bodyWidth = columns - sideWidth - 2;
  // once the step has run, its results take the place of the YAML the user has already read
  const ran = Boolean(state.failure || state.checks.length || state.log.length || state.busy);
  const previousLines =
    state.previous && state.previous.step !== state.current && !state.diff && !expanded ? (state.previous.checks.length ? 8 : 2) : 0;
  const yamlLines = Math.max(4, rows - 18 - previousLines);
  // the body gets an explicit height, counted from what the header and the key line take, so
  // that nothing in it can push the key line off the screen
  const headerRows = 1 + (state.rehearsal ? 1 : 0) + (notice && !state.previous ? wrapText(notice, columns).length : 0);
  const keyRows = wrapText(keyHintText(shownKeys, ascii), columns).length;
  const bodyRows = Math.max(3, rows - 1 - headerRows - keyRows - 1);
  const statuses: Partial<Record<StepId, StepStatus>> = Object.fromEntries(state.steps.map((s) => [s.id, s.status]));

  // header and key line always stay on screen; the body in between is cut to the rows left
  return (
    <Box flexDirection="column" width={columns}>
      <Box flexShrink={0}>
        <Text bold>crossmesh</Text>
        <Text dimColor>{state.total ? `  step ${state.index + 1} of ${state.total}` : ''}</Text>
      </Box>
      {state.rehearsal ? (
        <Text color={color('magenta')} bold wrap="truncate-end">
          REHEARSAL: nothing is applied{state.rehearsalReason ? <Text bold={false}> ({state.rehearsalReason})</Text> : null}
        </Text>
      ) : null}
      {notice && !state.previous ? (
        <Text dimColor wrap="wrap">
          {notice}
        </Text>
      ) : null}
      <Box flexDirection="column" height={bodyRows} flexShrink={0} overflow="hidden">
        {details !== undefined ? (
          <Details lines={detailTexts} offset={details} height={detailsHeight} />
        ) : showMap && config ? (
          <Box marginTop={1}>
            <Topology config={config} statuses={statuses} width={columns} height={Math.max(3, bodyRows - 1)} />
          </Box>
        ) : (
          <Box marginTop={1}>
            <StepList steps={state.steps} width={sideWidth} height={bodyRows - 1} />
            <Box flexDirection="column" width={columns - sideWidth - 1} flexShrink={0} marginLeft={1}>
              {state.previous && state.previous.step !== state.current && !ran && !state.diff && !expanded ? (
                <Box flexDirection="column" marginBottom={1} flexShrink={0}>
                  <Text color={color(state.previous.outcome === 'failed' ? 'red' : 'green')}>
                    Done: {state.previous.title} ({outcomeWord(state.previous.outcome)})
                  </Text>
                  {state.previous.checks.length ? <Checks results={state.previous.checks} maxLines={6} title={null} /> : null}
                </Box>
              ) : null}
              {step ? (
                <Preview
                  step={step}
                  items={state.preview}
                  selected={selected}
                  yamlLines={ran || state.diff ? 0 : yamlLines}
                  scroll={scroll}
                  expanded={expanded}
                  width={bodyWidth}
                />
              ) : (
                <Text dimColor>Starting{symbols.ellipsis}</Text>
              )}
              {state.diff ? (
                <Box flexDirection="column" marginTop={1} flexShrink={0}>
                  <Text bold>Live comparison</Text>
                  {state.diff
                    .split('\n')
                    .slice(0, 12)
                    .map((l, i) => (
                      <Text
                        key={i}
                        wrap="truncate-end"
                        color={color(l.startsWith('+') ? 'green' : l.startsWith('~') ? 'yellow' : l.startsWith('?') ? 'red' : '')}
                      >
                        {l}
                      </Text>
                    ))}
                </Box>
              ) : null}
              <ApplyLog lines={state.log} max={6} />
              {state.waiting ? (
                <Spinner
                  width={bodyWidth}
                  label={`${state.waiting.label} (${Math.round(state.waiting.elapsedMs / 1000)}s of ${Math.round(state.waiting.timeoutMs / 1000)}s)`}
                />
              ) : state.busy ? (
                <Spinner width={bodyWidth} label={state.busy} />
              ) : null}
              {state.failure && q?.kind === 'failure' ? <ErrorPanel failure={state.failure} width={bodyWidth} /> : null}
              <Checks results={state.checks} maxLines={Math.max(4, rows - 20)} />
              {q?.kind === 'gateway-address' && q.timedOut && !typing ? (
                <Paragraph
                  color={color('yellow')}
                  width={bodyWidth}
                  text={`No LoadBalancer address for ${q.meshName}'s gateway yet. Type one the other cluster can reach (a NodePort node address or a DNS name), skip the step, or quit.`}
                />
              ) : null}
              {q?.kind === 'gateway-address' && typing ? (
                <TextPrompt
                  label={`Address of ${q.meshName}'s gateway:`}
                  validate={(v) => (isAddress(v) ? undefined : 'an IP address or DNS name, without scheme or port')}
                  onSubmit={(address) => {
                    setTyping(false);
                    store.answer({ address });
                  }}
                  onCancel={() => setTyping(false)}
                />
              ) : null}
              {state.finished ? (
                <Paragraph color={color(state.finished.ok ? 'green' : 'red')} bold width={bodyWidth} text={state.finished.message} />
              ) : null}
            </Box>
          </Box>
        )}
      </Box>
      <Box flexShrink={0} marginTop={1}>
        <KeyHints bindings={shownKeys} />
      </Box>
    </Box>
  );
}
