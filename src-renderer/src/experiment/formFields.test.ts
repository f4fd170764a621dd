import { describe, expect, it } from 'vitest';
import { fieldOf, formMessage, issuesByField } from './formFields';

describe('fieldOf', () => {
  it('finds the control that edits a path, or its nearest parent', () => {
    expect(fieldOf('learningRate')).toBe('learningRate');
    expect(fieldOf('layers[1]')).toBe('layers');
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
      formMessage({ path: 'layers[1]', message: 'layer size must be a whole number' }, 'layers'),
    ).toBe('Layer 2 size must be a whole number');
    expect(
      formMessage(
        { path: 'layers[2]', message: 'must be 10, the output size (classes) of mnist; got 5' },
        'layers',
      ),
    ).toBe('Layer 3 size must be 10, the output size (classes) of mnist; got 5');
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
      { path: 'layers[0]', message: 'layer size must be at least 1' },
      { path: 'layers[2]', message: 'layer size must be at least 1' },
      { path: 'extra', message: 'unknown field' },
    ]);
    expect(issues.map((i) => [i.field, i.label])).toEqual([
      ['layers', 'Layers'],
      [null, 'extra'],
    ]);
    expect(issues[1].message).toBe('extra: unknown field');
  });
});
