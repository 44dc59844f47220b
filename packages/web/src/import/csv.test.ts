import { describe, expect, it } from 'vitest';
import { lineOfServerField, MAX_ROWS_PER_IMPORT, parseAt, parseMeasurementsCsv, parseNumber } from './csv';

const KPIS = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'QC queue length' },
  { id: '22222222-2222-4222-8222-222222222222', name: 'On-time delivery' },
  { id: '33333333-3333-4333-8333-333333333333', name: 'Duplicate' },
  { id: '44444444-4444-4444-8444-444444444444', name: 'duplicate' },
];
const NOW = new Date('2027-03-01T12:00:00Z');

describe('parseMeasurementsCsv', () => {
  it('accepts rows by KPI name or id, with notes and BOM', () => {
    const r = parseMeasurementsCsv(
      '\uFEFFKPI,Value,Date,Note\nqc queue length,31,2027-01-31,month end\n22222222-2222-4222-8222-222222222222,"92,5",2027-02-28T17:00:00Z,\n',
      KPIS,
      NOW,
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({
      line: 2,
      kpiId: KPIS[0].id,
      value: 31,
      at: '2027-01-31T12:00:00.000Z',
      note: 'month end',
    });
    expect(r.rows[1]).toMatchObject({ line: 3, kpiId: KPIS[1].id, value: 92.5, note: null });
  });

  it('reports every bad row by file line and column', () => {
    const r = parseMeasurementsCsv(
      'kpi,value,at\nQC queue length,abc,2027-01-31\nNope,1,2027-01-31\nOn-time delivery,1,31/01/2027\nOn-time delivery,1,2027-04-01\nduplicate,1,2027-01-01\n',
      KPIS,
      NOW,
    );
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'value'],
      [3, 'kpi'],
      [4, 'at'],
      [5, 'at'],
      [6, 'kpi'],
    ]);
    expect(r.errors[4].message).toMatch(/Several KPIs/);
  });

  it('refuses a file without the required columns', () => {
    const r = parseMeasurementsCsv('name,amount\nx,1\n', KPIS, NOW);
    expect(r.errors[0]).toMatchObject({ line: 1 });
    expect(r.errors[0].message).toMatch(/value, at/);
  });

  it('explains the per-import limit instead of importing part of a big file', () => {
    const body = Array.from({ length: MAX_ROWS_PER_IMPORT + 1 }, () => 'QC queue length,1,2027-01-01').join(
      '\n',
    );
    const r = parseMeasurementsCsv('kpi,value,at\n' + body, KPIS, NOW);
    expect(r.errors[0].line).toBe(0);
    expect(r.errors[0].message).toMatch(/at most 5,000/);
  });

  it('says so when the file is empty', () => {
    expect(parseMeasurementsCsv('', KPIS, NOW).errors[0].message).toMatch(/empty/);
    expect(parseMeasurementsCsv('kpi,value,at\n', KPIS, NOW).errors[0].message).toMatch(/no rows/);
  });
});

describe('cell parsing', () => {
  it('reads spreadsheet numbers', () => {
    expect(parseNumber('1,250.5')).toBe(1250.5);
    expect(parseNumber('92,5')).toBe(92.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('12abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });
  it('reads dates and rejects impossible ones', () => {
    expect(parseAt('2027-02-28')?.toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(parseAt('2027-02-30')).toBeNull();
    expect(parseAt('28.02.2027')).toBeNull();
    expect(parseAt('2027-02-28 09:30')).not.toBeNull();
  });
  it('maps a server error path back to the file line', () => {
    const rows = [{ line: 2 }, { line: 5 }] as never;
    expect(lineOfServerField('inputs.1.value', rows)).toEqual({ line: 5, column: 'value' });
    expect(lineOfServerField('inputs.0.kpiId', rows)).toEqual({ line: 2, column: 'kpi' });
    expect(lineOfServerField('inputs', rows)).toBeNull();
  });
});
