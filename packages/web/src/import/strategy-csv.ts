import Papa from 'papaparse';
import {
  IMPORT_TEXT_LIMITS,
  isDay,
  MAX_IMPORT_ROWS,
  parentCycle,
  parseDirection,
  parseFrequency,
  parseKind,
  parsePerspective,
  splitObjectiveRefs,
  validateThresholds,
} from '@throughline/shared';
import { parseNumber } from './csv';

export type Sheet = 'objectives' | 'kpis';

/** A problem with one row of one sheet (line is the file's line: the header is line 1; 0 = the file). */
export interface SheetError {
  sheet: Sheet;
  line: number;
  column?: string;
  message: string;
}

/** An objective row as the server takes it (ImportObjectiveRow). */
export interface ObjectiveRowInput {
  key: string;
  title: string;
  parentKey: string | null;
  parentTitle: string | null;
  unitName: string;
  ownerEmail: string;
  perspective: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  description: string | null;
}

/** A KPI row as the server takes it (ImportKpiRow). */
export interface KpiRowInput {
  name: string;
  unitOfMeasure: string;
  direction: string;
  frequency: string | null;
  kind: string | null;
  baseline: number | null;
  unitName: string;
  ownerEmail: string;
  objectiveKeys: string[];
  target: number | null;
  amber: number | null;
  red: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  description: string | null;
}

export interface ParsedSheet<T> {
  rows: T[];
  /** File line of each row, by index (to place server errors). */
  lines: number[];
  errors: SheetError[];
}

interface Column {
  /** Header as written in the template. */
  name: string;
  /** Field of the server's input row it fills. */
  field: string;
  required?: boolean;
  aliases: string[];
  help: string;
}

/** Columns of the objectives sheet, in template order. */
export const OBJECTIVE_COLUMNS: Column[] = [
  {
    name: 'key',
    field: 'key',
    required: true,
    aliases: ['id', 'ref'],
    help: 'a short id for the row, unique in the file (O1, O2…)',
  },
  {
    name: 'title',
    field: 'title',
    required: true,
    aliases: ['objective', 'name'],
    help: 'what the organisation wants to achieve',
  },
  {
    name: 'parent',
    field: 'parent',
    aliases: ['parent key', 'parentkey', 'parent title', 'parenttitle', 'parent objective'],
    help: 'optional: the key of another row, or the exact title of an objective already in the plan',
  },
  {
    name: 'unit',
    field: 'unitName',
    required: true,
    aliases: ['unit name', 'unitname', 'department', 'team'],
    help: 'the name of a unit (Operations)',
  },
  {
    name: 'owner_email',
    field: 'ownerEmail',
    required: true,
    aliases: ['owner', 'owner email', 'owneremail', 'email'],
    help: 'the owner’s email',
  },
  {
    name: 'perspective',
    field: 'perspective',
    aliases: [],
    help: 'optional: financial, customer, internal process or learning & growth',
  },
  {
    name: 'period_start',
    field: 'periodStart',
    aliases: ['start', 'period start', 'periodstart'],
    help: 'optional: YYYY-MM-DD',
  },
  {
    name: 'period_end',
    field: 'periodEnd',
    aliases: ['end', 'period end', 'periodend'],
    help: 'optional: YYYY-MM-DD',
  },
  { name: 'description', field: 'description', aliases: ['notes'], help: 'optional' },
];

/** Columns of the KPIs sheet, in template order. */
export const KPI_COLUMNS: Column[] = [
  { name: 'name', field: 'name', required: true, aliases: ['kpi', 'kpi name'], help: 'the KPI’s name' },
  {
    name: 'unit_of_measure',
    field: 'unitOfMeasure',
    required: true,
    aliases: ['unit of measure', 'unitofmeasure', 'uom', 'measure'],
    help: '%, days, EUR…',
  },
  { name: 'direction', field: 'direction', required: true, aliases: [], help: 'higher or lower (is better)' },
  {
    name: 'frequency',
    field: 'frequency',
    aliases: [],
    help: 'optional: weekly, monthly (default) or quarterly',
  },
  {
    name: 'kind',
    field: 'kind',
    aliases: ['leading/lagging'],
    help: 'optional: leading or lagging (default)',
  },
  { name: 'baseline', field: 'baseline', aliases: [], help: 'optional: a number' },
  {
    name: 'unit',
    field: 'unitName',
    required: true,
    aliases: ['unit name', 'unitname', 'department', 'team'],
    help: 'the name of a unit',
  },
  {
    name: 'owner_email',
    field: 'ownerEmail',
    required: true,
    aliases: ['owner', 'owner email', 'owneremail', 'email'],
    help: 'the owner’s email',
  },
  {
    name: 'objectives',
    field: 'objectiveKeys',
    aliases: ['objective', 'objective keys', 'objectivekeys', 'objective_keys'],
    help: 'optional: keys of objective rows or titles of objectives in the plan, separated by ;',
  },
  { name: 'target', field: 'target', aliases: [], help: 'optional: a number' },
  { name: 'amber', field: 'amber', aliases: [], help: 'optional: worse than this is at risk' },
  { name: 'red', field: 'red', aliases: [], help: 'optional: worse than this is off track' },
  {
    name: 'period_start',
    field: 'periodStart',
    aliases: ['start', 'period start', 'periodstart', 'target start'],
    help: 'optional: the target’s period (default: the plan’s)',
  },
  {
    name: 'period_end',
    field: 'periodEnd',
    aliases: ['end', 'period end', 'periodend', 'target end'],
    help: 'optional: YYYY-MM-DD',
  },
  { name: 'description', field: 'description', aliases: ['notes'], help: 'optional' },
];

