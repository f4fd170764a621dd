/**
 * The doctor for a logged run: no layer statistics, weights or config of ours, only the curves
 * its loop logged. From those it judges divergence (a cost that overflowed or keeps rising),
 * a chance plateau (accuracy never above what guessing gives, when the run names its number of
 * classes) and overfitting (validation cost rising while training cost falls), with the same
 * thresholds as the rules for runs trained here, and always says it cannot see inside the
 * network. Its findings propose no config change: the config is the user's own code.
 */
import type { Finding } from '../../base/findings';
import type { LoggedMetric } from '../../experiment/run';
import { chanceLimit } from '../doctor/chance-plateau';
import { num, percent } from '../doctor/wording';
import { loggedCurves, type LoggedCurve, type LoggedCurves } from './logged-curves';

export { loggedCurves, loggedFinal } from './logged-curves';

export interface LoggedDiagnoseInput {
  metrics: readonly LoggedMetric[];
  /** The params as logged: the number of classes is read from num_classes, n_classes or classes. */
  params: Readonly<Record<string, unknown>>;
}

const at = (c: LoggedCurves, x: number) => `${c.axis} ${x}`;
/** A finding's epoch: the curve's x by epoch; by step it has none (0), the step is in the text. */
const epochOf = (c: LoggedCurves, x: number) => (c.axis === 'epoch' ? x : 0);

function diverged(c: LoggedCurves): Finding | null {
  for (const curve of [c.roles.trainCost, c.roles.validationCost]) {
    const i = curve ? curve.y.findIndex((v) => !Number.isFinite(v)) : -1;
    if (curve && i >= 0)
      return divergenceFinding(
        epochOf(c, curve.x[i]),
        `At ${at(c, curve.x[i])} the logged "${curve.key}" became ${num(curve.y[i])}: the numbers overflowed.`,
        { [curve.key]: String(curve.y[i]), [c.axis]: curve.x[i] },
      );
  }
  const cost = c.roles.trainCost;
  if (!cost) return null;
  let rises = 0;
  for (let i = cost.y.length - 1; i > 0 && cost.y[i] > cost.y[i - 1]; i--) rises++;
  const from = cost.y[cost.y.length - 1 - rises];
  const to = cost.y[cost.y.length - 1];
  if (rises < 3 || !(to >= from * 1.1)) return null;
  const first = cost.x[cost.x.length - 1 - rises];
  return divergenceFinding(
    epochOf(c, cost.x[cost.x.length - rises]),
    `The logged "${cost.key}" rose at each of the last ${rises} ${c.axis}s, from ${num(from)} at ${at(c, first)} to ${num(to)}.`,
    { rises, costFrom: from, costTo: to },
  );
}

function divergenceFinding(epoch: number, what: string, evidence: Finding['evidence']): Finding {
  return {
    rule: 'divergence',
    severity: 'error',
    epoch,
    title: 'Training diverged',
    message: `${what} Updates that overshoot the bottom of the cost valley make the cost climb instead of fall.`,
    evidence,
    suggestion: 'Lower the learning rate (try 10× smaller) in your training loop.',
    changes: [],
  };
}

const classKeys = ['num_classes', 'n_classes', 'classes'];

function classesOf(params: LoggedDiagnoseInput['params']): number | null {
  const k = classKeys.map((key) => params[key]).find((v) => typeof v === 'number');
  return typeof k === 'number' && Number.isInteger(k) && k >= 2 ? k : null;
}

