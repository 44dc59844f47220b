import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '@throughline/shared';
import {
  KPI_COLUMNS,
  OBJECTIVE_COLUMNS,
  parseKpisCsv,
  parseObjectivesCsv,
  sheetErrorsFromServer,
  templateCsv,
} from './strategy-csv';

const OBJ_HEAD = 'key,title,parent,unit,owner_email,perspective,period_start,period_end';
const KPI_HEAD =
  'name,unit_of_measure,direction,unit,owner_email,objectives,target,amber,red,period_start,period_end';

describe('parseObjectivesCsv', () => {
  it('reads rows; parent is a key of the file or the title of an existing objective', () => {
    const r = parseObjectivesCsv(
      '\uFEFF' +
        OBJ_HEAD +
        '\nO1,Deliver on time,Grow the business,Operations,ops@x.test,Internal process,2027-01-01,2027-06-30\n\nO2,"Halve rework, fast",o1,Quality,qc@x.test,,,\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.lines).toEqual([2, 4]); // the blank line 3 is skipped but counted
    expect(r.rows[0]).toMatchObject({
      key: 'O1',
      parentKey: null,
      parentTitle: 'Grow the business',
      unitName: 'Operations',
      ownerEmail: 'ops@x.test',
      perspective: 'INTERNAL_PROCESS',
      periodStart: '2027-01-01',
    });
    expect(r.rows[1]).toMatchObject({
      key: 'O2',
      title: 'Halve rework, fast',
      parentKey: 'o1',
      parentTitle: null,
      perspective: null,
      periodStart: null,
    });
  });

  it('accepts the server field names as headers', () => {
    const r = parseObjectivesCsv('key,title,unitName,ownerEmail\nA,Alpha,Sales,s@x.test\n');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ unitName: 'Sales', ownerEmail: 's@x.test' });
  });

  it('reports every bad row by line and column', () => {
    const r = parseObjectivesCsv(
      [
        OBJ_HEAD,
        'A,Alpha,,Ops,a@x.test,,,',
        'a,Dup,,Ops,a@x.test,,,',
        'B,,,Ops,not-an-email,sideways,2027-02-30,',
        'C,Gamma,,,c@x.test,,2027-06-01,2027-01-01',
        'D,Delta,D,Ops,d@x.test,,,',
      ].join('\n'),
    );
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'key'],
      [4, 'title'],
      [4, 'owner_email'],
      [4, 'perspective'],
      [4, 'period_start'],
      [5, 'unit'],
      [5, 'period_end'],
      [6, 'parent'],
    ]);
    expect(r.errors.every((e) => e.sheet === 'objectives')).toBe(true);
  });

  it('finds parent cycles inside the file', () => {
    const r = parseObjectivesCsv(
      [OBJ_HEAD, 'A,Alpha,B,Ops,a@x.test,,,', 'B,Beta,A,Ops,a@x.test,,,', 'C,Gamma,A,Ops,a@x.test,,,'].join(
        '\n',
      ),
    );
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'parent'],
      [3, 'parent'],
    ]);
    expect(r.errors[0].message).toMatch(/A → B → A/);
  });

  it('refuses a file without the required columns, an empty one, and one over the limit', () => {
    expect(parseObjectivesCsv('title,unit\nx,y\n').errors[0]).toMatchObject({
      line: 1,
      message: expect.stringMatching(/Missing: key, owner_email/),
    });
    expect(parseObjectivesCsv('').errors[0].message).toMatch(/empty/);
    expect(parseObjectivesCsv(OBJ_HEAD + '\n').errors[0].message).toMatch(/no rows/);
    const big = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `K${i},T,,Ops,a@x.test,,,`).join('\n');
    expect(parseObjectivesCsv(OBJ_HEAD + '\n' + big).errors[0]).toMatchObject({
      line: 0,
      message: expect.stringMatching(/at most 2,000/),
    });
  });
});

describe('parseKpisCsv', () => {
  it('reads enums as people type them, numbers and objective lists', () => {
    const r = parseKpisCsv(
      KPI_HEAD +
        ',frequency,kind,baseline\nOn-time,%,Higher is better,Operations,o@x.test,O1; Grow the business,95,92,"90",2027-01-01,2027-12-31,weekly,Leading,"1,250.5"\nRework,%,lower,Quality,q@x.test,,3,,,,,,,\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({
      direction: 'HIGHER_IS_BETTER',
      frequency: 'WEEKLY',
      kind: 'LEADING',
      baseline: 1250.5,
      objectiveKeys: ['O1', 'Grow the business'],
      target: 95,
      amber: 92,
      red: 90,
    });
    expect(r.rows[1]).toMatchObject({
      direction: 'LOWER_IS_BETTER',
      frequency: null,
      kind: null,
      baseline: null,
      objectiveKeys: [],
      target: 3,
      amber: null,
      red: null,
      periodStart: null,
    });
  });

  it('reports enums, numbers, thresholds and dates', () => {
    const r = parseKpisCsv(
      [
        KPI_HEAD,
        'A,%,sideways,Ops,a@x.test,,1,,,,',
        'B,%,higher,Ops,a@x.test,,100,80,90,,',
        'C,%,lower,Ops,a@x.test,,,3,,,',
        'D,%,lower,Ops,a@x.test,,ten,,,2027-13-01,',
        ',,,Ops,a@x.test,,,,,2027-01-01,',
      ].join('\n'),
    );
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'direction'],
      [3, 'red'],
      [4, 'amber'],
      [5, 'target'],
      [5, 'period_start'],
      [6, 'name'],
      [6, 'unit_of_measure'],
      [6, 'direction'],
      [6, 'target'],
    ]);
    expect(r.errors[1].message).toMatch(/red threshold/);
  });
});

describe('templates and server errors', () => {
  it('templates have the expected headers and pass their own checks', () => {
    const obj = Papa.parse<string[]>(templateCsv('objectives')).data;
    expect(obj[0]).toEqual(OBJECTIVE_COLUMNS.map((c) => c.name));
    expect(Papa.parse<string[]>(templateCsv('kpis')).data[0]).toEqual(KPI_COLUMNS.map((c) => c.name));
    expect(parseObjectivesCsv(templateCsv('objectives')).errors).toEqual([]);
    expect(parseKpisCsv(templateCsv('kpis')).errors).toEqual([]);
    expect(parseObjectivesCsv(templateCsv('objectives')).rows[1]).toMatchObject({ parentKey: 'O1' });
  });

  it('places server row errors on file lines and columns', () => {
    const errs = sheetErrorsFromServer(
      [
        { sheet: 'objectives', row: 2, field: 'ownerEmail', message: 'No person with email x.' },
        { sheet: 'kpis', row: 1, field: 'objectiveKeys', message: 'No objective.' },
        { sheet: 'kpis', row: 0, field: null, message: 'Too many rows.' },
      ],
      { objectives: [2, 5], kpis: [3] },
    );
    expect(errs).toEqual([
      { sheet: 'objectives', line: 5, column: 'owner_email', message: 'No person with email x.' },
      { sheet: 'kpis', line: 3, column: 'objectives', message: 'No objective.' },
      { sheet: 'kpis', line: 0, column: undefined, message: 'Too many rows.' },
    ]);
  });
});
