import { describe, expect, it } from 'vitest';
import { presets } from '../../src-shared/experiment/presets';
import { presetById } from '../../src-shared/experiment/presets';
import { applySettings, collectSetting, presetsHelp } from './run-config-options';

describe('train --help lists the presets', () => {
  const lines = presetsHelp.split('\n');

  it('each name on a line of its own, in the presets order', () => {
    const names = lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim());
    expect(names).toEqual(presets.map((p) => p.id));
  });

  it('each description under its name, indented, every line within 80 columns', () => {
    for (const p of presets) {
      const at = lines.indexOf(`  ${p.id}`);
      const described: string[] = [];
      for (let i = at + 1; i < lines.length && lines[i].startsWith('      '); i++)
        described.push(lines[i].trim());
      expect(described.join(' ')).toBe(p.description.replace(/\s+/g, ' '));
    }
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
  });
});

describe('train --set into lists', () => {
  const ch6 = presetById('nielsen-ch6-shallow-conv')!.config;
  const set = (...texts: string[]) =>
    applySettings(
      ch6,
      texts.reduce((all, t) => collectSetting(t, all), [] as ReturnType<typeof collectSetting>),
    );

  it('a conv layer field, layers[0] following the conv output; the preset unchanged', () => {
    const changed = set('features.layers.0.filters=8', 'layers.1=30') as typeof ch6;
    expect(changed.features!.layers[0]).toMatchObject({ type: 'conv2d', filters: 8 });
    expect(changed.layers).toEqual([8 * 144, 30, 10]);
    expect(ch6.layers).toEqual([2880, 100, 10]);
  });

  it('an index past its list is refused, naming it', () => {
    expect(() => set('layers.3=5')).toThrow(
      '--set "layers.3": layers has 3 entries (index 0–2), so "3" names none of them',
    );
    expect(() => set('features.layers.0.filtrs=8')).toThrow(/did you mean "filters"/);
  });
});
