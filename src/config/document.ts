/**
 * Reading crossmesh.yaml as YAML, in time linear in its size and without deep recursion: nesting is
 * measured on the library's syntax tree before it builds (recursively) the document; duplicate keys and
 * aliases are checked in one pass of our own (the library's duplicate-key check compares each key with
 * every earlier one, and its alias count walks the whole document once per alias); lines are found
 * through an index.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isNode, isPair, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';
import { MAX_ALIASES, MAX_ALIAS_COPIES, MAX_NESTING, clip, quote } from './limits.js';

/** A problem with the file as YAML, before any setting is looked at. */
export interface YamlProblem {
  path: '(yaml)';
  message: string;
  line?: number;
}

export type ReadYaml = { ok: true; value: unknown; lineOf: (path: string) => number | undefined } | { ok: false; problems: YamlProblem[] };

const NESTED_TOO_DEEPLY = `nests lists or mappings too deeply: crossmesh reads at most ${MAX_NESTING} levels, and its settings need four`;
const ALIAS_BOMB =
  'uses aliases (*name) that would repeat the values of their anchors (&name) too many times, as a "billion laughs" document does: write the settings out instead of repeating them through aliases';

export function readYaml(text: string): ReadYaml {
  const lines = new LineCounter();
  const lineAt = (offset: number): number => lines.linePos(offset).line;
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const tooDeep = offsetBeyondNesting(tokens, MAX_NESTING);
  if (tooDeep !== undefined) return { ok: false, problems: [{ path: '(yaml)', message: NESTED_TOO_DEEPLY, line: lineAt(tooDeep) }] };
  const docs = composeDocuments(tokens, text.length);
  if (docs.length > 1) {
    const second = docs[1]!.range[0];
    return {
      ok: false,
      problems: [
        {
          path: '(yaml)',
          message: 'holds a second YAML document (after a "---" line): crossmesh reads one, so remove the rest',
          line: lineAt(second),
        },
      ],
    };
  }
  const doc = docs[0]!;
  if (doc.errors.length) return { ok: false, problems: syntaxProblems(doc, lineAt) };
  const shape = documentShape(doc);
  if (shape.duplicates.length) {
    return {
      ok: false,
      problems: shape.duplicates.map((d) => ({
        path: '(yaml)',
        message: `is not valid YAML: Map keys must be unique, and ${quote(d.key)} is already set on line ${lineAt(d.firstOffset)}`,
        line: lineAt(d.offset),
      })),
    };
  }
  if (shape.aliases > MAX_ALIASES) {
    return {
      ok: false,
      problems: [
        {
          path: '(yaml)',
          message: `uses ${shape.aliases} aliases (*name); crossmesh reads at most ${MAX_ALIASES}: write the settings out instead`,
          line: lineAt(shape.firstAliasOffset),
        },
      ],
    };
  }
  if (shape.copiedNodes > MAX_ALIAS_COPIES)
    return { ok: false, problems: [{ path: '(yaml)', message: ALIAS_BOMB, line: lineAt(shape.firstAliasOffset) }] };
  const value = toPlainValue(doc);
  if (!value.ok) return { ok: false, problems: [{ path: '(yaml)', message: value.message }] };
  const positions = keyPositions(doc);
  return { ok: true, value: value.value, lineOf: (path) => lineOfPath(positions, path, lineAt) };
}

