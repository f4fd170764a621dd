/**
 * The trainer's line to its owner. Under child_process.fork that is process.send / 'message';
 * under Electron's utilityProcess it is process.parentPort. Both carry structured clones.
 */
import type { FromTrainer, ToTrainer } from '../../src-shared/contract/trainer-protocol';

export interface OwnerPort {
  /** Resolves once the message is handed to the channel (backpressure for big checkpoints). */
  send(message: FromTrainer): Promise<void>;
  onMessage(listener: (message: ToTrainer) => void): void;
  /** The owner went away (its end of the channel closed). */
  onDisconnect(listener: () => void): void;
}

/** The part of Electron's parentPort the trainer uses (Electron types are not available here). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToOwner(): OwnerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToTrainer)),
      // A utility process is ended by Electron together with its owner.
      onDisconnect: () => undefined,
    };
  }
  if (!process.send) throw new Error('The trainer must be started by its owner (no IPC channel)');
  return {
    send: (message) =>
      new Promise((resolve, reject) => {
        if (!process.connected) return reject(new Error('The owner is gone'));
        process.send!(message, undefined, undefined, (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    onMessage: (listener) => process.on('message', (m) => listener(m as ToTrainer)),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}
