/**
 * The signals that ask a command to stop: Ctrl+C (SIGINT), `kill`, systemd, `docker stop` and
 * `timeout` (SIGTERM), a closed terminal or ssh connection (SIGHUP). All three are handled alike,
 * once: a second signal while stopping is ignored (the first one's work finishes).
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type StopSignal = (typeof STOP_SIGNALS)[number];

/** Calls `stop` on the first stop signal; returns a function that removes the handlers. */
export function onStopSignals(stop: (signal: StopSignal) => void): () => void {
  let stopping = false;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (stopping) return;
      stopping = true;
      stop(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
}

/** The exit code of a process ended by `signal`, as shells report it (128 + its number). */
export function exitCodeOf(signal: StopSignal): number {
  return { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal];
}
