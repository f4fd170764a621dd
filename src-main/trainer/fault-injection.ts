/**
 * BACKPROP_TEST_FAULT: a fault that the crash-matrix and soak tests inject into a trainer process,
 * so each way a trainer can die is provoked honestly, in a real process. Inert unless the
 * variable is set; nothing in the app sets it.
 *
 * Value "<kind>@<epoch>" (epoch defaults to 0): right after the epoch message for `epoch` has been
 * handed to the owner, the trainer
 * - throw: throws from a timer (an uncaught exception),
 * - oom:   keeps allocating JavaScript arrays until V8 runs out of heap (start the process with a
 *          small maxOldSpaceMb so that happens within a second),
 * - hang:  blocks its event loop for good without sending anything more,
 * - exit:  exits with code 3 without a terminal message.
 */
import type { FromTrainer } from '../../src-shared/contract/trainer-protocol';
import type { OwnerPort } from './owner-port';

export const testFaultKinds = ['throw', 'oom', 'hang', 'exit'] as const;
export type TestFaultKind = (typeof testFaultKinds)[number];

export interface TestFault {
  kind: TestFaultKind;
  epoch: number;
}

/** The fault a BACKPROP_TEST_FAULT value asks for; null when unset; throws on a typo. */
export function parseTestFault(value: string | undefined): TestFault | null {
  if (!value) return null;
  const match = /^(\w+)(?:@(\d+))?$/.exec(value.trim());
  const kind = match?.[1] as TestFaultKind | undefined;
  if (!match || !kind || !testFaultKinds.includes(kind)) {
    throw new Error(
      `BACKPROP_TEST_FAULT must be <${testFaultKinds.join('|')}>[@<epoch>], got "${value}"`,
    );
  }
  return { kind, epoch: match[2] === undefined ? 0 : Number(match[2]) };
}

/** Does what the fault says; returns only for 'throw' (the exception comes from a timer). */
function inject(kind: TestFaultKind): void {
  switch (kind) {
    case 'throw':
      setImmediate(() => {
        throw new Error('test fault: an uncaught exception in the trainer');
      });
      return;
    case 'oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i + hoard.length));
    }
    case 'hang':
      // Atomics.wait on a value nobody changes: the thread sleeps, the event loop never turns.
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    case 'exit':
      process.exit(3);
  }
}

/** The port itself when no fault is set; otherwise a port that injects it after its epoch. */
export function withTestFault(
  port: OwnerPort,
  value: string | undefined = process.env.BACKPROP_TEST_FAULT,
): OwnerPort {
  const fault = parseTestFault(value);
  if (!fault) return port;
  return {
    ...port,
    async send(message: FromTrainer) {
      await port.send(message);
      if (message.kind === 'epoch' && message.record.epoch === fault.epoch) inject(fault.kind);
    },
  };
}
