import { describe, expect, it } from 'vitest';
import { fieldOf, formMessage, issuesByField } from './formFields';

describe('fieldOf', () => {
  it('finds the control that edits a path, or its nearest parent', () => {
    expect(fieldOf('learningRate')).toBe('learningRate');
    expect(fieldOf('layers')).toBe('layers');
    expect(fieldOf('layers[1]')).toBe('layers[1]');
    expect(fieldOf('layers[12].units')).toBe('layers[12]');
    expect(fieldOf('optimizer.beta2')).toBe('optimizer.beta2');
    expect(fieldOf('init.weights.high')).toBe('init.weights');
    expect(fieldOf('schedule.every')).toBe('schedule.every');
    expect(fieldOf('schedule.kind')).toBe('schedule');
    expect(fieldOf('nosuch')).toBeNull();
  });
});

describe('formMessage', () => {
  it('uses the label, not the key, and words instead of signs', () => {
    expect(
      formMessage({ path: 'learningRate', message: 'learningRate must be > 0' }, 'learningRate'),
    ).toBe('Learning rate η must be greater than 0');
    expect(formMessage({ path: 'l2', message: 'l2 must be >= 0' }, 'l2')).toBe(
      'L2 λ must be at least 0',
    );
    expect(
      formMessage(
        { path: 'schedule.every', message: 'schedule.every must be at least 1' },
        'schedule.every',
      ),
    ).toBe('Schedule every (epochs) must be at least 1');
  });

  it('names the layer and the init parameter an issue is about', () => {
    expect(
      formMessage(
        { path: 'layers[1].units', message: 'units must be a whole number' },
        'layers[1]',
      ),
    ).toBe('Layer 2 units must be a whole number');
    expect(
      formMessage(
        { path: 'layers[2]', message: 'dropout cannot follow the output layer' },
        'layers[2]',
      ),
    ).toBe('Layer 3: dropout cannot follow the output layer');
    expect(
      formMessage({ path: 'layers[3].rate', message: 'rate must be in [0, 1)' }, 'layers[3]'),
    ).toBe('Layer 4 rate must be in [0, 1)');
    expect(
      formMessage(
        { path: 'init.weights.high', message: 'high must be greater than low' },
        'init.weights',
      ),
    ).toBe('Weights high must be greater than low');
  });
});

describe('issuesByField', () => {
  it('keeps one issue per control and keeps what no control edits', () => {
    const issues = issuesByField([
      { path: 'layers[2].units', message: 'units must be at least 1' },
      { path: 'layers[2].activation', message: 'softmax is allowed on the output layer only' },
      { path: 'layers[3]', message: 'the last layer must be dense (the output)' },
      { path: 'momentum', message: 'momentum must be in [0, 1)' },
      { path: 'momentum', message: 'momentum must be a number' },
      { path: 'extra', message: 'unknown field' },
    ]);
    expect(issues.map((i) => [i.field, i.label])).toEqual([
      ['layers[2]', 'Layer 3'],
      ['layers[3]', 'Layer 4'],
      ['momentum', 'Momentum μ'],
      [null, 'extra'],
    ]);
    expect(issues[3].message).toBe('extra: unknown field');
  });
});
