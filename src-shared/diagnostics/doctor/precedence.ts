/**
 * The doctor never gives two findings that pull one config field opposite ways. Each finding
 * declares its changes (Finding.changes); when two findings' changes contradict, the one with
 * precedence stands and the other gives way. Precedence, highest first:
 *   1. findings that name why training goes wrong — divergence, large-learning-rate,
 *      exploding-weights — over those that describe a symptom;
 *   2. then the more severe;
 *   3. then the rule met first in the rules' order (setup before symptoms).
 * Giving way: a finding that moves a field in the opposite direction is dropped (its reading of
 * the run is wrong: "η too small" beside "η too large"); one that sets a field to another value
 * keeps its diagnosis but defers its suggestion to the finding with precedence.
 */
import type { RunConfig } from '../../experiment/config';
import { sameValue, setPath } from '../../base/values';
import type { ConfigChange, Finding } from '../../base/findings';
import { severityRank } from './severity';

export const CAUSE_RULES: readonly string[] = [
  'divergence',
  'large-learning-rate',
  'exploding-weights',
];

function overlaps(a: ConfigChange, b: ConfigChange): boolean {
  return (
    a.field === b.field || a.field.startsWith(`${b.field}.`) || b.field.startsWith(`${a.field}.`)
  );
}

/** How two changes contradict: "opposite" directions on one number, or "other-value" when
 * applying them in either order gives different configs; null when they agree. */
export function contradiction(
  a: ConfigChange,
  b: ConfigChange,
  config: RunConfig,
): 'opposite' | 'other-value' | null {
  if (!overlaps(a, b)) return null;
  if (a.direction !== 'set' && b.direction !== 'set')
    return a.direction === b.direction ? null : 'opposite';
  const base = config as unknown as Record<string, unknown>;
  const apply = (x: ConfigChange, y: ConfigChange) =>
    setPath(setPath(base, x.field, x.value), y.field, y.value);
  return sameValue(apply(a, b), apply(b, a)) ? null : 'other-value';
}

function worstContradiction(a: Finding, b: Finding, config: RunConfig) {
  const kinds = (a.changes ?? []).flatMap((x) =>
    (b.changes ?? []).map((y) => contradiction(x, y, config)),
  );
  return kinds.includes('opposite')
    ? 'opposite'
    : kinds.includes('other-value')
      ? 'other-value'
      : null;
}

/** Sort key: cause rules first, then severity, then the rules' order. */
function precedence(order: readonly string[]) {
  const cause = (f: Finding) => (CAUSE_RULES.includes(f.rule) ? 0 : 1);
  return (a: Finding, b: Finding) =>
    cause(a) - cause(b) ||
    severityRank[b.severity] - severityRank[a.severity] ||
    order.indexOf(a.rule) - order.indexOf(b.rule);
}

/** The finding without its own suggestion, pointing to the one whose change comes first. */
function deferredTo(loser: Finding, winner: Finding): Finding {
  const { fix: _fix, changes: _changes, ...rest } = loser;
  return {
    ...rest,
    suggestion:
      `Start with the finding "${winner.title}": its change (${winner.fix?.label ?? 'see there'}) ` +
      'comes first, and this one proposed a different value for the same setting.',
  };
}

/** `findings` with every contradiction resolved by precedence (see the header); `order` is the
 * rules' order. The result keeps the input order. */
export function resolveContradictions(
  findings: Finding[],
  config: RunConfig,
  order: readonly string[],
): Finding[] {
  const kept = new Map<Finding, Finding>();
  for (const f of [...findings].sort(precedence(order))) {
    const winners = [...kept.values()];
    const opposed = winners.find((w) => worstContradiction(w, f, config) === 'opposite');
    if (opposed) continue;
    const other = winners.find((w) => worstContradiction(w, f, config) === 'other-value');
    kept.set(f, other ? deferredTo(f, other) : f);
  }
  return findings.filter((f) => kept.has(f)).map((f) => kept.get(f) as Finding);
}
