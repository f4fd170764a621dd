/**
 * Finite-difference checks of backprop (float64): for every hidden activation × output
 * activation × cost that the config allows, each ∂C/∂w and ∂C/∂b from BP1–BP4 must equal the
 * central difference (C(w + h) − C(w − h)) / 2h.
 */
import { describe, expect, it } from 'vitest';
import {
  activationNames,
  costNames,
  type ActivationName,
  type CostName,
} from '../experiment/config';
import { costAccepts, exampleCost } from './costs';
import { backprop, feedforward, Gradients, Network, Workspace } from './network';
import { Rng } from './rng';

const H = 1e-6;
const TOLERANCE = 1e-7;
const hiddenActivations = activationNames.filter((a) => a !== 'softmax');
const x = [0.3, -0.8, 0.5];
/** A probability vector, so every cost accepts it as a target. */
const y = [0.2, 0.7, 0.1];

function network(hidden: ActivationName, output: ActivationName): Network {
  const net = new Network([3, 4, 3], [hidden, output], 'float64');
  const rng = new Rng(7);
  for (const arr of [...net.weights, ...net.biases])
    for (let i = 0; i < arr.length; i++) arr[i] = 0.8 * rng.normal();
  return net;
}

function costAt(net: Network, ws: Workspace, cost: CostName): number {
  return exampleCost(cost, feedforward(net, ws), y, 3);
}

/** Largest |analytic − numeric| over every weight and bias. */
function worstError(hidden: ActivationName, output: ActivationName, cost: CostName): number {
  const net = network(hidden, output);
  const ws = new Workspace(net);
  ws.as[0].set(x);
  ws.indexInput();
  const grads = new Gradients(net);
  feedforward(net, ws);
  backprop(net, ws, cost, y, grads);
  let worst = 0;
  const pairs = [
    ...net.weights.map((w, l) => [w, grads.nablaW[l]]),
    ...net.biases.map((b, l) => [b, grads.nablaB[l]]),
  ];
  for (const [param, grad] of pairs) {
    for (let i = 0; i < param.length; i++) {
      const keep = param[i];
      param[i] = keep + H;
      const up = costAt(net, ws, cost);
      param[i] = keep - H;
      const down = costAt(net, ws, cost);
      param[i] = keep;
      worst = Math.max(worst, Math.abs((up - down) / (2 * H) - grad[i]));
    }
  }
  return worst;
}

const cases = hiddenActivations.flatMap((hidden) =>
  activationNames.flatMap((output) =>
    costNames.filter((cost) => costAccepts(cost, output)).map((cost) => ({ hidden, output, cost })),
  ),
);

describe('backprop agrees with finite differences', () => {
  it('covers every valid output activation and cost pair', () => {
    const pairs = new Set(cases.map((c) => `${c.output}/${c.cost}`));
    expect(pairs).toEqual(
      new Set([
        ...activationNames.map((a) => `${a}/quadratic`),
        'sigmoid/cross-entropy',
        'softmax/cross-entropy',
        'softmax/log-likelihood',
      ]),
    );
  });

  it.each(cases)('$hidden hidden layer, $output output, $cost cost', ({ hidden, output, cost }) => {
    expect(worstError(hidden, output, cost)).toBeLessThan(TOLERANCE);
  });
});