/** Where lists and mappings first nest deeper than `max`, found without recursion; undefined when they never do. */
function offsetBeyondNesting(tokens: CST.Token[], max: number): number | undefined {
  const pending = tokens.map((token) => ({ token, depth: 0 }));
  while (pending.length) {
    const { token, depth } = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > max) return token.offset;
    for (const item of token.items) {
      if (item.key) pending.push({ token: item.key, depth: depth + 1 });
      if (item.value) pending.push({ token: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * The first document of the syntax tree, and the second when there is one. uniqueKeys is off because its
 * check is quadratic (duplicateKeys does it in one pass); logLevel 'error' keeps the library from printing
 * Node warnings (e.g. about a list as a key).
 */
function composeDocuments(tokens: CST.Token[], length: number): Document.Parsed[] {
  const docs: Document.Parsed[] = [];
  for (const doc of new Composer({ uniqueKeys: false, logLevel: 'error' }).compose(tokens, true, length)) {
    docs.push(doc);
    if (docs.length === 2) break;
  }
  return docs;
}

function syntaxProblems(doc: Document, lineAt: (offset: number) => number): YamlProblem[] {
  const problems: YamlProblem[] = [];
  let toldNesting = false;
  for (const e of doc.errors) {
    // the library reports a stack overflow while composing deeply nested collections this way
    if (e.code === 'RESOURCE_EXHAUSTION') {
      if (!toldNesting) problems.push({ path: '(yaml)', message: NESTED_TOO_DEEPLY, line: lineAt(e.pos[0]) });
      toldNesting = true;
      continue;
    }
    problems.push({ path: '(yaml)', message: `is not valid YAML: ${clip(e.message.split('\n')[0] ?? '')}`, line: lineAt(e.pos[0]) });
  }
  return problems;
}

interface DocumentShape {
  aliases: number;
  firstAliasOffset: number;
  /** values the aliases would repeat, counted as nodes: a "billion laughs" repeats billions */
  copiedNodes: number;
  duplicates: Array<{ key: string; offset: number; firstOffset: number }>;
}

type Frame = { node?: Node; children: unknown[]; next: number; nodes: number };

/**
 * Aliases, what they would copy, and duplicate keys, in one walk of the document in order, without recursion.
 * An alias copies the last node before it with its anchor; that node's count includes what its own aliases copy.
 */
function documentShape(doc: Document): DocumentShape {
  const shape: DocumentShape = { aliases: 0, firstAliasOffset: Infinity, copiedNodes: 0, duplicates: [] };
  const anchors = new Map<string, Node>();
  /** nodes under each anchored node (itself included, aliases copied), once its end is reached */
  const anchoredNodes = new Map<Node, number>();
  const enter = (value: unknown): Frame => {
    if (!isNode(value)) return { children: [], next: 0, nodes: 1 };
    if (value.anchor) anchors.set(value.anchor, value);
    if (isAlias(value)) {
      shape.aliases++;
      shape.firstAliasOffset = Math.min(shape.firstAliasOffset, value.range?.[0] ?? 0);
    }
    if (isMap(value)) for (const duplicate of duplicateKeys(value.items)) shape.duplicates.push(duplicate);
    return { node: value, children: childrenOf(value), next: 0, nodes: 1 };
  };
  const stack = [enter(doc.contents)];
  while (stack.length) {
    const top = stack.at(-1)!;
    if (top.next < top.children.length) {
      stack.push(enter(top.children[top.next++]));
      continue;
    }
    stack.pop();
    let nodes = top.nodes;
    if (isAlias(top.node)) {
      // an alias inside its own anchor (a cycle) copies nothing: the library links to the same value
      const target = anchors.get(top.node.source);
      nodes = (target && anchoredNodes.get(target)) ?? 1;
      shape.copiedNodes += nodes;
    }
    if (top.node?.anchor) anchoredNodes.set(top.node, nodes);
    const parent = stack.at(-1);
    if (parent) parent.nodes += nodes;
  }
  return shape;
}

function childrenOf(node: Node): unknown[] {
  const items: unknown[] = isMap(node) || isSeq(node) ? node.items : [];
  return items.flatMap((item) => (isPair(item) ? [item.key, item.value] : [item]));
}

/** Keys given twice in one mapping, compared as the yaml library compares them (scalar values). */
function duplicateKeys(pairs: ReadonlyArray<{ key: unknown }>): DocumentShape['duplicates'] {
  const seen = new Map<unknown, number>();
  const out: DocumentShape['duplicates'] = [];
  for (const { key } of pairs) {
    if (!isScalar(key)) continue;
    const offset = key.range?.[0] ?? 0;
    const first = seen.get(key.value);
    if (first === undefined) seen.set(key.value, offset);
    else out.push({ key: String(key.value), offset, firstOffset: first });
  }
  return out;
}

/**
 * The document as plain data. maxAliasCount -1 turns off the library's own alias-bomb check, which walks the
 * whole document again for each alias; documentShape has counted what the aliases copy.
 */
function toPlainValue(doc: Document): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: -1 }) };
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, message: NESTED_TOO_DEEPLY };
    return { ok: false, message: `cannot be read: ${clip(err instanceof Error ? err.message : String(err))}` };
  }
}

/** Settings are at most this many keys or list items deep (meshes.mesh1.gateway.port, meshes[0].gateway.port). */
const SETTING_PATH_DEPTH = 5;

type KeyPosition = { key: number; value?: number };

/**
 * Where each key and list item of the first few levels is, by path as problems name them (echo.port,
 * meshes[0].home), so that a problem can name its line. Lists at the top level are not indexed: a
 * file that is a list is one problem, with no line.
 */
function keyPositions(doc: Document): Map<string, KeyPosition> {
  const positions = new Map<string, KeyPosition>();
  const pending: Array<{ node: unknown; path: string; level: number }> = [{ node: doc.contents, path: '', level: 0 }];
  for (let next = 0; next < pending.length; next++) {
    const { node, path, level } = pending[next]!;
    if (level >= SETTING_PATH_DEPTH) continue;
    if (isSeq(node) && path) {
      node.items.forEach((item, i) => {
        if (!isNode(item) || !item.range) return;
        const itemPath = `${path}[${i}]`;
        positions.set(itemPath, { key: item.range[0], value: item.range[0] });
        pending.push({ node: item, path: itemPath, level: level + 1 });
      });
      continue;
    }
    if (!isMap(node)) continue;
    for (const { key, value } of node.items) {
      if (!isScalar(key) || !key.range) continue;
      const keyPath = path ? `${path}.${String(key.value)}` : String(key.value);
      if (positions.has(keyPath)) continue;
      positions.set(keyPath, { key: key.range[0], ...(isNode(value) && value.range ? { value: value.range[0] } : {}) });
      pending.push({ node: value, path: keyPath, level: level + 1 });
    }
  }
  return positions;
}

/** The path of the mapping or list that holds `path`'s last key or item, or undefined at the top. */
function parentPath(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut > 0 ? path.slice(0, cut) : undefined;
}

/** The line of the key a problem names, or else of the contents of the nearest mapping or list item that is in the file. */
function lineOfPath(positions: Map<string, KeyPosition>, path: string, lineAt: (offset: number) => number): number | undefined {
  if (path.startsWith('(')) return undefined;
  const own = positions.get(path);
  if (own) return lineAt(own.key);
  for (let parent = parentPath(path); parent !== undefined; parent = parentPath(parent)) {
    const at = positions.get(parent)?.value;
    if (at !== undefined) return lineAt(at);
  }
  return undefined;
}
