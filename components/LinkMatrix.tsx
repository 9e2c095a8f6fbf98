import React, { useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import type { CrossmeshConfig, LinkConfig, MeshConfig } from '../src/config/types.js';
import { actionFor, keyHintText, linkMatrixKeys, pressedKey, type LinkMatrixAction } from '../src/render/keymap.js';
import {
  calledMeshNames,
  canCall,
  chosenLinks,
  connectionStepTitles,
  fitList,
  linkKey,
  linkLabels,
  possibleLinks,
} from '../src/render/links.js';
import { wrapText } from '../src/tui/details.js';
import { KeyHints } from './KeyHints.js';
import { useColor, useTheme } from './theme.js';
import { useTerminalSize } from './useTerminalSize.js';

export interface LinkMatrixProps {
  /** the meshes, and the links the matrix starts from */
  config: CrossmeshConfig;
  /** the links chosen with Enter, or the configuration's own when the screen is left with Esc or q */
  onDone: (links: LinkConfig[]) => void;
}

const KEYS = linkMatrixKeys();
/** a cell's mark between its cursor brackets: "[●]" */
const CORE = 3;
/** longest mesh name shown in full in a row label */
const MAX_NAME = 20;
const CORNER = 'from \\ to';

interface Cursor {
  row: number;
  col: number;
}

interface MatrixState {
  cursor: Cursor | undefined;
  /** the first row and column in view, when the grid does not fit */
  top: number;
  left: number;
  chosen: ReadonlySet<string>;
  done?: 'confirm' | 'leave';
}

type Move = { dr: number; dc: number };
type MatrixEvent = { action: LinkMatrixAction; view: { rows: number; cols: number } };

const MOVES: Partial<Record<LinkMatrixAction, Move>> = {
  up: { dr: -1, dc: 0 },
  down: { dr: 1, dc: 0 },
  left: { dr: 0, dc: -1 },
  right: { dr: 0, dc: 1 },
};

/** Keeps `cursor` within the `visible` items that start at `first`, moving them as little as it can. */
function follow(first: number, cursor: number, visible: number, count: number): number {
  let f = Math.min(first, cursor);
  if (cursor >= f + visible) f = cursor - visible + 1;
  return Math.max(0, Math.min(f, count - visible));
}

/**
 * The next cell in the direction of `move`, over the diagonal (a mesh is no link to itself) and over
 * the rows of meshes that cannot call. Going up or down past the last row that has a cell in this
 * column lands on the nearest cell of the next row instead (with two meshes: the other link).
 */
function step(meshes: readonly MeshConfig[], cursor: Cursor, move: Move): Cursor {
  const n = meshes.length;
  const callable = (r: number) => r >= 0 && r < n && canCall(meshes[r]!);
  if (move.dc) {
    for (let c = cursor.col + move.dc; c >= 0 && c < n; c += move.dc) if (c !== cursor.row) return { row: cursor.row, col: c };
    return cursor;
  }
  for (let r = cursor.row + move.dr; r >= 0 && r < n; r += move.dr) if (callable(r) && r !== cursor.col) return { row: r, col: cursor.col };
  for (let r = cursor.row + move.dr; r >= 0 && r < n; r += move.dr)
    if (callable(r)) return { row: r, col: cursor.col + 1 < n ? cursor.col + 1 : cursor.col - 1 };
  return cursor;
}

function firstCell(meshes: readonly MeshConfig[]): Cursor | undefined {
  const row = meshes.findIndex(canCall);
  if (row < 0 || meshes.length < 2) return undefined;
  return { row, col: row === 0 ? 1 : 0 };
}

function reducer(meshes: readonly MeshConfig[], initial: ReadonlySet<string>) {
  return (state: MatrixState, { action, view }: MatrixEvent): MatrixState => {
    if (state.done) return state;
    const { cursor } = state;
    const move = MOVES[action];
    if (move && cursor) {
      const next = step(meshes, cursor, move);
      return {
        ...state,
        cursor: next,
        top: follow(state.top, next.row, view.rows, meshes.length),
        left: follow(state.left, next.col, view.cols, meshes.length),
      };
    }
    switch (action) {
      case 'toggle': {
        if (!cursor) return state;
        const key = linkKey({ from: meshes[cursor.row]!.key, to: meshes[cursor.col]!.key });
        const chosen = new Set(state.chosen);
        if (!chosen.delete(key)) chosen.add(key);
        return { ...state, chosen };
      }
      case 'all':
        return { ...state, chosen: new Set(possibleLinks(meshes).map(linkKey)) };
      case 'none':
        return { ...state, chosen: new Set() };
      case 'confirm':
        return { ...state, done: 'confirm' };
      case 'leave':
        return { ...state, chosen: initial, done: 'leave' };
      default:
        return state;
    }
  };
}

/** What a person reads for one cell: its mark, in brackets when the cursor is on it. */
function cellText(mark: string, width: number, current: boolean): string {
  const core = current ? `[${mark}]` : ` ${mark} `;
  const before = Math.floor((width - CORE) / 2);
  return ' '.repeat(before) + core + ' '.repeat(width - CORE - before);
}

/** What the cell under the cursor means, shortened to the bare state when the names make the sentence too long. */
function cellMeaning(from: string, to: string, linked: boolean, width: number): string {
  const state = `${from} -> ${to}: ${linked ? 'linked' : 'not linked'}`;
  const full = linked ? `${state}, ${from} may call ${to} through ${to}'s gateway` : `${state}, ${from} cannot call ${to}`;
  return full.length <= width ? full : state;
}

function centred(text: string, width: number): string {
  const before = Math.floor((width - text.length) / 2);
  return (' '.repeat(Math.max(0, before)) + text).padEnd(width);
}

function cut(text: string, width: number, ellipsis: string): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - ellipsis.length))}${ellipsis}`;
}

/**
 * The links between meshes as a grid: a row's mesh calls a column's mesh. Arrows move over the
 * cells (never onto the diagonal), Space links or unlinks, a and n link all or none; Enter takes
 * the links, Esc or q leaves them as they were. Below the grid: what the choice means and the steps
 * that will connect the meshes. A grid wider or taller than the terminal scrolls with the cursor,
 * and numbers its columns when the names do not fit above them.
 */
export function LinkMatrix({ config, onDone }: LinkMatrixProps) {
  const { meshes } = config;
  const color = useColor();
  const { symbols, ascii } = useTheme();
  const { rows, columns } = useTerminalSize();
  const initial = useMemo(() => new Set(config.links.map(linkKey)), [config.links]);
  const reduce = useMemo(() => reducer(meshes, initial), [meshes, initial]);
  const [state, dispatch] = useReducer(reduce, undefined, () => ({ cursor: firstCell(meshes), top: 0, left: 0, chosen: initial }));
  const links = useMemo(() => chosenLinks(meshes, config.links, state.chosen), [meshes, config.links, state.chosen]);
  const possible = useMemo(() => possibleLinks(meshes).length, [meshes]);

  // once: a parent that draws again hands over a new onDone, which must not report the choice twice
  const reported = useRef(false);
  useEffect(() => {
    if (!state.done || reported.current) return;
    reported.current = true;
    onDone(state.done === 'leave' ? config.links : links);
  }, [state.done, onDone, config.links, links]);

  // the grid's geometry: names above the columns when they fit, numbers (and numbered rows) otherwise
  const n = meshes.length;
  const longest = Math.max(0, ...meshes.map((m) => m.name.length));
  const nameWidth = Math.min(longest, MAX_NAME);
  const namedWidth = Math.max(5, longest + 2);
  const named = longest <= 12 && 2 + nameWidth + 2 + n * namedWidth + 1 <= columns;
  const cellWidth = named ? namedWidth : Math.max(4, String(n).length + 2);
  const numberWidth = named ? 0 : String(n).length + 1;
  const labelWidth = Math.max(2 + numberWidth + nameWidth + 2, named ? CORNER.length + 2 : 0);
  const viewCols = Math.max(1, Math.min(n, Math.floor((columns - labelWidth - 1) / cellWidth)));
  const cannotCall = meshes.filter((m) => !canCall(m)).map((m) => m.name);
  const help = [
    "A row's mesh may call a column's mesh, through the called mesh's gateway.",
    ...(cannotCall.length ? [`Dimmed rows run no clients, so they call no mesh: ${cannotCall.join(', ')}.`] : []),
  ];
  const keyRows = wrapText(keyHintText(KEYS, ascii), columns).length;
  const helpRows = help.reduce((sum, line) => sum + wrapText(line, columns).length, 0);
  // title, help, a blank line, the column header, the grid, a blank line, four lines of meaning, a blank line, the keys
  const viewRows = Math.max(1, Math.min(n, rows - (1 + helpRows + 1 + 1 + 1 + 4 + 1 + keyRows)));
  const cursor = state.cursor;
  const top = cursor ? follow(state.top, cursor.row, viewRows, n) : 0;
  const left = cursor ? follow(state.left, cursor.col, viewCols, n) : 0;
  const view = { rows: viewRows, cols: viewCols };

  useInput((input, key) => {
    const action = actionFor(KEYS, pressedKey(input, key));
    if (action) dispatch({ action, view });
  });

  const colRange = Array.from({ length: Math.min(viewCols, n - left) }, (_, i) => left + i);
  const rowRange = Array.from({ length: Math.min(viewRows, n - top) }, (_, i) => top + i);
  const moreLeft = left > 0;
  const moreRight = left + viewCols < n;
  const header = (c: number) => centred(named ? meshes[c]!.name : String(c + 1), cellWidth);
  const corner = named ? CORNER : '';
  const headerLabel = `${corner.padEnd(labelWidth - 1)}${moreLeft ? symbols.left : ' '}`;
  const cursorCol = cursor?.col;

  const rowLabel = (r: number) => {
    const mark =
      cursor?.row === r
        ? symbols.current
        : r === top && top > 0
          ? symbols.above
          : r === top + viewRows - 1 && r < n - 1
            ? symbols.below
            : ' ';
    const number = named ? '' : `${String(r + 1).padStart(numberWidth - 1)} `;
    return `${mark.padEnd(2)}${number}${cut(meshes[r]!.name, nameWidth, symbols.ellipsis)}`.padEnd(labelWidth);
  };
  const cell = (r: number, c: number, current: boolean) => {
    const mark =
      r === c
        ? symbols.self
        : !canCall(meshes[r]!)
          ? ' '
          : state.chosen.has(linkKey({ from: meshes[r]!.key, to: meshes[c]!.key }))
            ? symbols.linked
            : symbols.unlinked;
    return cellText(mark, cellWidth, current);
  };

  const from = cursor ? meshes[cursor.row]! : undefined;
  const to = cursor ? meshes[cursor.col]! : undefined;
  const linked = from && to ? state.chosen.has(linkKey({ from: from.key, to: to.key })) : false;
  const chosenConfig = useMemo(() => ({ ...config, links }), [config, links]);
  const labels = useMemo(() => linkLabels(chosenConfig), [chosenConfig]);
  const called = useMemo(() => calledMeshNames(chosenConfig), [chosenConfig]);
  const titles = useMemo(() => connectionStepTitles(chosenConfig), [chosenConfig]);

  return (
    <Box flexDirection="column" width={columns}>
      <Text bold wrap="truncate-end">
        Links: which mesh may call which ({links.length} of {possible})
      </Text>
      {help.map((line) => (
        <Text key={line} dimColor wrap="wrap">
          {line}
        </Text>
      ))}
      {cursor ? (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">
            {headerLabel}
            {colRange.map((c) => (
              <Text key={c} bold={c === cursorCol} color={color(c === cursorCol ? 'cyan' : '')}>
                {header(c)}
              </Text>
            ))}
            {moreRight ? symbols.right : ''}
          </Text>
          {rowRange.map((r) => {
            const here = cursor.row === r;
            const label = rowLabel(r);
            if (!here)
              return (
                <Text key={r} dimColor={!canCall(meshes[r]!)} wrap="truncate-end">
                  {label}
                  {colRange.map((c) => cell(r, c, false)).join('')}
                </Text>
              );
            const before = colRange.filter((c) => c < cursor.col);
            const after = colRange.filter((c) => c > cursor.col);
            return (
              <Text key={r} wrap="truncate-end">
                <Text bold color={color('cyan')}>
                  {label}
                </Text>
                {before.map((c) => cell(r, c, false)).join('')}
                <Text bold color={color('cyan')}>
                  {cell(r, cursor.col, true)}
                </Text>
                {after.map((c) => cell(r, c, false)).join('')}
              </Text>
            );
          })}
        </Box>
      ) : (
        <Box marginTop={1}>
          <Text wrap="wrap">
            No link is possible: links need two meshes, and a calling mesh needs clients. Enter or Esc goes on without links.
          </Text>
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        <Text wrap="truncate-end" color={color(linked ? 'green' : '')}>
          {from && to ? cellMeaning(from.name, to.name, linked, columns) : ' '}
        </Text>
        <Text wrap="truncate-end">
          {labels.length
            ? fitList(`${labels.length} link${labels.length === 1 ? '' : 's'}: `, labels, columns)
            : 'No links: every mesh stays isolated from the others.'}
        </Text>
        <Text wrap="truncate-end">
          {called.length ? fitList('Each called mesh gets a gateway: ', called, columns) : 'No mesh is called, so no gateway is made.'}
        </Text>
        <Text wrap="truncate-end" dimColor>
          {titles.length ? fitList('The step list follows: ', titles, columns) : 'The step list follows: no step connects meshes.'}
        </Text>
      </Box>
      <Box marginTop={1}>
        <KeyHints bindings={KEYS} />
      </Box>
    </Box>
  );
}
