import { describe, expect, it } from 'vitest';
import { messageOf } from './errors';

describe('messageOf', () => {
  it("gives an Error's own message, without its name or stack", () => {
    expect(messageOf(new RangeError('layers[0] must be 784'))).toBe('layers[0] must be 784');
  });

  it('passes a thrown string or number through as text', () => {
    expect(messageOf('disk full')).toBe('disk full');
    expect(messageOf(42)).toBe('42');
  });

  it('says that no message was given for null, undefined and plain objects', () => {
    for (const value of [null, undefined, { code: 7 }]) {
      expect(messageOf(value)).toBe('Something went wrong (no message was given).');
    }
  });
});
