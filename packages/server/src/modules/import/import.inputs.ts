import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';

/**
 * One row of the objectives sheet. Cells are plain strings as a spreadsheet holds them; every
 * row is checked on the server and problems come back per row (see ImportStrategyInput).
 */
@InputType({
  description:
    'One row of the objectives sheet of a spreadsheet import. Things are named by what a spreadsheet holds: unit names, owner emails, row keys.',
})
export class ImportObjectiveRow {
  @Field(() => String, {
    nullable: true,
    description: 'Row-local id (e.g. "O1") that other rows use as parentKey or in objectiveKeys. Required.',
  })
  key?: string | null;
  @Field(() => String, { nullable: true, description: 'Required.' }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The key of another row of this sheet that is the parent.',
  })
  parentKey?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The exact title of an existing objective of the plan that is the parent.',
  })
  parentTitle?: string | null;
  @Field(() => String, { nullable: true, description: 'Name of a unit you can see. Required.' }) unitName?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "Owner's email. Required." }) ownerEmail?:
    | string
    | null;
  @Field(() => String, {
    nullable: true,
    description: 'FINANCIAL, CUSTOMER, INTERNAL_PROCESS or LEARNING_GROWTH (Balanced Scorecard).',
  })
  perspective?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) periodStart?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) periodEnd?: string | null;
}

/** One row of the KPIs sheet. */
@InputType({ description: 'One row of the KPIs sheet of a spreadsheet import.' })
export class ImportKpiRow {
  @Field(() => String, { nullable: true, description: 'Required.' }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. "%", "days", "EUR". Required.' }) unitOfMeasure?:
    | string
    | null;
  @Field(() => String, {
    nullable: true,
    description: 'HIGHER_IS_BETTER or LOWER_IS_BETTER (also "higher"/"lower"). Required.',
  })
  direction?: string | null;
  @Field(() => String, { nullable: true, description: 'WEEKLY, MONTHLY (default) or QUARTERLY.' })
  frequency?: string | null;
  @Field(() => String, { nullable: true, description: 'LEADING or LAGGING (default).' }) kind?: string | null;
  @Field(() => Float, { nullable: true }) baseline?: number | null;
  @Field(() => String, { nullable: true, description: 'Name of a unit you can see. Required.' }) unitName?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "Owner's email. Required." }) ownerEmail?:
    | string
    | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'Objectives this KPI measures: keys of objective rows, or exact titles of existing objectives of the plan.',
  })
  objectiveKeys?: string[] | null;
  @Field(() => Float, { nullable: true }) target?: number | null;
  @Field(() => Float, { nullable: true, description: 'Worse than this is AT_RISK; needs a target.' }) amber?:
    | number
    | null;
  @Field(() => Float, { nullable: true, description: 'Worse than this is OFF_TRACK; needs a target.' }) red?:
    | number
    | null;
  @Field(() => String, {
    nullable: true,
    description: "Start of the target's period (YYYY-MM-DD); defaults to the plan's start.",
  })
  periodStart?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Last day of the target's period; defaults to the plan's end.",
  })
  periodEnd?: string | null;
}

/**
 * Objectives and KPIs from a spreadsheet, created in one transaction: all or nothing. When any
 * row is wrong nothing is written and the BAD_USER_INPUT error's `extensions.rows` lists every
 * problem as `{ sheet: "objectives" | "kpis", row (1-based), field, message }`.
 */
@InputType({
  description:
    'Objectives and KPIs from a spreadsheet, imported all or nothing. Errors list every bad row in extensions.rows.',
})
export class ImportStrategyInput {
  @Field(() => ID) planId: string;
  @Field(() => [ImportObjectiveRow], { nullable: true, description: 'At most 2,000 rows.' }) objectives?:
    | ImportObjectiveRow[]
    | null;
  @Field(() => [ImportKpiRow], { nullable: true, description: 'At most 2,000 rows.' }) kpis?:
    | ImportKpiRow[]
    | null;
}

/** What an import created. */
@ObjectType({ description: 'What a spreadsheet import created.' })
export class ImportStrategyResult {
  @Field(() => Int) objectivesCreated: number;
  @Field(() => Int) kpisCreated: number;
  @Field(() => Int, { description: 'KPI-to-objective links created.' }) linksCreated: number;
  @Field(() => [ID], { description: 'Ids of the created objectives, in row order.' }) objectiveIds: string[];
  @Field(() => [ID], { description: 'Ids of the created KPIs, in row order.' }) kpiIds: string[];
  @Field(() => [Objective], { description: 'The created objectives, in row order.' }) objectives: Objective[];
  @Field(() => [Kpi], { description: 'The created KPIs, in row order.' }) kpis: Kpi[];
}
