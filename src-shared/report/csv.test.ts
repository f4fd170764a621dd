import { describe, expect, it } from 'vitest';
import { csvCell, renderCsv } from './csv';
import { divergedRun, fixtureRun } from './report.testing';

describe('CSV cells', () => {
  it('prefixes text that a spreadsheet would run as a formula with an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('leaves numbers, negative ones included, and harmless text as they are', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(NaN)).toBe('NaN');
    expect(csvCell(-Infinity)).toBe('-Infinity');
    expect(csvCell('sigmoid baseline')).toBe('sigmoid baseline');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(null)).toBe('');
  });

  it('quotes fields with commas, quotes or line breaks and doubles the quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});

describe('the metrics CSV', () => {
  it('has a header and one CRLF-terminated row per run and epoch, with NaN written out', () => {
    const run = divergedRun(3);
    run.name = '=cmd|"/c calc"!A1, really';
    const csv = renderCsv([fixtureRun(1, {}, 2), run]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'run_id,run_name,status,seed,epoch,train_cost,train_accuracy,validation_cost,validation_accuracy,test_cost,test_accuracy,learning_rate,seconds',
    );
    expect(lines).toHaveLength(1 + 3 + 5 + 1);
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[1]).toBe('1,run 1,completed,1,0,0.45,,0.45,0.1,,,3,0');
    expect(lines[7]).toBe(
      `3,"'=cmd|""/c calc""!A1, really",diverged,1,3,NaN,,Infinity,NaN,,,3,1.5`,
    );
  });
});
