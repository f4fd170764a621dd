/**
 * The text files of an MLflow file store (mlflow/store/tracking/file_store.py):
 * - meta.yaml, written by PyYAML's safe_dump from a flat dict: one `key: value` line per key,
 *   values plain, 'single-quoted' or "double-quoted" scalars (long ones folded onto indented
 *   continuation lines), null, or [] (a run's legacy `tags: []`). Anything else YAML can say
 *   (nesting, lists, anchors, tags, block scalars) is refused naming the line.
 * - metric files: one line per logged value, "timestamp value step" (ms, Python float text such
 *   as 0.25, 1e-05, nan, inf, -inf; int step). MLflow's own reader also takes the legacy two-field
 *   "timestamp value" (step 0), and so does this one.
 */

/** A value of meta.yaml: its text, and whether it was quoted (a quoted 'null' is a string). */
export interface YamlScalar {
  text: string;
  quoted: boolean;
}

export type MetaValue = YamlScalar | null | readonly [];

/** A meta.yaml that is not the flat subset MLflow writes; `line` is 1-based. */
export class MetaYamlError extends Error {
  override name = 'MetaYamlError';
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(detail);
  }
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*)|)$/;

/** The keys and values of an MLflow meta.yaml. */
export function parseMetaYaml(text: string): Map<string, MetaValue> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const meta = new Map<string, MetaValue>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#') || (i === 0 && line === '---')) {
      i++;
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match)
      throw new MetaYamlError(
        i + 1,
        `expected "key: value" starting at the first column, found ${JSON.stringify(line.slice(0, 60))}`,
      );
    const key = match[1];
    if (meta.has(key)) throw new MetaYamlError(i + 1, `the key "${key}" appears twice`);
    const first = (match[2] ?? '').trim();
    const start = i + 1;
    const parts = [first];
    i++;
    while (i < lines.length && /^[ \t]+\S/.test(lines[i])) parts.push(lines[i++]);
    meta.set(key, valueOf(key, parts, start));
  }
  return meta;
}

function valueOf(key: string, parts: string[], line: number): MetaValue {
  if (parts.some((p) => /^ *\t/.test(p)))
    throw new MetaYamlError(line, `"${key}" is indented with a tab, which YAML does not allow`);
  if (parts[0] === '' && parts.length > 1)
    throw new MetaYamlError(line, `"${key}" holds a nested block; MLflow writes flat values only`);
  if (parts[0] === '[]' && parts.length === 1) return [];
  const text = parts[0].startsWith('"')
    ? joinDoubleQuoted(parts)
    : parts.map((p) => p.trim()).join(' ');
  return scalarOf(key, text, line);
}

/** PyYAML folds a long double-quoted scalar with a trailing backslash (no space) or a plain
 * line break (one space). */
function joinDoubleQuoted(parts: string[]): string {
  let text = parts[0];
  for (const part of parts.slice(1)) {
    const escaped = /(^|[^\\])(\\\\)*\\$/.test(text);
    text = escaped ? text.slice(0, -1) + part.trimStart() : `${text} ${part.trim()}`;
  }
  return text;
}

function scalarOf(key: string, text: string, line: number): MetaValue {
  if (text.startsWith("'")) return { text: singleQuoted(key, text, line), quoted: true };
  if (text.startsWith('"')) return { text: doubleQuoted(key, text, line), quoted: true };
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL')
    return null;
  if (/^[[\]{}&*!|>%@`#,?-]/.test(text) && !/^-?\d/.test(text))
    throw new MetaYamlError(
      line,
      `"${key}" starts with "${text[0]}", YAML syntax MLflow's flat meta.yaml does not use`,
    );
  if (/: | #|:$/.test(text))
    throw new MetaYamlError(line, `"${key}" holds ": " or " #", which a plain YAML value cannot`);
  return { text, quoted: false };
}

function singleQuoted(key: string, text: string, line: number): string {
  const match = /^'((?:[^']|'')*)'$/.exec(text);
  if (!match)
    throw new MetaYamlError(line, `"${key}" has a single-quoted value that does not end with '`);
  return match[1].replaceAll("''", "'");
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

function doubleQuoted(key: string, text: string, line: number): string {
  const trailingBackslashes = /\\*$/.exec(text.slice(1, -1))?.[0].length ?? 0;
  if (text.length < 2 || !text.endsWith('"') || trailingBackslashes % 2 === 1)
    throw new MetaYamlError(line, `"${key}" has a double-quoted value that does not end with "`);
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') throw new MetaYamlError(line, `"${key}" has an unescaped " inside its value`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e !== undefined && Object.hasOwn(ESCAPES, e)) out += ESCAPES[e];
    else if (e !== undefined && Object.hasOwn(HEX_ESCAPES, e)) {
      const digits = body.slice(i + 1, i + 1 + HEX_ESCAPES[e]);
      if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== HEX_ESCAPES[e])
        throw new MetaYamlError(line, `"${key}" has a bad \\${e} escape`);
      out += String.fromCodePoint(parseInt(digits, 16));
      i += digits.length;
    } else throw new MetaYamlError(line, `"${key}" has an unknown escape \\${e ?? ''}`);
  }
  return out;
}

/** One line of a metric file. */
export interface MetricLine {
  timestampMs: number;
  value: number;
  step: number;
}

const INTEGER = /^[+-]?\d+$/;
/** Python's float(): decimal or exponent forms, and nan / inf / infinity in any case. */
const PY_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|nan|inf|infinity)$/i;

/** Parses "timestamp value [step]"; throws a sentence naming what is wrong. */
export function parseMetricLine(line: string): MetricLine {
  const fields = line.trim().split(' ');
  if (fields.length !== 2 && fields.length !== 3)
    throw new Error(
      `has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected "timestamp value step"`,
    );
  const [timestamp, value, step = '0'] = fields;
  return {
    timestampMs: integerOf(timestamp, 'timestamp'),
    value: floatOf(value),
    step: integerOf(step, 'step'),
  };
}

function integerOf(text: string, what: string): number {
  if (!INTEGER.test(text))
    throw new Error(`has a ${what} ${JSON.stringify(text)} that is not an integer`);
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new Error(`has a ${what} ${text} beyond ±2^53, which cannot be kept exactly`);
  return n;
}

function floatOf(text: string): number {
  if (!PY_FLOAT.test(text))
    throw new Error(`has a value ${JSON.stringify(text)} that is not a number`);
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity'))
    return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(text);
}
