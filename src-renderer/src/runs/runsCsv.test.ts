import { describe, expect, it } from 'vitest';
import { makeRun } from '../api/fakes.testing';
import { columnById, lastValueColumn, type RunColumn } from '../components/runs/runColumns';
import { runsCsvFileName, runsTableCsv } from './runsCsv';
import type { RunFinal } from '../../../src-shared/contract/types';

const final = (over: Partial<RunFinal>): RunFinal => ({
  epochs: 2,
  trainCost: 0.5,
  validationAccuracy: 0.9,
  testAccuracy: 0.9,
  testCost: 0.1,
  bestValidationAccuracy: 0.9,
  bestEpoch: 2,
  ...over,
});
const cols = (...ids: string[]) => ids.map((id) => columnById(id) as RunColumn);

describe('the Runs table as CSV', () => {
  it('has the shown columns’ labels as header and the shown rows in order, CRLF ends', () => {
    const runs = [
      makeRun(2, { final: final({ testAccuracy: 0.9123456 }) }, { learningRate: 3 }),
      makeRun(1, { final: null }, { learningRate: 0.5 }),
    ];
    expect(runsTableCsv(runs, cols('id', 'name', 'test', 'lr'))).toBe(
      '#,Name,Test acc.,η\r\n2,run 2,0.9123456,3\r\n1,run 1,,0.5\r\n',
    );
  });

  it('quotes commas, quotes and line breaks, and neutralizes formulas', () => {
    const runs = [makeRun(1, { name: 'a, "b"\nc' }), makeRun(2, { name: '=HYPERLINK("x")' })];
    expect(runsTableCsv(runs, cols('name'))).toBe(
      'Name\r\n"a, ""b""\nc"\r\n"\'=HYPERLINK(""x"")"\r\n',
    );
  });

  it('spells NaN and ±Infinity out, in metric and logged-value columns alike', () => {
    const run = makeRun(1, {
      final: final({ trainCost: NaN, testCost: Infinity }),
      logged: {
        key: 'k',
        experiment: null,
        params: {},
        lastStep: 3,
        lastEpoch: null,
        lastValues: { loss: -Infinity },
      },
    });
    const csv = runsTableCsv(
      [run],
      [...cols('metric:trainCost', 'metric:testCost'), lastValueColumn('loss')],
    );
    expect(csv).toBe('Train cost,Test cost,loss (last)\r\nNaN,Infinity,-Infinity\r\n');
  });

  it('writes durations in seconds and times as ISO, saying so in the header', () => {
    const run = makeRun(1, {
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:02:05.500Z',
    });
    expect(runsTableCsv([run], cols('duration', 'created'))).toBe(
      `Duration (s),Created\r\n125.5,${run.createdAt}\r\n`,
    );
  });

  it('is named for the day it was saved', () => {
    expect(runsCsvFileName(new Date('2025-03-04T10:00:00Z'))).toBe('runs-2025-03-04.csv');
  });
});
