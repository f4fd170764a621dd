import { describe, expect, it } from 'vitest';
import type { Severity } from '../../base/findings';
import { diagnose, rules } from './index';
import {
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  foundingEpoch1,
  nielsenCh1Config,
  nielsenCh1Epoch0,
  nielsenCh3Config,
  nielsenCh3Epoch0,
} from './records.testing';

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const worst = (severities: Severity[]) =>
  severities.reduce<Severity | null>((w, s) => (w === null || rank[s] > rank[w] ? s : w), null);

describe('diagnose', () => {
  it('puts the founding network’s epoch-0 saturation error first, naming the initialization', () => {
    const findings = diagnose({ config: foundingConfig, epochs: [foundingEpoch0, foundingEpoch1] });
    expect(findings[0]).toMatchObject({
      rule: 'saturated-layer',
      severity: 'error',
      epoch: 0,
      layer: 1,
    });
    expect(findings[0].message).toContain('U[0, 1)');
    const order = findings.map((f) => rank[f.severity]);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('gives N(0,1) weights (Nielsen ch.1) a warning at most', () => {
    const findings = diagnose({ config: nielsenCh1Config, epochs: [nielsenCh1Epoch0] });
    expect(worst(findings.map((f) => f.severity))).toBe('warning');
  });

  it('finds nothing above info for the Nielsen ch.3 configuration', () => {
    const findings = diagnose({ config: nielsenCh3Config, epochs: [nielsenCh3Epoch0] });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('turns a rule that throws into a visible info finding instead of failing', () => {
    const broken = epochRecord(1, foundingEpoch1.layers, {
      predictedClassFraction: undefined as unknown as number[],
    });
    const findings = diagnose({ config: foundingConfig, epochs: [foundingEpoch0, broken] });
    expect(findings.some((f) => f.rule === 'doctor-failure' && f.severity === 'info')).toBe(true);
  });

  it('gives every finding a title, message, suggestion and a known chart', () => {
    const findings = diagnose({ config: foundingConfig, epochs: [foundingEpoch0, foundingEpoch1] });
    expect(findings.length).toBeGreaterThan(2);
    for (const f of findings) {
      expect(Object.keys(rules)).toContain(f.rule);
      expect(f.title.length).toBeGreaterThan(10);
      expect(f.message.length).toBeGreaterThan(50);
      expect(f.suggestion.length).toBeGreaterThan(10);
      expect(['cost', 'accuracy', 'saturation', 'gradients', 'weights']).toContain(f.chart);
    }
  });

  it('returns nothing for a run with no records yet, except config-only rules', () => {
    expect(diagnose({ config: nielsenCh1Config, epochs: [] })).toEqual([]);
  });
});
