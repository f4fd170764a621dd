/**
 * SettingsService: user settings with their defaults (concurrency = number of cores, resume
 * interrupted runs = yes), and facts about this installation.
 */
import { arch, cpus, platform, totalmem } from 'node:os';
import type { SettingsService } from '../../../src-shared/contract/services';
import type { AppInfo, Settings } from '../../../src-shared/contract/types';
import { settingFields, settingsPatchSchema } from '../../../src-shared/contract/schemas';
import { parseOrThrow } from '../../../src-shared/base/validation';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { Store } from '../store/store';
import { DEFAULT_HANG_TIMEOUT_SECONDS } from '../lifecycle/queue-core';

type SettingName = keyof typeof settingFields;

/** The defaults of every setting on a machine with `cores` cores. */
function defaultSettings(cores: number): Settings {
  return {
    concurrency: cores,
    theme: 'system',
    resumeInterrupted: true,
    redisUrl: null,
    hangTimeoutSeconds: DEFAULT_HANG_TIMEOUT_SECONDS,
    singleKeyShortcuts: true,
  };
}

/** The stored settings read back through the schema settings.update checks with: a value that
 * no longer parses (written by another version, or edited by hand) is named in `problems` and its
 * default is used, so a bad setting never keeps the app or the CLI from starting. */
export function readSettingsChecked(
  store: Store,
  cores: number,
): { settings: Settings; problems: string[] } {
  const stored = store.settings.all();
  const settings = defaultSettings(cores);
  const problems: string[] = [];
  for (const name of Object.keys(settingFields) as SettingName[]) {
    if (!(name in stored)) continue;
    const result = settingFields[name].safeParse(stored[name]);
    if (result.success) Object.assign(settings, { [name]: result.data });
    else
      problems.push(
        `The stored setting ${name} is ignored: ${result.error.issues[0].message}. Its default ${JSON.stringify(settings[name])} is used until it is changed in Settings.`,
      );
  }
  return { settings, problems };
}

export function readSettings(store: Store, cores: number): Settings {
  return readSettingsChecked(store, cores).settings;
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
      // Checked here too: the service is also called without the contract's dispatch (tests,
      // the CLI), and nothing that would not read back may be stored.
      store.settings.set(parseOrThrow(settingsPatchSchema, patch, 'settings'));
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
        settingsProblems: readSettingsChecked(store, cores).problems,
      };
    },
  };
}
