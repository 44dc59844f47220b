import { Field, ID, ObjectType } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { SubjectType, WorkItemKind } from '@throughline/shared';
import type { Policy, Viewer } from '../../auth/policy.js';

/**
 * One entry of a person's "what I must do" list: something that waits for them, with where to do it.
 * Each kind comes from one source (see `work-sources.ts`); the list is read per viewer and never shows
 * what the viewer may not see.
 */
@ObjectType({
  description:
    'Something that waits for the viewer: a check-in, an action, a decision, a proposal, an approval.',
})
export class WorkItem {
  @Field(() => ID, { description: 'Stable across reads: kind and subject (e.g. "CHECK_IN_DUE:<kpi id>").' })
  id!: string;

  @Field(() => WorkItemKind)
  kind!: WorkItemKind;

  @Field({ description: 'What to do, in a few words (e.g. “Check in on On-time delivery”).' })
  title!: string;

  @Field({ description: 'Why now, one sentence (e.g. “Due Fri 4 Dec; the last check-in was 9 days ago”).' })
  detail!: string;

  @Field(() => Date, { nullable: true, description: 'When it is (or was) due; null when it has no date.' })
  dueAt!: Date | null;

  @Field({ description: 'True when the due date has passed.' })
  overdue!: boolean;

  @Field(() => SubjectType, { description: 'The kind of object to open.' })
  subjectType!: SubjectType;

  @Field(() => ID, { description: 'The object to open.' })
  subjectId!: string;

  @Field({ description: 'The web app path where it is done (e.g. "/kpis/<id>?checkIn=1").' })
  path!: string;
}

/** What a source is handed to list one person's work. */
export interface WorkSourceContext {
  db: DataSource | EntityManager;
  viewer: Viewer;
  policy: Policy;
  now: Date;
}

/** Lists one kind (or a few kinds) of work for the viewer; only what the viewer may see. */
export type WorkSource = (ctx: WorkSourceContext) => Promise<WorkItem[]>;