const EXAMPLE_OBJECTIVES = [
  [
    'O1',
    'Deliver every order on time',
    'Grow the business',
    'Operations',
    'ops.head@example.com',
    'internal process',
    '2027-01-01',
    '2027-12-31',
    'Customers buy again when we keep our word',
  ],
  [
    'O2',
    'Halve final-QC rework',
    'O1',
    'Quality',
    'qc.lead@example.com',
    'internal process',
    '2027-01-01',
    '2027-06-30',
    '',
  ],
];
const EXAMPLE_KPIS = [
  [
    'On-time delivery',
    '%',
    'higher',
    'monthly',
    'lagging',
    '88',
    'Operations',
    'ops.head@example.com',
    'O1',
    '95',
    '92',
    '90',
    '2027-01-01',
    '2027-12-31',
    '',
  ],
  [
    'Rework rate',
    '%',
    'lower',
    'weekly',
    'leading',
    '6',
    'Quality',
    'qc.lead@example.com',
    'O2;O1',
    '3',
    '4',
    '5',
    '',
    '',
    'Share of units sent back by final QC',
  ],
];

/** A CSV template for a sheet: the header and example rows. */
export function templateCsv(sheet: Sheet): string {
  const cols = sheet === 'objectives' ? OBJECTIVE_COLUMNS : KPI_COLUMNS;
  const rows = sheet === 'objectives' ? EXAMPLE_OBJECTIVES : EXAMPLE_KPIS;
  return Papa.unparse({ fields: cols.map((c) => c.name), data: rows }, { newline: '\n' }) + '\n';
}

const clean = (h: string) => h.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');

/** Maps each header cell to a column (null for unknown columns, which are ignored). */
function headerColumns(header: string[], cols: Column[]): (Column | null)[] {
  return header.map((h) => {
    const c = clean(h);
    return (
      cols.find(
        (col) => clean(col.name) === c || clean(col.field) === c || col.aliases.some((a) => clean(a) === c),
      ) ?? null
    );
  });
}

