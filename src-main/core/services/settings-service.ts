/**
 * SettingsService: user settings with their defaults (concurrency = number of cores, resume
 * interrupted runs = yes), and facts about this installation.
 */
import { arch, cpus, platform, totalmem } from 'node:os';
import type { SettingsService } from '../../../src-shared/contract/services';
import type { AppInfo, Settings } from '../../../src-shared/contract/types';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { Store } from '../store/store';
import { DEFAULT_HANG_TIMEOUT_SECONDS } from '../lifecycle/queue-core';

export function readSettings(store: Store, cores: number): Settings {
  const stored = store.settings.all();
  return {
    concurrency: typeof stored.concurrency === 'number' ? stored.concurrency : cores,
    theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
    resumeInterrupted: stored.resumeInterrupted !== false,
    redisUrl: typeof stored.redisUrl === 'string' && stored.redisUrl ? stored.redisUrl : null,
    hangTimeoutSeconds:
      typeof stored.hangTimeoutSeconds === 'number'
        ? stored.hangTimeoutSeconds
        : DEFAULT_HANG_TIMEOUT_SECONDS,
  };
}

export function createSettingsService(deps: {
  store: Store;
  cores: number;
  host: AppInfo['host'];
  /** Called after a change, so the queue can start runs when concurrency grew. */
  onChange(): void;
}): SettingsService {
  const { store, cores } = deps;
  return {
    async get() {
      return readSettings(store, cores);
    },
    async update(patch) {
      const known: Partial<Settings> = {
        concurrency: patch.concurrency,
        theme: patch.theme,
        resumeInterrupted: patch.resumeInterrupted,
        redisUrl: patch.redisUrl,
        hangTimeoutSeconds: patch.hangTimeoutSeconds,
      };
      store.settings.set(known);
      deps.onChange();
      return readSettings(store, cores);
    },
    async info() {
      const cpu = cpus();
      return {
        version: __APP_VERSION__,
        engineVersion: ENGINE_VERSION,
        host: deps.host,
        machine: {
          platform: platform(),
          arch: arch(),
          cpus: cpu.length,
          cpuModel: cpu[0]?.model ?? 'unknown',
          memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        },
        dbPath: store.path,
      };
    },
  };
}
