import {
  Frequency,
  IMPORT_TEXT_LIMITS,
  isDay,
  KpiKind,
  MAX_IMPORT_ROWS,
  parentCycle,
  parseDirection,
  parseFrequency,
  parseKind,
  parsePerspective,
  Perspective,
  validateThresholds,
} from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { requireVisible, writeTransaction } from '../graph-write.js';
import { Plan } from '../plans/plan.entity.js';
import {
  ImportKpiRow,
  ImportObjectiveRow,
  ImportStrategyInput,
  ImportStrategyResult,
} from './import.inputs.js';

import {
  CheckedKpi,
  CheckedObjective,
  ImportRowError,
  ImportSheet,
  importRowsError,
  PersonRow,
  text,
} from './import-rows.js';
import { writeRows } from './import-write.js';

export { IMPORT_REASON, importRowsError } from './import-rows.js';
export type { ImportRowError, ImportSheet } from './import-rows.js';

/**
 * Creates objectives and KPIs (and their links) from spreadsheet rows in one transaction. Every
 * row is checked first — units and owners by name and email, permission to edit each unit,
 * parents (rows of the sheet or existing objectives of the plan), cycles, enums, thresholds,
 * dates — and every problem is reported at once; nothing is written unless all rows are good.
 * Each created object gets a CREATE history entry (reason "Imported from spreadsheet") and a
 * graph event; the drift hooks run for everything touched.
 */
export async function importStrategy(
  ctx: GraphQLContext,
  input: ImportStrategyInput,
): Promise<ImportStrategyResult> {
  const objRows = input.objectives ?? [];
  const kpiRows = input.kpis ?? [];
  if (objRows.length === 0 && kpiRows.length === 0)
    throw badInput('input', 'The import holds no objectives and no KPIs.');
  const tooMany: ImportRowError[] = [];
  if (objRows.length > MAX_IMPORT_ROWS)
    tooMany.push({
      sheet: 'objectives',
      row: 0,
      field: null,
      message: `At most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} rows per sheet (got ${objRows.length.toLocaleString('en-GB')}).`,
    });
  if (kpiRows.length > MAX_IMPORT_ROWS)
    tooMany.push({
      sheet: 'kpis',
      row: 0,
      field: null,
      message: `At most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} rows per sheet (got ${kpiRows.length.toLocaleString('en-GB')}).`,
    });
  if (tooMany.length) throw importRowsError(tooMany);

  return writeTransaction(ctx, async (m, policy, now) => {
    const plan = await requireVisible(m, policy, Plan, 'plan', input.planId, 'input.planId', (p) => p.unitId);
    const { objectives, kpis, errors } = await checkRows(m, policy, plan, objRows, kpiRows);
    if (errors.length) throw importRowsError(errors);
    return writeRows(m, policy, plan, objectives, kpis, now);
  });
}

