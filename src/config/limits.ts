/**
 * Bounds on what crossmesh reads from crossmesh.yaml and on how much of it an error message repeats,
 * so that a damaged or hostile file always ends in a short message, quickly.
 */

/**
 * Larger files are refused before they are parsed. A configuration is a few kilobytes; the yaml library reads
 * about a quarter of a million list items a second here, so 256 KiB of the worst kind takes under a second.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Every setting is a short name, address, image or duration; longer strings are refused. */
export const MAX_SETTING_CHARS = 1000;
/** How much of a value a message quotes. */
export const MAX_QUOTED_CHARS = 60;
/** Lists and mappings deeper than this are refused; the settings themselves need four levels. */
export const MAX_NESTING = 64;
/** Aliases (*name) are allowed, but a configuration never needs many, nor to repeat much through them. */
export const MAX_ALIASES = 100;
export const MAX_ALIAS_COPIES = 10_000;
/** How many problems, and how many characters of them, one message lists. */
export const MAX_SHOWN_PROBLEMS = 20;
export const MAX_LISTING_CHARS = 3000;
/** No single line of a message is longer than this. */
export const MAX_LINE_CHARS = 240;

/** Cuts text to at most `max` characters, ending in "…"; never splits a surrogate pair. */
export function clip(text: string, max = MAX_LINE_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  return `${text.slice(0, end)}…`;
}

/** Control characters (C0, DEL, C1) and invisible or direction-changing ones, which a terminal should not get raw. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Text with every unprintable character written as a \uXXXX escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value as a message shows it: in JSON quotes with unprintable characters escaped, and cut when long. */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED_CHARS) return printable(JSON.stringify(value));
  return `${printable(JSON.stringify(clip(value, MAX_QUOTED_CHARS)))} (${value.length.toLocaleString('en-US')} characters)`;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is not plain text (a control character, half of a surrogate pair), or undefined. */
export function plainTextProblem(value: string): string | undefined {
  const control = value.search(CONTROL_CHARACTER);
  if (control >= 0)
    return `contains the control character ${codePoint(value, control)} at character ${control + 1}: write the value without it`;
  const lone = value.search(LONE_SURROGATE);
  if (lone >= 0) return `contains half of a Unicode surrogate pair (${codePoint(value, lone)}) at character ${lone + 1}: it is not text`;
  return undefined;
}

function codePoint(value: string, index: number): string {
  return `U+${value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
}
