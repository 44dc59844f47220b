import { Health, SubjectType } from '@throughline/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import type { BriefingContent, BriefingLine } from './briefing.content.js';
import type { RenderedBriefing } from './briefing.service.js';

/** One line of a briefing. */
@ObjectType('BriefingLine', { description: 'One line of a briefing: a subject, its health, its owner.' })
export class BriefingLineView {
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field(() => ID) subjectId: string;
  @Field() title: string;
  @Field(() => Health, { nullable: true }) health: Health | null;
  @Field(() => Health, { nullable: true, description: 'What moved: the health before.' })
  previousHealth: Health | null;
  @Field(() => ID, { nullable: true }) ownerId: string | null;
  @Field(() => String, { nullable: true }) ownerName: string | null;
  @Field(() => String, { nullable: true }) detail: string | null;
  @Field(() => Date, { nullable: true, description: 'Actions: when it was due.' }) dueDate: Date | null;
}

/** A briefing of a unit for a period, generated from live data. */
@ObjectType('Briefing', {
  description: 'A briefing of a unit for a period, generated from live data, as Markdown and printable HTML.',
})
export class BriefingView {
  @Field(() => ID, {
    nullable: true,
    description:
      'Set for a stored briefing (download at /briefings/<id>.md or .html with your bearer token).',
  })
  id: string | null;
  @Field(() => ID) unitId: string;
  @Field(() => ID, { nullable: true, description: 'The meeting whose close produced it.' }) meetingId:
    | string
    | null;
  @Field(() => Date) from: Date;
  @Field(() => Date) to: Date;
  @Field(() => Date) generatedAt: Date;
  @Field(() => Date, {
    description:
      'What "moved" is measured against: the previous briefing of the unit, else the period start.',
  })
  comparedAt: Date;
  @Field(() => [BriefingLineView]) objectives: BriefingLineView[];
  @Field(() => [BriefingLineView], { description: 'KPIs whose health changed since comparedAt.' })
  moved: BriefingLineView[];
  @Field(() => [BriefingLineView], { description: 'Off-track KPIs and initiatives with their owners.' })
  offTrack: BriefingLineView[];
  @Field(() => [BriefingLineView]) decisions: BriefingLineView[];
  @Field(() => [BriefingLineView], {
    description:
      'Open actions past their due date (those of a review are listed under newActions or carriedActions).',
  })
  overdueActions: BriefingLineView[];
  @Field(() => [BriefingLineView], {
    description: "A review's briefing: the actions it agreed, with owners and due dates (empty otherwise).",
  })
  newActions: BriefingLineView[];
  @Field(() => [BriefingLineView], {
    description:
      "A review's briefing: actions of earlier reviews of the scope still open when it closed (empty otherwise).",
  })
  carriedActions: BriefingLineView[];
  @Field(() => String, {
    nullable: true,
    description: "A review's briefing: its minutes as fixed when it closed (null otherwise).",
  })
  minutes: string | null;
  @Field() markdown: string;
  @Field({ description: 'A printable, self-contained HTML page.' }) html: string;
  @Field(() => String, { nullable: true, description: 'Path of the Markdown download (stored briefings).' })
  markdownPath: string | null;
  @Field(() => String, { nullable: true, description: 'Path of the HTML download (stored briefings).' })
  htmlPath: string | null;
}

const lineView = (l: BriefingLine): BriefingLineView =>
  Object.assign(new BriefingLineView(), { ...l, dueDate: l.dueDate ? new Date(l.dueDate) : null });

/** The GraphQL view of a rendered briefing. */
export function briefingView(b: RenderedBriefing): BriefingView {
  const c: BriefingContent = b.content;
  return Object.assign(new BriefingView(), {
    id: b.id,
    unitId: b.unitId,
    meetingId: b.meetingId,
    from: new Date(c.from),
    to: new Date(c.to),
    generatedAt: new Date(c.generatedAt),
    comparedAt: new Date(c.comparedAt),
    objectives: c.objectives.map(lineView),
    moved: c.moved.map(lineView),
    offTrack: c.offTrack.map(lineView),
    decisions: c.decisions.map(lineView),
    overdueActions: c.overdueActions.map(lineView),
    newActions: (c.newActions ?? []).map(lineView),
    carriedActions: (c.carriedActions ?? []).map(lineView),
    minutes: c.meeting ? c.meeting.minutes : null,
    markdown: b.markdown,
    html: b.html,
    markdownPath: b.id ? `/briefings/${b.id}.md` : null,
    htmlPath: b.id ? `/briefings/${b.id}.html` : null,
  });
}
