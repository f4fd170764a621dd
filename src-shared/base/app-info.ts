/** Which build and machine produced a result: shown in the UI and stamped on every report. */
export interface AppInfo {
  version: string;
  engineVersion: string;
  host: 'electron' | 'serve' | 'cli';
  machine: { platform: string; arch: string; cpus: number; cpuModel: string; memoryGb: number };
  dbPath: string;
  /** Stored settings that no longer parse, each named; their defaults are in use until changed. */
  settingsProblems?: string[];
}
