/** Dropout: backprop through fixed masks agrees with finite differences, and the masks are the
 * inverted-dropout ones (0 or 1/(1 − p)), drawn from the Rng. */
import { describe, expect, it } from 'vitest';
import { exampleCost } from './costs';
import { DropoutMasks } from './dropout';
import { backprop, feedforward, Gradients, Network, Workspace } from './network';
import { Rng } from './rng';

const x = [0.3, -0.8, 0.5];
const y = [0.2, 0.7, 0.1];

function network(): Network {
  const net = new Network([3, 5, 4, 3], ['sigmoid', 'tanh', 'softmax'], 'float64');
  const rng = new Rng(3);
  for (const arr of [...net.weights, ...net.biases])
    for (let i = 0; i < arr.length; i++) arr[i] = 0.8 * rng.normal();
  return net;
}

describe('dropout', () => {
  it('backprop with fixed masks equals the central difference of the dropped network', () => {
    const net = network();
    const ws = new Workspace(net);
    ws.as[0].set(x);
    ws.indexInput();
    const dropout = new DropoutMasks(net, [0, 0.5, 0.25]);
    dropout.draw(new Rng(11));
    expect(dropout.masks[1]).toContain(0);
    const cost = () => exampleCost('log-likelihood', feedforward(net, ws, dropout), y, 3);
    const grads = new Gradients(net);
    cost();
    backprop(net, ws, 'log-likelihood', y, grads, dropout);
    const H = 1e-6;
    let worst = 0;
    const pairs = [
      ...net.weights.map((w, l) => [w, grads.nablaW[l]]),
      ...net.biases.map((b, l) => [b, grads.nablaB[l]]),
    ];
    for (const [param, grad] of pairs) {
      for (let i = 0; i < param.length; i++) {
        const keep = param[i];
        param[i] = keep + H;
        const up = cost();
        param[i] = keep - H;
        const down = cost();
        param[i] = keep;
        worst = Math.max(worst, Math.abs((up - down) / (2 * H) - grad[i]));
      }
    }
    expect(worst).toBeLessThan(1e-7);
    // Weights out of a dropped unit get no gradient: it sent nothing forward.
    const dropped = dropout.masks[1]!.indexOf(0);
    for (let j = 0; j < 4; j++) expect(grads.nablaW[1][j * 5 + dropped]).toBe(0);
  });

  it('keeps a unit with probability 1 − p and scales it by 1/(1 − p)', () => {
    const net = new Network([1, 1000, 1], ['sigmoid', 'sigmoid'], 'float64');
    const dropout = new DropoutMasks(net, [0, 0.3]);
    dropout.draw(new Rng(5));
    const mask = dropout.masks[1]!;
    expect(new Set(mask)).toEqual(new Set([0, 1 / 0.7]));
    const kept = mask.filter((v) => v > 0).length / mask.length;
    expect(kept).toBeGreaterThan(0.65);
    expect(kept).toBeLessThan(0.75);
  });

  it('does nothing at evaluation: feedforward without masks gives the undropped output', () => {
    const net = network();
    const ws = new Workspace(net);
    ws.as[0].set(x);
    ws.indexInput();
    const clean = Array.from(feedforward(net, ws));
    const dropout = new DropoutMasks(net, [0, 0.5, 0.5]);
    dropout.draw(new Rng(1));
    const trained = Array.from(feedforward(net, ws, dropout));
    expect(trained).not.toEqual(clean);
    expect(Array.from(feedforward(net, ws))).toEqual(clean);
  });
});
