import { describe, expect, it } from 'vitest';
import { aboutPanelOptions, runtimeVersions } from './about';

const versions = {
  electron: '41.7.2',
  chrome: '146.0.7680.65',
  node: '24.11.1',
  v8: '14.6.202',
  uv: '1.51.0',
};

describe('the About panel', () => {
  it('names the runtime versions the app runs on', () => {
    expect(runtimeVersions(versions)).toBe(
      'Electron 41.7.2 · Chromium 146.0.7680.65 · Node 24.11.1 · V8 14.6.202',
    );
    expect(runtimeVersions({ node: '20.20.0' })).toBe('Node 20.20.0');
  });

  it('shows the product, its version and the runtime on every platform', () => {
    const options = aboutPanelOptions('0.1.0', versions, '/app/icon.png');
    expect(options).toMatchObject({
      applicationName: 'Backprop Workbench',
      applicationVersion: '0.1.0',
      iconPath: '/app/icon.png',
    });
    expect(options.version).toContain('Electron 41.7.2');
    expect(options.credits).toContain('Chromium 146.0.7680.65');
  });
});
