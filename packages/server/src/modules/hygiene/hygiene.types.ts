import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Unit } from '../units/unit.entity.js';

/** A team with more than three objectives in one quarter. */
@ObjectType({ description: 'A team with more than three objectives in one quarter: focus is spread thin.' })
export class TeamObjectiveLoad {
  @Field(() => Unit) unit: Unit;
  @Field({ description: 'e.g. 2027-Q1' }) quarter: string;
  @Field(() => DateOnlyScalar) quarterStart: string;
  @Field(() => Int) objectiveCount: number;
  @Field(() => [Objective]) objectives: Objective[];
}

/** The executive dashboard against its limit of seven KPIs. */
@ObjectType({ description: 'KPIs on the executive dashboard (the limit is seven).' })
export class ExecutiveDashboardLoad {
  @Field(() => Int) kpiCount: number;
  @Field(() => Int) limit: number;
  @Field() overLimit: boolean;
  @Field(() => [Kpi]) kpis: Kpi[];
}

/** A unit (with its subtree) committing more initiative capacity than it has. */
@ObjectType({
  description:
    'Committed initiative capacity (active and proposed, the unit and below, any plan) against the capacity available there: the either/or conversation. The same figures as Unit.capacity.',
})
export class CapacityCommitment {
  @Field(() => Unit) unit: Unit;
  @Field(() => Float, {
    description: 'Sum of the capacity of active and proposed initiatives of the unit and below.',
  })
  committed: number;
  @Field(() => Float, { description: 'Available capacity of the unit and below.' }) available: number;
  @Field(() => [Initiative]) initiatives: Initiative[];
}

/** Portfolio hygiene: the structural problems of a plan or unit, visible items only. */
@ObjectType({ description: 'Portfolio hygiene of a plan and/or unit subtree (only what you may see).' })
export class HygieneReport {
  @Field(() => [Initiative], {
    description: 'Initiatives (not stopped or archived) supporting no objective.',
  })
  initiativesWithoutObjective: Initiative[];
  @Field(() => [Initiative], { description: 'Initiatives (not stopped or archived) targeting no KPI.' })
  initiativesWithoutKpi: Initiative[];
  @Field(() => [Objective], { description: 'Objectives whose owner has left.' })
  unownedObjectives: Objective[];
  @Field(() => [Kpi], { description: 'KPIs whose owner has left.' }) unownedKpis: Kpi[];
  @Field(() => [Kpi], {
    description: 'KPIs measuring no objective (vanity metrics). Not plan-scoped: they belong to no plan.',
  })
  vanityKpis: Kpi[];
  @Field(() => [TeamObjectiveLoad]) overloadedTeams: TeamObjectiveLoad[];
  @Field(() => ExecutiveDashboardLoad, { description: 'Organisation-wide (not narrowed by plan or unit).' })
  executiveDashboard: ExecutiveDashboardLoad;
  @Field(() => [CapacityCommitment]) overcommittedUnits: CapacityCommitment[];
  @Field(() => Int, {
    description: 'Number of problems listed (the dashboard over its limit counts as one).',
  })
  issueCount: number;
}
