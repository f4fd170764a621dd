/** The About panel (Help ▸ About, or the app menu on macOS): the product, its version, and the
 * versions of Electron, Chromium, Node and V8 it runs on. */
import type { AboutPanelOptionsOptions } from 'electron';

export const PRODUCT_NAME = 'Backprop Workbench';

/** "Electron 41.7.2 · Chromium 146.0… · Node 24.… · V8 14.…" */
export function runtimeVersions(versions: Partial<Record<string, string>>): string {
  return (['electron', 'chrome', 'node', 'v8'] as const)
    .filter((name) => versions[name])
    .map(
      (name) =>
        `${name === 'chrome' ? 'Chromium' : name === 'v8' ? 'V8' : name[0].toUpperCase() + name.slice(1)} ${versions[name]}`,
    )
    .join(' · ');
}

export function aboutPanelOptions(
  appVersion: string,
  versions: Partial<Record<string, string>>,
  iconPath: string,
): AboutPanelOptionsOptions {
  const runtime = runtimeVersions(versions);
  return {
    applicationName: PRODUCT_NAME,
    applicationVersion: appVersion,
    // macOS shows `version` in parentheses after the app's; Linux and Windows show `credits`.
    version: runtime,
    credits: `Train small neural networks, offline.\n${runtime}`,
    copyright: 'MIT licence',
    website: 'http://neuralnetworksanddeeplearning.com/',
    iconPath,
  };
}
