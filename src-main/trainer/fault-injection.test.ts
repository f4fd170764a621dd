import { describe, expect, it } from 'vitest';
import type { OwnerPort } from './owner-port';
import { parseTestFault, withTestFault } from './fault-injection';

const port: OwnerPort = {
  send: async () => undefined,
  onMessage: () => undefined,
  onDisconnect: () => undefined,
};

describe('BACKPROP_TEST_FAULT', () => {
  it('is inert when unset: the trainer keeps its own port', () => {
    expect(parseTestFault(undefined)).toBeNull();
    expect(parseTestFault('')).toBeNull();
    expect(withTestFault(port, undefined)).toBe(port);
  });

  it('reads a kind with an optional epoch (default 0)', () => {
    expect(parseTestFault('hang@7')).toEqual({ kind: 'hang', epoch: 7 });
    expect(parseTestFault(' oom ')).toEqual({ kind: 'oom', epoch: 0 });
  });

  it('refuses a value it does not know, naming the variable and the kinds', () => {
    expect(() => parseTestFault('explode@1')).toThrow(
      /BACKPROP_TEST_FAULT must be <throw\|oom\|hang\|exit>\[@<epoch>\], got "explode@1"/,
    );
    expect(() => parseTestFault('throw@x')).toThrow(/got "throw@x"/);
  });
});
