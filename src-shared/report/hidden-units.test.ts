import { describe, expect, it } from 'vitest';
import { hiddenUnitMontage, imageSideOf, unitTile } from './hidden-units';

describe('hidden-unit images', () => {
  it('map each unit by its own largest |w|: 0 is mid-gray, +max white, −max black', () => {
    expect([...unitTile([-2, 0, 1, 2])]).toEqual([1, 128, 192, 255]);
    expect([...unitTile([0, 0])]).toEqual([128, 128]);
    expect([...unitTile([NaN, 1])]).toEqual([128, 255]);
  });

  it('only draw square image inputs of at least 8 × 8', () => {
    expect(imageSideOf(784)).toBe(28);
    expect(imageSideOf(64)).toBe(8);
    expect(imageSideOf(2)).toBeNull();
    expect(imageSideOf(785)).toBeNull();
  });

  it('lay the first units out in a grid with white gutters', () => {
    const unit = (v: number) => Array.from({ length: 64 }, () => v);
    const weights = { weights: [[unit(1), unit(-1), unit(1)]], biases: [[0, 0, 0]] };
    const m = hiddenUnitMontage(weights, 2, 10);
    expect(m).not.toBeNull();
    expect([m!.shown, m!.total, m!.side, m!.columns]).toEqual([2, 3, 8, 2]);
    const { width, height, pixels } = m!.image;
    expect([width, height]).toEqual([2 * 8 + 3 * 2, 8 + 2 * 2]);
    expect(pixels[0]).toBe(255);
    expect(pixels[2 * width + 2]).toBe(255);
    expect(pixels[2 * width + 2 + 8 + 2]).toBe(1);
  });

  it('give nothing for inputs that are not images', () => {
    expect(hiddenUnitMontage({ weights: [[[1, 2]]], biases: [[0]] })).toBeNull();
  });
});