/** Reads a CSV into a header and data rows with their real file lines (blank lines skipped but counted). */
function readCsv(text: string, sheet: Sheet, cols: Column[]) {
  const errors: SheetError[] = [];
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  for (const e of parsed.errors)
    if (e.type === 'Quotes')
      errors.push({ sheet, line: (e.row ?? 0) + 1, message: 'A quoted cell is not closed.' });
  const all = parsed.data
    .map((cells, i) => ({ cells, line: i + 1 }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (all.length === 0)
    return {
      errors: [{ sheet, line: 0, message: 'The file is empty.' }],
      data: [],
      columns: [] as (Column | null)[],
      headerLine: 0,
    };
  const [head, ...data] = all;
  const columns = headerColumns(head.cells, cols);
  const missing = cols.filter((c) => c.required && !columns.includes(c)).map((c) => c.name);
  if (missing.length) {
    errors.push({
      sheet,
      line: head.line,
      message: `The header row must name the columns ${cols
        .filter((c) => c.required)
        .map((c) => c.name)
        .join(', ')}. Missing: ${missing.join(', ')}.`,
    });
    return { errors, data: [], columns, headerLine: head.line };
  }
  if (data.length === 0) errors.push({ sheet, line: 0, message: 'The file has a header but no rows.' });
  if (data.length > MAX_IMPORT_ROWS) {
    errors.unshift({
      sheet,
      line: 0,
      message: `The file has ${data.length.toLocaleString('en-GB')} rows; one import takes at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} per file so that it can be all or nothing.`,
    });
  }
  return { errors, data, columns, headerLine: head.line };
}

function cellReader(columns: (Column | null)[], cells: string[]) {
  return (field: string) => {
    const i = columns.findIndex((c) => c?.field === field);
    return i >= 0 ? (cells[i] ?? '').trim() : '';
  };
}

/**
 * Parses and checks the objectives sheet: required cells, unique keys, perspectives and dates.
 * `parent` becomes parentKey when it names a row of the file, else parentTitle (an existing
 * objective: the server checks it).
 */
export function parseObjectivesCsv(text: string): ParsedSheet<ObjectiveRowInput> {
  const sheet = 'objectives' as const;
  const { errors, data, columns } = readCsv(text, sheet, OBJECTIVE_COLUMNS);
  const rows: ObjectiveRowInput[] = [];
  const lines: number[] = [];
  const keys = new Map<string, number>();
  for (const { cells, line } of data) {
    const key = cellReader(columns, cells)('key').toLowerCase();
    if (key && !keys.has(key)) keys.set(key, line);
  }
  for (const { cells, line } of data) {
    const get = cellReader(columns, cells);
    const err = (column: string, message: string) => errors.push({ sheet, line, column, message });
    const key = get('key');
    if (!key) err('key', 'The key is missing (a short id for this row, e.g. O1).');
    else if (keys.get(key.toLowerCase()) !== line)
      err('key', `The key “${key}” is also used on line ${keys.get(key.toLowerCase())}.`);
    const title = get('title');
    if (!title) err('title', 'The title is missing.');
    else if (title.length > IMPORT_TEXT_LIMITS.title)
      err('title', `The title is longer than ${IMPORT_TEXT_LIMITS.title} characters.`);
    const unitName = get('unitName');
    if (!unitName) err('unit', 'The unit is missing.');
    const ownerEmail = get('ownerEmail');
    if (!ownerEmail) err('owner_email', 'The owner’s email is missing.');
    else if (!/^[^\s@]+@[^\s@]+$/.test(ownerEmail))
      err('owner_email', `“${ownerEmail}” is not an email address.`);
    const parent = get('parent');
    if (parent && key && parent.toLowerCase() === key.toLowerCase())
      err('parent', 'An objective cannot be its own parent.');
    const persp = get('perspective');
    const perspective = persp ? parsePerspective(persp) : null;
    if (persp && !perspective)
      err(
        'perspective',
        `“${persp}” is not a perspective (financial, customer, internal process or learning & growth).`,
      );
    const start = get('periodStart');
    const end = get('periodEnd');
    if (start && !isDay(start)) err('period_start', `“${start}” is not a date (use YYYY-MM-DD).`);
    if (end && !isDay(end)) err('period_end', `“${end}” is not a date (use YYYY-MM-DD).`);
    if (start && end && isDay(start) && isDay(end) && start > end)
      err('period_end', `The end date (${end}) is before the start date (${start}).`);
    const isKey = !!parent && keys.has(parent.toLowerCase());
    rows.push({
      key,
      title,
      parentKey: isKey ? parent : null,
      parentTitle: parent && !isKey ? parent : null,
      unitName,
      ownerEmail,
      perspective,
      periodStart: start || null,
      periodEnd: end || null,
      description: get('description') || null,
    });
    lines.push(line);
  }
  // Cycles among the file's own parents.
  const parentOf = new Map(
    rows.map((r) => [
      r.key.toLowerCase(),
      r.parentKey && r.parentKey.toLowerCase() !== r.key.toLowerCase() ? r.parentKey.toLowerCase() : null,
    ]),
  );
  rows.forEach((r, i) => {
    const cycle = r.key ? parentCycle(r.key.toLowerCase(), parentOf) : null;
    if (cycle)
      errors.push({
        sheet,
        line: lines[i],
        column: 'parent',
        message: `The parents form a cycle: ${cycle.map((x) => rows.find((rr) => rr.key.toLowerCase() === x)?.key ?? x).join(' → ')}.`,
      });
  });
  return { rows, lines, errors: sortErrors(errors) };
}

/** Parses and checks the KPIs sheet: required cells, enums, numbers, thresholds and dates. */
export function parseKpisCsv(text: string): ParsedSheet<KpiRowInput> {
  const sheet = 'kpis' as const;
  const { errors, data, columns } = readCsv(text, sheet, KPI_COLUMNS);
  const rows: KpiRowInput[] = [];
  const lines: number[] = [];
  for (const { cells, line } of data) {
    const get = cellReader(columns, cells);
    const err = (column: string, message: string) => errors.push({ sheet, line, column, message });
    const name = get('name');
    if (!name) err('name', 'The name is missing.');
    else if (name.length > IMPORT_TEXT_LIMITS.name)
      err('name', `The name is longer than ${IMPORT_TEXT_LIMITS.name} characters.`);
    const unitOfMeasure = get('unitOfMeasure');
    if (!unitOfMeasure) err('unit_of_measure', 'The unit of measure is missing (e.g. %, days, EUR).');
    else if (unitOfMeasure.length > IMPORT_TEXT_LIMITS.unitOfMeasure)
      err(
        'unit_of_measure',
        `The unit of measure is longer than ${IMPORT_TEXT_LIMITS.unitOfMeasure} characters.`,
      );
    const dirRaw = get('direction');
    const direction = dirRaw ? parseDirection(dirRaw) : null;
    if (!dirRaw) err('direction', 'The direction is missing (higher or lower is better).');
    else if (!direction) err('direction', `“${dirRaw}” is not a direction (higher or lower).`);
    const freqRaw = get('frequency');
    const frequency = freqRaw ? parseFrequency(freqRaw) : null;
    if (freqRaw && !frequency)
      err('frequency', `“${freqRaw}” is not a frequency (weekly, monthly or quarterly).`);
    const kindRaw = get('kind');
    const kind = kindRaw ? parseKind(kindRaw) : null;
    if (kindRaw && !kind) err('kind', `“${kindRaw}” is not a kind (leading or lagging).`);
    const num = (field: 'baseline' | 'target' | 'amber' | 'red') => {
      const raw = get(field);
      if (!raw) return null;
      const n = parseNumber(raw);
      if (n === null) err(field, `“${raw}” is not a number.`);
      return n;
    };
    const baseline = num('baseline');
    const target = num('target');
    const amber = num('amber');
    const red = num('red');
    const unitName = get('unitName');
    if (!unitName) err('unit', 'The unit is missing.');
    const ownerEmail = get('ownerEmail');
    if (!ownerEmail) err('owner_email', 'The owner’s email is missing.');
    else if (!/^[^\s@]+@[^\s@]+$/.test(ownerEmail))
      err('owner_email', `“${ownerEmail}” is not an email address.`);
    const objectiveKeys = splitObjectiveRefs(get('objectiveKeys'));
    const start = get('periodStart');
    const end = get('periodEnd');
    if (start && !isDay(start)) err('period_start', `“${start}” is not a date (use YYYY-MM-DD).`);
    if (end && !isDay(end)) err('period_end', `“${end}” is not a date (use YYYY-MM-DD).`);
    if (start && end && isDay(start) && isDay(end) && start > end)
      err('period_end', `The end date (${end}) is before the start date (${start}).`);
    if (target === null && !get('target')) {
      if (get('amber') || get('red')) err(get('amber') ? 'amber' : 'red', 'Thresholds need a target.');
      else if (start || end) err('target', 'A target period needs a target.');
    } else if (target !== null && direction) {
      const problem = validateThresholds({ direction, target, amber, red });
      if (problem) err(red !== null ? 'red' : 'amber', problem);
    }
    rows.push({
      name,
      unitOfMeasure,
      direction: direction ?? dirRaw,
      frequency,
      kind,
      baseline,
      unitName,
      ownerEmail,
      objectiveKeys,
      target,
      amber,
      red,
      periodStart: start || null,
      periodEnd: end || null,
      description: get('description') || null,
    });
    lines.push(line);
  }
  return { rows, lines, errors: sortErrors(errors) };
}

function sortErrors(errors: SheetError[]): SheetError[] {
  return errors
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].line - b[0].line || a[1] - b[1])
    .map(([e]) => e);
}

