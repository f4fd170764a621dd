/**
 * TrainerHost on Node's child_process.fork, for the CLI and `serve`. 'advanced' serialization
 * (structured clone) carries Uint8Array checkpoints, NaN and ±Infinity unchanged.
 */
import { fork } from 'node:child_process';
import type { FromTrainer, ToTrainer } from '../../../src-shared/contract/trainer-protocol';
import { isFromTrainer } from '../../../src-shared/contract/trainer-protocol';
import type { TrainerHost, TrainerProcess, TrainerStartOptions } from './trainer-host';
import { requireTrainerEntry } from './trainer-entry';

/** Keep this much of the trainer's stderr for the failure reason. */
const OUTPUT_TAIL_CHARS = 4000;

export function createForkTrainerHost(entry?: string): TrainerHost {
  return {
    start(options: TrainerStartOptions): TrainerProcess {
      const child = fork(entry ?? requireTrainerEntry(), [], {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
        env: { ...process.env, ...options.env },
        execArgv: options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : [],
      });
      let tail = '';
      const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
      let exited: [code: number | null, signal: string | null] | null = null;
      const exit = (code: number | null, signal: string | null) => {
        if (exited) return;
        exited = [code, signal];
        exitListeners.forEach((listener) => listener(code, signal));
      };
      // 'close' comes after 'exit' once stdio and the IPC channel are drained: no message is lost.
      child.once('close', exit);
      child.on('error', (error) => {
        tail += `\n${error.message}`;
        if (child.pid === undefined) exit(null, null); // never spawned: no 'close' will come
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        tail = (tail + chunk).slice(-OUTPUT_TAIL_CHARS);
        // Keep the trainer's own diagnostics visible to whoever runs the owner.
        process.stderr.write(chunk);
      });
      return {
        pid: child.pid,
        send(message: ToTrainer) {
          if (child.connected) child.send(message);
        },
        onMessage(listener: (message: FromTrainer) => void) {
          child.on('message', (m: unknown) => isFromTrainer(m) && listener(m));
        },
        onExit(listener) {
          // A listener added after the exit still hears about it (on the next tick, as events do).
          const done = exited;
          if (done) queueMicrotask(() => listener(...done));
          else exitListeners.push(listener);
        },
        kill(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null)
            child.kill(signal as NodeJS.Signals);
        },
        output: () => tail,
      };
    },
  };
}
