import { describe, expect, it } from 'vitest';
import { splitSingle, splitTrainTest } from './split';
import type { Split } from '../base/dataset';

/** n examples of one input whose value is the example's index (mod 256), label index mod 10. */
function numbered(n: number): Split {
  return {
    count: n,
    inputSize: 1,
    inputs: Uint8Array.from({ length: n }, (_, i) => i % 256),
    labels: Int32Array.from({ length: n }, (_, i) => i % 10),
    targets: null,
  };
}

const firstIndex = (s: Split) => s.inputs[0];

describe('train / validation / test splits of a training file and a test file', () => {
  it("defaults to Nielsen's split: the last sixth of the training file validates", () => {
    const { train, validation, test } = splitTrainTest(numbered(600), numbered(100), {});
    expect([train.count, validation.count, test.count]).toEqual([500, 100, 100]);
    expect(validation.inputs[0]).toBe(500 % 256);
  });

  it('takes the first N of each block when fewer are asked for', () => {
    const { train, validation, test } = splitTrainTest(numbered(600), numbered(100), {
      trainSize: 50,
      validationSize: 20,
      testSize: 10,
    });
    expect([train.count, validation.count, test.count]).toEqual([50, 20, 10]);
    expect([firstIndex(train), validation.inputs[0], firstIndex(test)]).toEqual([0, 500 % 256, 0]);
    expect(Array.from(validation.labels.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('moves the validation block earlier when more validation examples are asked for', () => {
    const { train, validation } = splitTrainTest(numbered(600), numbered(100), {
      validationSize: 200,
    });
    expect([train.count, validation.count, validation.inputs[0]]).toEqual([400, 200, 400 % 256]);
  });

  it('names the size that asks for more examples than exist', () => {
    expect(() => splitTrainTest(numbered(600), numbered(100), { trainSize: 501 })).toThrow(
      'trainSize: 501 is more than the 500 examples before the validation examples',
    );
    expect(() => splitTrainTest(numbered(600), numbered(100), { testSize: 101 })).toThrow(
      /testSize/,
    );
  });
});

describe('splits of a single file', () => {
  it('trains on everything by default', () => {
    const { train, validation, test } = splitSingle(numbered(30), {});
    expect([train.count, validation.count, test.count]).toEqual([30, 0, 0]);
  });

  it('cuts test from the end and validation before it', () => {
    const { train, validation, test } = splitSingle(numbered(30), {
      validationSize: 5,
      testSize: 10,
    });
    expect([train.count, validation.count, test.count]).toEqual([15, 5, 10]);
    expect([firstIndex(train), validation.inputs[0], firstIndex(test)]).toEqual([0, 15, 20]);
  });

  it('names validationSize when validation and test do not fit', () => {
    expect(() => splitSingle(numbered(30), { validationSize: 25, testSize: 10 })).toThrow(
      /validationSize/,
    );
  });
});