/** Checks every row against the database (reads only) and collects every problem. */
async function checkRows(
  m: EntityManager,
  policy: Policy,
  plan: Plan,
  objRows: ImportObjectiveRow[],
  kpiRows: ImportKpiRow[],
) {
  const errors: ImportRowError[] = [];

  // Units the viewer can see, by name (an invisible unit is reported as unknown: names leak nothing).
  const unitsByName = new Map<string, string[]>();
  for (const u of policy.tree.byId.values()) {
    if (!policy.canSeeUnit(u.id)) continue;
    const k = u.name.trim().toLowerCase();
    unitsByName.set(k, [...(unitsByName.get(k) ?? []), u.id]);
  }
  const unitName = (id: string) => policy.tree.byId.get(id)?.name ?? id;

  // Owners by email, in one query.
  const emails = [
    ...new Set([...objRows, ...kpiRows].map((r) => text(r.ownerEmail).toLowerCase()).filter(Boolean)),
  ];
  const people: PersonRow[] = emails.length
    ? await m.query(
        `SELECT id, name, email, role, unit_id FROM person WHERE lower(email) = ANY($1) AND archived_at IS NULL`,
        [emails],
      )
    : [];
  const personByEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const ownerPolicies = new Map<string, Policy>();
  const ownerPolicy = (p: PersonRow) => {
    let op = ownerPolicies.get(p.id);
    if (!op) {
      op = new Policy(viewerOf({ ...p, unitId: p.unit_id }), policy.tree);
      ownerPolicies.set(p.id, op);
    }
    return op;
  };

  // Existing objectives of the plan the viewer can see, by exact title.
  const existing: { id: string; title: string; unit_id: string; owner_id: string }[] = await m.query(
    `SELECT id, title, unit_id, owner_id FROM objective WHERE plan_id = $1 AND archived_at IS NULL`,
    [plan.id],
  );
  const existingByTitle = new Map<string, string[]>();
  // Linking a KPI to an existing objective changes that objective: the same edit rule as
  // `linkKpiToObjective` applies (seeing it is not enough).
  const mayLinkTo = new Map<string, boolean>();
  for (const o of existing) {
    if (!policy.canSeeUnit(o.unit_id)) continue;
    mayLinkTo.set(o.id, policy.can('edit', { unitId: o.unit_id, ownerId: o.owner_id }));
    const k = o.title.trim();
    existingByTitle.set(k, [...(existingByTitle.get(k) ?? []), o.id]);
  }

  /** Unit, owner and permission, shared by both sheets. */
  const checkUnitAndOwner = (
    sheet: ImportSheet,
    row: number,
    r: { unitName?: string | null; ownerEmail?: string | null },
    what: string,
  ) => {
    let unitId: string | null = null;
    const uname = text(r.unitName);
    if (!uname) errors.push({ sheet, row, field: 'unitName', message: 'The unit is missing.' });
    else {
      const ids = unitsByName.get(uname.toLowerCase()) ?? [];
      if (ids.length === 0)
        errors.push({ sheet, row, field: 'unitName', message: `No unit named “${uname}” that you can see.` });
      else if (ids.length > 1)
        errors.push({ sheet, row, field: 'unitName', message: `Several units are named “${uname}”.` });
      else if (!policy.can('edit', { unitId: ids[0] }))
        errors.push({
          sheet,
          row,
          field: 'unitName',
          message: `You may not add ${what} to ${unitName(ids[0])}.`,
        });
      else unitId = ids[0];
    }
    let ownerId: string | null = null;
    const email = text(r.ownerEmail);
    if (!email) errors.push({ sheet, row, field: 'ownerEmail', message: 'The owner’s email is missing.' });
    else {
      const p = personByEmail.get(email.toLowerCase());
      if (!p) errors.push({ sheet, row, field: 'ownerEmail', message: `No person with email ${email}.` });
      else if (unitId && !ownerPolicy(p).canSeeUnit(unitId))
        errors.push({
          sheet,
          row,
          field: 'ownerEmail',
          message: `${p.name} cannot see ${unitName(unitId)}, so cannot own this.`,
        });
      else ownerId = p.id;
    }
    return { unitId, ownerId };
  };

  const checkDates = (
    sheet: ImportSheet,
    row: number,
    startRaw: string | null | undefined,
    endRaw: string | null | undefined,
  ) => {
    const start = text(startRaw) || null;
    const end = text(endRaw) || null;
    let ok = true;
    const fail = (field: string, message: string) => {
      ok = false;
      errors.push({ sheet, row, field, message });
    };
    if (start && !isDay(start)) fail('periodStart', `“${start}” is not a date (use YYYY-MM-DD).`);
    if (end && !isDay(end)) fail('periodEnd', `“${end}” is not a date (use YYYY-MM-DD).`);
    if (ok && start && end && start > end)
      fail('periodEnd', `The end date (${end}) is before the start date (${start}).`);
    return { start, end, ok };
  };

  const maxLen = (sheet: ImportSheet, row: number, field: string, v: string, max: number) => {
    if (v.length > max)
      errors.push({
        sheet,
        row,
        field,
        message: `${field} must be at most ${max.toLocaleString('en-GB')} characters.`,
      });
  };

  // ---- objectives ----
  const keyRows = new Map<string, number>();
  objRows.forEach((r, i) => {
    const key = text(r.key).toLowerCase();
    if (!key) return;
    if (keyRows.has(key))
      errors.push({
        sheet: 'objectives',
        row: i + 1,
        field: 'key',
        message: `The key “${text(r.key)}” is also used on row ${keyRows.get(key)}; keys must be unique.`,
      });
    else keyRows.set(key, i + 1);
  });
  const objectives: CheckedObjective[] = [];
  objRows.forEach((r, i) => {
    const row = i + 1;
    const sheet = 'objectives' as const;
    const n0 = errors.length;
    const key = text(r.key);
    if (!key)
      errors.push({
        sheet,
        row,
        field: 'key',
        message: 'The key is missing (a short id for this row, e.g. O1).',
      });
    maxLen(sheet, row, 'key', key, IMPORT_TEXT_LIMITS.key);
    const title = text(r.title);
    if (!title) errors.push({ sheet, row, field: 'title', message: 'The title is missing.' });
    maxLen(sheet, row, 'title', title, IMPORT_TEXT_LIMITS.title);
    const description = r.description ?? '';
    maxLen(sheet, row, 'description', description, IMPORT_TEXT_LIMITS.description);
    const { unitId, ownerId } = checkUnitAndOwner(sheet, row, r, 'objectives');
    const pk = text(r.parentKey);
    const pt = text(r.parentTitle);
    let parentKey: string | null = null;
    let parentId: string | null = null;
    if (pk && pt)
      errors.push({
        sheet,
        row,
        field: 'parentKey',
        message: 'Give either a parent key or a parent title, not both.',
      });
    else if (pk) {
      if (pk.toLowerCase() === key.toLowerCase())
        errors.push({ sheet, row, field: 'parentKey', message: 'An objective cannot be its own parent.' });
      else if (!keyRows.has(pk.toLowerCase()))
        errors.push({ sheet, row, field: 'parentKey', message: `No objective row with key “${pk}”.` });
      else parentKey = pk.toLowerCase();
    } else if (pt) {
      const ids = existingByTitle.get(pt) ?? [];
      if (ids.length === 0)
        errors.push({
          sheet,
          row,
          field: 'parentTitle',
          message: `No objective titled “${pt}” in this plan that you can see.`,
        });
      else if (ids.length > 1)
        errors.push({
          sheet,
          row,
          field: 'parentTitle',
          message: `Several objectives in this plan are titled “${pt}”.`,
        });
      else parentId = ids[0];
    }
    let perspective: Perspective | null = null;
    if (text(r.perspective)) {
      perspective = parsePerspective(text(r.perspective));
      if (!perspective)
        errors.push({
          sheet,
          row,
          field: 'perspective',
          message: `“${text(r.perspective)}” is not a perspective (FINANCIAL, CUSTOMER, INTERNAL_PROCESS or LEARNING_GROWTH).`,
        });
    }
    const dates = checkDates(sheet, row, r.periodStart, r.periodEnd);
    if (errors.length === n0 && unitId && ownerId) {
      objectives.push({
        row,
        key: key.toLowerCase(),
        title,
        description,
        unitId,
        ownerId,
        parentKey,
        parentId,
        perspective,
        periodStart: dates.start,
        periodEnd: dates.end,
      });
    }
  });
  // Cycles among the sheet's own parent keys (existing objectives cannot point at new rows).
  const parentOf = new Map<string, string | null>();
  objRows.forEach((r) => {
    const k = text(r.key).toLowerCase();
    const pk = text(r.parentKey).toLowerCase();
    if (k && !parentOf.has(k)) parentOf.set(k, pk && keyRows.has(pk) && pk !== k ? pk : null);
  });
  for (const [k, row] of keyRows) {
    const cycle = parentCycle(k, parentOf);
    if (cycle) {
      const shown = cycle.map((x) => text(objRows[keyRows.get(x)! - 1].key)).join(' → ');
      errors.push({
        sheet: 'objectives',
        row,
        field: 'parentKey',
        message: `The parent keys form a cycle: ${shown}.`,
      });
    }
  }

  // ---- KPIs ----
  const kpis: CheckedKpi[] = [];
  kpiRows.forEach((r, i) => {
    const row = i + 1;
    const sheet = 'kpis' as const;
    const n0 = errors.length;
    const name = text(r.name);
    if (!name) errors.push({ sheet, row, field: 'name', message: 'The name is missing.' });
    maxLen(sheet, row, 'name', name, IMPORT_TEXT_LIMITS.name);
    const description = r.description ?? '';
    maxLen(sheet, row, 'description', description, IMPORT_TEXT_LIMITS.description);
    const unitOfMeasure = text(r.unitOfMeasure);
    if (!unitOfMeasure)
      errors.push({
        sheet,
        row,
        field: 'unitOfMeasure',
        message: 'The unit of measure is missing (e.g. %, days, EUR).',
      });
    maxLen(sheet, row, 'unitOfMeasure', unitOfMeasure, IMPORT_TEXT_LIMITS.unitOfMeasure);
    const direction = text(r.direction) ? parseDirection(text(r.direction)) : null;
    if (!text(r.direction))
      errors.push({
        sheet,
        row,
        field: 'direction',
        message: 'The direction is missing (higher or lower is better).',
      });
    else if (!direction)
      errors.push({
        sheet,
        row,
        field: 'direction',
        message: `“${text(r.direction)}” is not a direction (HIGHER_IS_BETTER or LOWER_IS_BETTER).`,
      });
    let frequency = Frequency.MONTHLY;
    if (text(r.frequency)) {
      const f = parseFrequency(text(r.frequency));
      if (!f)
        errors.push({
          sheet,
          row,
          field: 'frequency',
          message: `“${text(r.frequency)}” is not a frequency (WEEKLY, MONTHLY or QUARTERLY).`,
        });
      else frequency = f;
    }
    let kind = KpiKind.LAGGING;
    if (text(r.kind)) {
      const k = parseKind(text(r.kind));
      if (!k)
        errors.push({
          sheet,
          row,
          field: 'kind',
          message: `“${text(r.kind)}” is not a kind (LEADING or LAGGING).`,
        });
      else kind = k;
    }
    for (const f of ['baseline', 'target', 'amber', 'red'] as const) {
      const v = r[f];
      if (v != null && !Number.isFinite(v))
        errors.push({ sheet, row, field: f, message: `${f} must be a finite number.` });
    }
    const { unitId, ownerId } = checkUnitAndOwner(sheet, row, r, 'KPIs');
    const newObjectiveKeys: string[] = [];
    const existingObjectiveIds: string[] = [];
    for (const raw of r.objectiveKeys ?? []) {
      const ref = text(raw);
      if (!ref) continue;
      if (keyRows.has(ref.toLowerCase())) {
        if (!newObjectiveKeys.includes(ref.toLowerCase())) newObjectiveKeys.push(ref.toLowerCase());
        continue;
      }
      const ids = existingByTitle.get(ref) ?? [];
      if (ids.length === 0)
        errors.push({
          sheet,
          row,
          field: 'objectiveKeys',
          message: `“${ref}” is neither the key of an objective row nor the title of an objective in this plan that you can see.`,
        });
      else if (ids.length > 1)
        errors.push({
          sheet,
          row,
          field: 'objectiveKeys',
          message: `Several objectives in this plan are titled “${ref}”.`,
        });
      else if (!mayLinkTo.get(ids[0]))
        errors.push({
          sheet,
          row,
          field: 'objectiveKeys',
          message: `You may not link KPIs to “${ref}”: you cannot change that objective.`,
        });
      else if (!existingObjectiveIds.includes(ids[0])) existingObjectiveIds.push(ids[0]);
    }
    const dates = checkDates(sheet, row, r.periodStart, r.periodEnd);
    let target: CheckedKpi['target'] = null;
    if (r.target == null) {
      if (r.amber != null || r.red != null)
        errors.push({
          sheet,
          row,
          field: r.amber != null ? 'amber' : 'red',
          message: 'Thresholds need a target.',
        });
      else if (dates.start || dates.end)
        errors.push({ sheet, row, field: 'target', message: 'A target period needs a target.' });
    } else if (direction && [r.target, r.amber, r.red].every((v) => v == null || Number.isFinite(v))) {
      const err = validateThresholds({
        direction,
        target: r.target,
        amber: r.amber ?? null,
        red: r.red ?? null,
      });
      if (err) errors.push({ sheet, row, field: r.red != null ? 'red' : 'amber', message: err });
      const start = dates.start ?? plan.periodStart;
      const end = dates.end ?? plan.periodEnd;
      if (dates.ok && start > end)
        errors.push({
          sheet,
          row,
          field: dates.start ? 'periodStart' : 'periodEnd',
          message: `The target period would end (${end}) before it starts (${start}).`,
        });
      target = {
        periodStart: start,
        periodEnd: end,
        target: r.target,
        amber: r.amber ?? null,
        red: r.red ?? null,
      };
    }
    if (errors.length === n0 && unitId && ownerId && direction) {
      kpis.push({
        row,
        name,
        description,
        unitOfMeasure,
        direction,
        frequency,
        kind,
        baseline: r.baseline ?? null,
        unitId,
        ownerId,
        newObjectiveKeys,
        existingObjectiveIds,
        target,
      });
    }
  });

  errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === 'objectives' ? -1 : 1));
  return { objectives, kpis, errors };
}
