/**
 * TrainerHost on Electron's utilityProcess.fork: each run trains in its own utility process, a
 * Node child that Electron owns and ends together with the app.
 */
import { utilityProcess } from 'electron';
import { isFromTrainer, type ToTrainer } from '../../src-shared/contract/trainer-protocol';
import type { TrainerHost, TrainerProcess, TrainerStartOptions } from '../core/runner/trainer-host';
import { requireTrainerEntry } from '../core/runner/trainer-entry';

const OUTPUT_TAIL_CHARS = 4000;

export function createUtilityTrainerHost(): TrainerHost {
  return {
    start(options: TrainerStartOptions): TrainerProcess {
      const child = utilityProcess.fork(requireTrainerEntry(), [], {
        serviceName: 'Backprop trainer',
        stdio: ['ignore', 'inherit', 'pipe'],
        env: { ...process.env, ...options.env },
        execArgv: options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : [],
      });
      let tail = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on(
        'data',
        (chunk: string) => (tail = (tail + chunk).slice(-OUTPUT_TAIL_CHARS)),
      );
      const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
      // utilityProcess reports a kill as a non-zero code; keep the signal we sent for the reason.
      let sentSignal: string | null = null;
      child.once('exit', (code) => exitListeners.forEach((fn) => fn(code, sentSignal)));
      return {
        get pid() {
          return child.pid;
        },
        send: (message: ToTrainer) => child.postMessage(message),
        onMessage: (listener) =>
          child.on('message', (m: unknown) => isFromTrainer(m) && listener(m)),
        onExit: (listener) => void exitListeners.push(listener),
        kill(signal = 'SIGTERM') {
          sentSignal = signal;
          if (child.pid !== undefined) process.kill(child.pid, signal as NodeJS.Signals);
        },
        output: () => tail,
      };
    },
  };
}
