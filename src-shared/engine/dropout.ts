/**
 * Inverted dropout (Srivastava et al. 2014; Nielsen ch.3 and network3.py): while training, each
 * unit of a hidden layer's output is kept with probability 1 − p and scaled by 1/(1 − p), or set
 * to 0; at test time nothing is dropped or scaled, so evaluation needs no dropout code at all.
 *
 * Masks are drawn from the run's Rng, one unit after another, layer 1 first, for every training
 * example just before its forward pass: a seed gives the same masks on every machine, and a
 * checkpoint (which saves the Rng) resumes bit-identically.
 */
import type { Float } from './activations';
import { newFloat, type Network } from './network';
import type { Rng } from './rng';

export class DropoutMasks {
  /** masks[l][k]: 0 or 1/(1 − p_l) for unit k of neuron layer l; null where p_l = 0. */
  readonly masks: (Float64Array | null)[];
  /** kept[l]: σ(z^l) before dropping, which σ' needs in BP2; null where p_l = 0. */
  readonly kept: (Float | null)[];

  /** `rates[l]` is p for neuron layer l = 0 … L−1 (the input's must be 0). */
  constructor(
    net: Network,
    readonly rates: readonly number[],
  ) {
    this.masks = rates.map((p, l) => (p > 0 ? new Float64Array(net.sizes[l]) : null));
    this.kept = rates.map((p, l) => (p > 0 ? newFloat(net.precision, net.sizes[l]) : null));
  }

  /** True when some layer drops units. */
  get active(): boolean {
    return this.rates.some((p) => p > 0);
  }

  /** New masks for the next example: unit k of layer l is dropped when u < p, u ~ U[0, 1). */
  draw(rng: Rng): void {
    this.masks.forEach((mask, l) => {
      if (!mask) return;
      const p = this.rates[l];
      const scale = 1 / (1 - p);
      for (let k = 0; k < mask.length; k++) mask[k] = rng.next() < p ? 0 : scale;
    });
  }

  /** ã^l = a^l ⊙ mask^l in place, keeping a^l for the backward pass. */
  apply(l: number, a: Float): void {
    const mask = this.masks[l];
    if (!mask) return;
    this.kept[l]!.set(a);
    for (let k = 0; k < a.length; k++) a[k] = a[k] * mask[k];
  }

  /** ∂C/∂a^l = ∂C/∂ã^l ⊙ mask^l in place (g holds ∂C/∂ã^l for the layer's n units). */
  backward(l: number, g: Float64Array, n: number): void {
    const mask = this.masks[l];
    if (!mask) return;
    for (let k = 0; k < n; k++) g[k] *= mask[k];
  }

  /** The layer's activations before dropping (for σ'), or `a` when it drops nothing. */
  undropped(l: number, a: Float): Float {
    return this.kept[l] ?? a;
  }
}
