import { describe, expect, it } from 'vitest';
import { presets } from '../../src-shared/experiment/presets';
import { presetsHelp } from './run-config-options';

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
