import { Field, Int, ObjectType } from 'type-graphql';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from './objective.entity.js';

/** What archiving one objective would do, said before the user confirms. */
@ObjectType({ description: 'What archiving an objective does to its children, KPIs and initiatives.' })
export class ObjectiveArchiveImpact {
  @Field({ description: 'False while active child objectives remain: they must be moved or archived first.' })
  canArchive: boolean;

  @Field(() => [Objective], { description: 'Active child objectives you may see (they block the archive).' })
  children: Objective[];

  @Field(() => Int, { description: 'Active child objectives, including those you may not see.' })
  childCount: number;

  @Field(() => [Kpi], { description: 'KPIs measuring it: they stay active and keep their measurements.' })
  kpis: Kpi[];

  @Field(() => [Kpi], { description: 'Of those KPIs, the ones that then measure no active objective.' })
  kpisLeftAlone: Kpi[];

  @Field(() => [Initiative], { description: 'Initiatives supporting it: they stay as they are.' })
  initiatives: Initiative[];

  @Field(() => [Initiative], {
    description: 'Of those initiatives, the ones that then support no active objective.',
  })
  initiativesLeftAlone: Initiative[];
}
