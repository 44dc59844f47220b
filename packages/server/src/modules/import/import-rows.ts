import { Direction, ErrorCode, Frequency, KpiKind, Perspective } from '@throughline/shared';
import { GraphQLError } from 'graphql';
import { Policy } from '../../auth/policy.js';

/** The reason kept in history for everything an import creates. */
export const IMPORT_REASON = 'Imported from spreadsheet';

export type ImportSheet = 'objectives' | 'kpis';

/** One problem with one row (row is 1-based within its sheet; 0 = the sheet as a whole). */
export interface ImportRowError {
  sheet: ImportSheet;
  row: number;
  field: string | null;
  message: string;
}

/**
 * The BAD_USER_INPUT error of a refused import: every problem in `extensions.rows`, and the
 * first one's input path in `extensions.field` (e.g. `input.objectives.2.ownerEmail`: the
 * array index is 0-based, `row` is 1-based).
 */
export function importRowsError(rows: ImportRowError[]): GraphQLError {
  const first = rows[0];
  const field =
    first.row > 0
      ? `input.${first.sheet}.${first.row - 1}${first.field ? '.' + first.field : ''}`
      : `input.${first.sheet}`;
  const where =
    first.row > 0 ? `${first.sheet} row ${first.row}${first.field ? ` (${first.field})` : ''}` : first.sheet;
  const message =
    rows.length === 1
      ? `Nothing was imported. ${where}: ${first.message}`
      : `Nothing was imported: ${rows.length} problems. The first, ${where}: ${first.message}`;
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, rows } });
}

export const text = (v: string | null | undefined) => (v ?? '').trim();

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: Policy['viewer']['role'];
  unit_id: string;
}

export interface CheckedObjective {
  row: number;
  key: string;
  title: string;
  description: string;
  unitId: string;
  ownerId: string;
  parentKey: string | null;
  parentId: string | null;
  perspective: Perspective | null;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface CheckedKpi {
  row: number;
  name: string;
  description: string;
  unitOfMeasure: string;
  direction: Direction;
  frequency: Frequency;
  kind: KpiKind;
  baseline: number | null;
  unitId: string;
  ownerId: string;
  newObjectiveKeys: string[];
  existingObjectiveIds: string[];
  target: {
    periodStart: string;
    periodEnd: string;
    target: number;
    amber: number | null;
    red: number | null;
  } | null;
}
