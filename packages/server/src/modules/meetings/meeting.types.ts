import { Health, SubjectType } from '@throughline/shared';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { AgendaItemKind } from './meeting-agenda.js';
import { Meeting } from './meeting.entity.js';
import { ReviewDiffKind } from './review-diff.service.js';

registerEnumType(AgendaItemKind, {
  name: 'AgendaItemKind',
  description: 'What an agenda item drafted from live data is about.',
});
registerEnumType(ReviewDiffKind, {
  name: 'ReviewDiffKind',
  description: 'What kind of change happened between two reviews.',
});

/** A subject as it stood when a meeting opened. */
@ObjectType({ description: 'An objective, KPI or initiative as it stood when the meeting opened.' })
export class SnapshotItem {
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field(() => ID) subjectId: string;
  @Field() name: string;
  @Field(() => Health) health: Health;
  @Field(() => Float, { nullable: true, description: 'KPIs: the latest value then.' }) value: number | null;
  @Field(() => Float, { nullable: true, description: 'KPIs: the target in force then.' }) target:
    | number
    | null;
  @Field(() => Boolean, { nullable: true, description: 'KPIs: whether it was stale then.' }) stale:
    | boolean
    | null;
  @Field(() => ID) unitId: string;
  ownerId: string;
}

/** The live data of a meeting's scope as it stood at opening (filtered to what you may see). */
@ObjectType({
  description: "The live data of the meeting's scope when it opened, limited to what you may see.",
})
export class MeetingSnapshotView {
  @Field(() => Date) takenAt: Date;
  @Field(() => [SnapshotItem]) kpis: SnapshotItem[];
  @Field(() => [SnapshotItem]) objectives: SnapshotItem[];
  @Field(() => [SnapshotItem]) initiatives: SnapshotItem[];
}

/** A subject whose health differs between a meeting's snapshot and now. */
@ObjectType({ description: 'A subject whose health changed since the meeting opened.' })
export class HealthChange {
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field(() => ID) subjectId: string;
  @Field() name: string;
  @Field(() => Health) before: Health;
  @Field(() => Health) after: Health;
  @Field(() => Float, { nullable: true, description: 'KPIs: the value when the meeting opened.' })
  valueBefore: number | null;
  @Field(() => Float, { nullable: true, description: 'KPIs: the latest value now.' }) valueAfter:
    | number
    | null;
  ownerId: string;
}

/** One agenda item drafted from live data. */
@ObjectType('AgendaItem', { description: 'An agenda item drafted from live data.' })
export class AgendaItemView {
  @Field(() => AgendaItemKind) kind: AgendaItemKind;
  @Field() title: string;
  @Field() detail: string;
  @Field(() => ID, { description: 'The decision, action, KPI or milestone it is about.' }) subjectId: string;
  @Field(() => String, { nullable: true }) ownerName: string | null;
  @Field(() => ID, { nullable: true }) ownerId: string | null;
  @Field({ description: 'The title of the agenda section it belongs to (by kind).' }) section: string;
}

/** An agenda drafted from live data, structured and as Markdown. */
@ObjectType({ description: 'An agenda drafted from live data: structured items and the same as Markdown.' })
export class AgendaDraft {
  @Field(() => Meeting) meeting: Meeting;
  @Field(() => [AgendaItemView]) items: AgendaItemView[];
  @Field() markdown: string;
}

/** Follow-through of one owner. */
@ObjectType({ description: 'Follow-through of one owner.' })
export class OwnerFollowThrough {
  @Field(() => Float, { nullable: true, description: 'doneOnTime / due; null when nothing was due.' }) rate:
    | number
    | null;
  @Field(() => Int, { description: 'Actions whose due date has passed (dropped ones excluded).' })
  due: number;
  @Field(() => Int, { description: 'Of those, done by their due date.' }) doneOnTime: number;
  ownerId: string;
}

/** Follow-through of a unit: actions done by their due date / actions due. */
@ObjectType({
  description:
    'Follow-through of a unit (and below): actions done by their due date / actions due. Dropped actions count in neither.',
})
export class FollowThrough {
  @Field(() => Float, { nullable: true }) rate: number | null;
  @Field(() => Int) due: number;
  @Field(() => Int) doneOnTime: number;
  @Field(() => [OwnerFollowThrough]) byOwner: OwnerFollowThrough[];
  unitId: string;
}

/** One change between two reviews. */
@ObjectType({ description: 'One change between two reviews of a scope.' })
export class ReviewDiffEntry {
  @Field(() => ReviewDiffKind) kind: ReviewDiffKind;
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field(() => ID) subjectId: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) before: string | null;
  @Field(() => String, { nullable: true }) after: string | null;
  @Field(() => Date, { nullable: true, description: 'When it changed (null for health changes).' })
  at: Date | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  actorId: string | null;
}

/** What changed between two reviews of the same scope. */
@ObjectType({ description: 'What changed between two reviews of the same scope.' })
export class ReviewDiff {
  @Field(() => Meeting) from: Meeting;
  @Field(() => Meeting) to: Meeting;
  @Field(() => Date) fromAt: Date;
  @Field(() => Date) toAt: Date;
  @Field(() => [ReviewDiffEntry]) entries: ReviewDiffEntry[];
}
