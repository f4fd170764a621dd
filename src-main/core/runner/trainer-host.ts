/**
 * How the owner starts trainer processes, behind one interface: `child_process.fork` for the CLI
 * and `serve` (./fork-host.ts), Electron's `utilityProcess.fork` in the desktop app
 * (src-main/electron). Only plain types here, so either implementation fits.
 */
import type { FromTrainer, ToTrainer } from '../../../src-shared/contract/trainer-protocol';

export interface TrainerStartOptions {
  /** Extra environment variables for the process. */
  env?: Record<string, string>;
  /** V8 old-space limit; the trainer dies with an out-of-memory message above it. */
  maxOldSpaceMb?: number;
}

export interface TrainerProcess {
  /** Operating-system process id (undefined if the process could not be spawned). */
  readonly pid: number | undefined;
  send(message: ToTrainer): void;
  onMessage(listener: (message: FromTrainer) => void): void;
  /** Called once, after the process ended and every message it sent was delivered; a listener
   * added after that is called right away with the same code and signal. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Sends a signal (default SIGTERM). */
  kill(signal?: string): void;
  /** The last lines the process wrote to stderr (e.g. V8's out-of-memory report), if kept. */
  output?(): string;
}

export interface TrainerHost {
  start(options: TrainerStartOptions): TrainerProcess;
}