function atChance(c: LoggedCurves, classes: number | null): Finding | null {
  const acc = c.roles.validationAccuracy ?? c.roles.trainAccuracy;
  if (!acc || classes === null || acc.y.length < 3) return null;
  if (!acc.y.every((v) => v <= chanceLimit(classes))) return null;
  const last = acc.y[acc.y.length - 1];
  const x = acc.x[acc.x.length - 1];
  return {
    rule: 'chance-plateau',
    severity: 'warning',
    epoch: epochOf(c, x),
    title: 'Accuracy is stuck at chance',
    message:
      `Up to ${at(c, x)} the logged "${acc.key}" never rose above ${percent(chanceLimit(classes))} and is ` +
      `${percent(last)}: about what guessing gives with ${classes} classes (${percent(1 / classes)}). ` +
      'The network has not learned anything about the input yet.',
    evidence: { accuracy: last, chance: 1 / classes, at: x },
    suggestion:
      'Check the usual causes in your loop: saturated units from a large weight init, a learning rate far ' +
      'too small or too large, labels that do not match the inputs.',
    changes: [],
  };
}

function overfit(c: LoggedCurves): Finding | null {
  const val = c.roles.validationCost;
  const train = c.roles.trainCost;
  if (!val || !train || val.y.length < 4) return null;
  const best = val.y.reduce((b, v, i) => (v < val.y[b] ? i : b), 0);
  const latest = val.y.length - 1;
  const trainAt = (x: number) => valueAtOrBefore(train, x);
  const [min, now] = [val.y[best], val.y[latest]];
  const [trainBest, trainNow] = [trainAt(val.x[best]), trainAt(val.x[latest])];
  if (latest - best < 3 || now < min * 1.02 || trainBest === null || trainNow === null) return null;
  if (!(trainNow < trainBest)) return null;
  return {
    rule: 'overfitting',
    severity: now >= min * 1.05 ? 'warning' : 'info',
    epoch: epochOf(c, val.x[latest]),
    title: 'The network is overfitting',
    message:
      `Since ${at(c, val.x[best])}, the logged "${val.key}" rose from ${num(min)} to ${num(now)} while ` +
      `"${train.key}" kept falling (${num(trainBest)} → ${num(trainNow)}): the network is learning ` +
      'peculiarities of its training examples that do not carry over to new ones.',
    evidence: { bestAt: val.x[best], latestAt: val.x[latest] },
    suggestion: `Regularize (weight decay, dropout), stop early, or use more data; the best point so far is ${at(c, val.x[best])}.`,
    changes: [],
  };
}

/** The last value of `curve` at or before x (curves of one run may be logged at different steps). */
function valueAtOrBefore(curve: LoggedCurve, x: number): number | null {
  let value: number | null = null;
  curve.x.forEach((cx, i) => {
    if (cx <= x) value = curve.y[i];
  });
  return value;
}

/** What this doctor read and what it could not, as a finding of severity info. */
function blindSpot(c: LoggedCurves, classes: number | null): Finding {
  const read = Object.entries(c.roles).map(([role, curve]) => `"${curve.key}" as ${role}`);
  const missing =
    classes === null
      ? " Log num_classes in the run's config to let it judge a chance plateau."
      : '';
  return {
    rule: 'logged-run',
    severity: 'info',
    epoch: 0,
    title: 'The doctor cannot see inside this network',
    message:
      'This run was trained outside this app: no layer statistics, gradients or weights were recorded, so ' +
      'saturated or dead units, vanishing gradients and growing weights cannot be checked. ' +
      (read.length
        ? `It judged divergence, a chance plateau and overfitting from the logged curves (${read.join(', ')}, by ${c.axis}).`
        : 'None of the logged keys is one it knows (loss, acc, val_loss, val_acc, ...), so it judged nothing.') +
      missing,
    evidence: { curves: read.length },
    suggestion: 'Train the same network here to let the doctor look at its layers.',
    changes: [],
  };
}

export function diagnoseLogged(input: LoggedDiagnoseInput): Finding[] {
  const curves = loggedCurves(input.metrics);
  const classes = classesOf(input.params);
  const found = [diverged(curves), atChance(curves, classes), overfit(curves)].filter(
    (f): f is Finding => f !== null,
  );
  return [...found, blindSpot(curves, classes)];
}
