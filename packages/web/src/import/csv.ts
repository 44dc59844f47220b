import Papa from 'papaparse';

/** Most measurements one `recordMeasurements` call accepts (the server refuses more, all or nothing). */
export const MAX_ROWS_PER_IMPORT = 5000;

/** A KPI the importer can match rows against. */
export interface KnownKpi {
  id: string;
  name: string;
}

/** A row ready to send. */
export interface MeasurementRow {
  line: number;
  kpiId: string;
  kpiName: string;
  value: number;
  at: string;
  note: string | null;
}

/** A problem with one row (or the file, when `line` is 0). */
export interface RowError {
  line: number;
  column?: string;
  message: string;
}

export interface ParsedImport {
  rows: MeasurementRow[];
  errors: RowError[];
  totalRows: number;
}

const HEADER_ALIASES: Record<string, 'kpi' | 'value' | 'at' | 'note'> = {
  kpi: 'kpi',
  kpiid: 'kpi',
  'kpi id': 'kpi',
  kpi_id: 'kpi',
  'kpi name': 'kpi',
  kpiname: 'kpi',
  kpi_name: 'kpi',
  name: 'kpi',
  value: 'value',
  at: 'at',
  date: 'at',
  period: 'at',
  note: 'note',
  notes: 'note',
  comment: 'note',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A date or date-time from a spreadsheet: ISO dates get noon UTC so the day is the same everywhere. */
export function parseAt(raw: string): Date | null {
  const s = raw.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(s + 'T12:00:00Z');
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) return null;
  const d = new Date(s.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A number as spreadsheets write it: "92.5", "1,250.5", "-3", "1e3"; a lone comma is a decimal comma ("92,5"). */
export function parseNumber(raw: string): number | null {
  let s = raw.trim().replace(/\s/g, '');
  if (!s) return null;
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[-+]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!NUMBER.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * Parses and checks every row of a measurements CSV before anything is sent: columns `kpi`
 * (id or exact name), `value`, `at` (YYYY-MM-DD or ISO date-time) and optional `note`. Line
 * numbers are the file's (the header is line 1), so people can find the row in their sheet.
 */
export function parseMeasurementsCsv(
  text: string,
  kpis: readonly KnownKpi[],
  now = new Date(),
): ParsedImport {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const errors: RowError[] = [];
  const data = parsed.data;
  if (data.length === 0)
    return { rows: [], errors: [{ line: 0, message: 'The file is empty.' }], totalRows: 0 };
  const header = data[0].map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? null);
  const col = (name: 'kpi' | 'value' | 'at' | 'note') => header.indexOf(name);
  const missing = (['kpi', 'value', 'at'] as const).filter((c) => col(c) < 0);
  if (missing.length) {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          message: `The header row must name the columns kpi, value and at (note is optional). Missing: ${missing.join(', ')}.`,
        },
      ],
      totalRows: data.length - 1,
    };
  }
  const byId = new Map(kpis.map((k) => [k.id.toLowerCase(), k]));
  const byName = new Map<string, KnownKpi[]>();
  for (const k of kpis)
    byName.set(k.name.trim().toLowerCase(), [...(byName.get(k.name.trim().toLowerCase()) ?? []), k]);

  const rows: MeasurementRow[] = [];
  for (let r = 1; r < data.length; r++) {
    const line = r + 1;
    const cells = data[r];
    const get = (c: 'kpi' | 'value' | 'at' | 'note') => (col(c) >= 0 ? (cells[col(c)] ?? '').trim() : '');
    const kpiRaw = get('kpi');
    let kpi: KnownKpi | undefined;
    if (!kpiRaw) errors.push({ line, column: 'kpi', message: 'The KPI is missing.' });
    else if (UUID.test(kpiRaw)) {
      kpi = byId.get(kpiRaw.toLowerCase());
      if (!kpi) errors.push({ line, column: 'kpi', message: `No KPI with id ${kpiRaw} that you can see.` });
    } else {
      const matches = byName.get(kpiRaw.toLowerCase()) ?? [];
      if (matches.length === 1) kpi = matches[0];
      else if (matches.length > 1)
        errors.push({
          line,
          column: 'kpi',
          message: `Several KPIs are named “${kpiRaw}”: use the KPI id instead.`,
        });
      else errors.push({ line, column: 'kpi', message: `No KPI named “${kpiRaw}” that you can see.` });
    }
    const valueRaw = get('value');
    const value = parseNumber(valueRaw);
    if (!valueRaw) errors.push({ line, column: 'value', message: 'The value is missing.' });
    else if (value === null)
      errors.push({ line, column: 'value', message: `“${valueRaw}” is not a number.` });
    const atRaw = get('at');
    const at = parseAt(atRaw);
    if (!atRaw) errors.push({ line, column: 'at', message: 'The date is missing.' });
    else if (!at) errors.push({ line, column: 'at', message: `“${atRaw}” is not a date (use YYYY-MM-DD).` });
    else if (at.getTime() > now.getTime() + 86_400_000)
      errors.push({ line, column: 'at', message: 'The date is more than a day in the future.' });
    const note = get('note');
    if (note.length > 2000)
      errors.push({ line, column: 'note', message: 'The note is longer than 2,000 characters.' });
    if (kpi && value !== null && at && !(at.getTime() > now.getTime() + 86_400_000) && note.length <= 2000) {
      rows.push({ line, kpiId: kpi.id, kpiName: kpi.name, value, at: at.toISOString(), note: note || null });
    }
  }
  for (const e of parsed.errors)
    if (e.type === 'Quotes') errors.push({ line: (e.row ?? 0) + 1, message: 'A quoted cell is not closed.' });
  const totalRows = data.length - 1;
  if (totalRows === 0) errors.push({ line: 0, message: 'The file has a header but no rows.' });
  if (totalRows > MAX_ROWS_PER_IMPORT) {
    errors.unshift({
      line: 0,
      message: `The file has ${totalRows.toLocaleString('en-GB')} rows; one import takes at most ${MAX_ROWS_PER_IMPORT.toLocaleString('en-GB')} so that it can be all or nothing. Split the file and import each part.`,
    });
  }
  return { rows, errors, totalRows };
}

/** Maps a server error path (`inputs.3.value`) back to the file line of that row. */
export function lineOfServerField(
  field: string | undefined,
  rows: readonly MeasurementRow[],
): { line: number; column?: string } | null {
  const m = field ? /^inputs\.(\d+)(?:\.(\w+))?$/.exec(field) : null;
  if (!m) return null;
  const row = rows[Number(m[1])];
  return row ? { line: row.line, column: m[2] === 'kpiId' ? 'kpi' : m[2] } : null;
}
