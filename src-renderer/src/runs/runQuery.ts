/**
 * The Runs search box: free words plus field filters, e.g.
 *   `sigmoid status:completed,failed tag:saturated is:starred learningRate>=1 testAccuracy>90%`
 * A term `field<op>value` compares a metric or any dotted config path; op is one of
 * `>= <= != = > < :` (`:` and `=` both mean equals, matching the value's text form).
 * Percentages are read as fractions. Free words match name, tags, notes or `#id`.
 */
import type { RunSummary } from '../../../src-shared/contract/types';
import { fieldGetter, formatLeaf } from './runFields';

export type RunPredicate = (run: RunSummary) => boolean;

export interface ParsedRunQuery {
  predicate: RunPredicate;
  /** Terms that could not be read, each with the reason. */
  errors: string[];
}

const termPattern = /^([A-Za-z][\w.]*)(>=|<=|!=|=|>|<|:)(.*)$/;

const searchCache = new WeakMap<RunSummary, string>();
function searchText(run: RunSummary): string {
  let text = searchCache.get(run);
  if (text === undefined) {
    const tags = [...run.tags, ...(run.doctorTags ?? [])].join(' ');
    text = `#${run.id} ${run.name} ${tags} ${run.notes}`.toLowerCase();
    searchCache.set(run, text);
  }
  return text;
}

function parseNumber(text: string): number | null {
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1) : text);
  if (text === '' || !Number.isFinite(n)) return null;
  return percent ? n / 100 : n;
}

/** Equality against the value's text form (numbers compare as numbers when the term is one). */
function equality(read: (run: RunSummary) => unknown, raw: string): RunPredicate {
  const wanted = raw.toLowerCase().split(',');
  const num = parseNumber(raw);
  return (run) => {
    const v = read(run);
    if (typeof v === 'number') return num !== null ? v === num : wanted.includes(String(v));
    if (typeof v === 'string') return wanted.includes(v.toLowerCase());
    return wanted.includes(formatLeaf(v).toLowerCase());
  };
}

function comparison(field: string, op: string, raw: string): RunPredicate | string {
  const read = fieldGetter(field);
  if (op === ':' || op === '=') return equality(read, raw);
  if (op === '!=') {
    const matches = equality(read, raw);
    return (run) => !matches(run);
  }
  const limit = parseNumber(raw);
  if (limit === null) return `${field}${op}${raw}: expected a number after ${op}`;
  const test = {
    '>': (v: number) => v > limit,
    '<': (v: number) => v < limit,
    '>=': (v: number) => v >= limit,
    '<=': (v: number) => v <= limit,
  }[op as '>' | '<' | '>=' | '<='];
  return (run) => {
    const v = read(run);
    return typeof v === 'number' && test(v);
  };
}

function special(key: string, value: string): RunPredicate | null {
  const values = value.toLowerCase().split(',');
  if (key === 'tag')
    return (run) =>
      [...run.tags, ...(run.doctorTags ?? [])].some((t) => values.includes(t.toLowerCase()));
  if (key === 'is' && value === 'starred') return (run) => run.starred;
  return null;
}

function termPredicate(term: string): RunPredicate | string {
  const m = termPattern.exec(term);
  if (!m) {
    const word = term.toLowerCase();
    return (run) => searchText(run).includes(word);
  }
  const [, field, op, value] = m;
  if (op === ':') {
    const s = special(field, value);
    if (s) return s;
  }
  return comparison(field, op, value);
}

/** Parses the search box; the predicate ANDs every readable term. */
export function parseRunQuery(text: string): ParsedRunQuery {
  const predicates: RunPredicate[] = [];
  const errors: string[] = [];
  for (const term of text.trim().split(/\s+/).filter(Boolean)) {
    const p = termPredicate(term);
    if (typeof p === 'string') errors.push(p);
    else predicates.push(p);
  }
  return { predicate: (run) => predicates.every((p) => p(run)), errors };
}