const FIELD_TO_COLUMN: Record<Sheet, Record<string, string>> = {
  objectives: {
    parentKey: 'parent',
    parentTitle: 'parent',
    unitName: 'unit',
    ownerEmail: 'owner_email',
    periodStart: 'period_start',
    periodEnd: 'period_end',
  },
  kpis: {
    unitOfMeasure: 'unit_of_measure',
    unitName: 'unit',
    ownerEmail: 'owner_email',
    objectiveKeys: 'objectives',
    periodStart: 'period_start',
    periodEnd: 'period_end',
  },
};

/** A row problem as the server reports it in `extensions.rows`. */
export interface ServerRowError {
  sheet: Sheet;
  row: number;
  field: string | null;
  message: string;
}

/** Places the server's row errors (1-based rows within what was sent) on the file's lines and columns. */
export function sheetErrorsFromServer(
  rows: readonly ServerRowError[],
  lines: Record<Sheet, readonly number[]>,
): SheetError[] {
  return rows.map((r) => ({
    sheet: r.sheet,
    line: r.row > 0 ? (lines[r.sheet][r.row - 1] ?? 0) : 0,
    column: r.field ? (FIELD_TO_COLUMN[r.sheet][r.field] ?? r.field) : undefined,
    message: r.message,
  }));
}
