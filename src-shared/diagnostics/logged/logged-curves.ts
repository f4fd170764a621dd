/**
 * A logged run's curves by role: its metrics folded into one value per epoch (the value at the
 * epoch's last step) when it logged epochs, else one per step. Which key plays which role comes
 * from experiment/logged-keys.ts (loss → training cost, val_acc → validation accuracy, ...); a
 * role takes the first key in that list the run logged.
 */
import type { LoggedMetric, RunFinal } from '../../experiment/run';
import { roleOfKey, wellKnownKeys, type CurveRole } from '../../experiment/logged-keys';

export interface LoggedCurve {
  /** The key the run logged for this role. */
  key: string;
  x: number[];
  y: number[];
}

export interface LoggedCurves {
  axis: 'epoch' | 'step';
  roles: Partial<Record<CurveRole, LoggedCurve>>;
}

/** The key of `role` the run logged, in wellKnownKeys order (loss before cost). */
function keyFor(role: CurveRole, keys: readonly string[]): string | undefined {
  const ofRole = keys.filter((k) => roleOfKey(k) === role);
  const rank = (k: string) => wellKnownKeys[role].indexOf(k.toLowerCase());
  return ofRole.sort((a, b) => rank(a) - rank(b))[0];
}

function curveOf(metrics: readonly LoggedMetric[], key: string, axis: 'epoch' | 'step') {
  const byX = new Map<number, number>();
  for (const m of metrics) {
    if (m.key !== key) continue;
    const x = axis === 'epoch' ? m.epoch : m.step;
    if (x !== null) byX.set(x, m.value); // metrics come ordered by step: the last one wins
  }
  const x = [...byX.keys()].sort((a, b) => a - b);
  return { key, x, y: x.map((v) => byX.get(v) as number) };
}

export function loggedCurves(metrics: readonly LoggedMetric[]): LoggedCurves {
  const sorted = [...metrics].sort((a, b) => a.step - b.step);
  const axis = sorted.some((m) => m.epoch !== null) ? 'epoch' : 'step';
  const keys = [...new Set(sorted.map((m) => m.key))];
  const roles: LoggedCurves['roles'] = {};
  for (const role of Object.keys(wellKnownKeys) as CurveRole[]) {
    const key = keyFor(role, keys);
    if (key) roles[role] = curveOf(sorted, key, axis);
  }
  return { axis, roles };
}

/** A logged run's summary in the shape of a trained run's: the last training cost and accuracies,
 * the best validation accuracy and its epoch (null by step), from its curves of those roles. */
export function loggedFinal(curves: LoggedCurves): RunFinal {
  const last = (role: CurveRole) => {
    const y = curves.roles[role]?.y;
    return y?.length ? y[y.length - 1] : null;
  };
  const val = curves.roles.validationAccuracy;
  let best: number | null = null;
  let bestAt: number | null = null;
  val?.y.forEach((v, i) => {
    if (Number.isFinite(v) && (best === null || v > best)) [best, bestAt] = [v, val.x[i]];
  });
  const xs = Object.values(curves.roles).flatMap((c) => c.x);
  return {
    epochs: curves.axis === 'epoch' && xs.length ? Math.max(...xs) : 0,
    trainCost: last('trainCost'),
    validationAccuracy: last('validationAccuracy'),
    testAccuracy: last('testAccuracy'),
    testCost: last('testCost'),
    bestValidationAccuracy: best,
    bestEpoch: curves.axis === 'epoch' ? bestAt : null,
  };
}
