import { Health, SubjectType } from '@throughline/shared';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { BriefingContent, BriefingLine, PreReadDelivery, WhyNote } from './briefing.content.js';
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

export enum PreReadOutcome {
  SENT = 'SENT',
  SENT_NO_SIGN_IN = 'SENT_NO_SIGN_IN',
  FAILED = 'FAILED',
  NO_MAIL_SERVER = 'NO_MAIL_SERVER',
  LEFT = 'LEFT',
  NO_ACCESS = 'NO_ACCESS',
}
registerEnumType(PreReadOutcome, {
  name: 'PreReadOutcome',
  description: 'What happened when a pre-read was sent to one person.',
  valuesConfig: {
    SENT: { description: 'The SMTP server took the email.' },
    SENT_NO_SIGN_IN: {
      description:
        'Sent, but the person has no sign-in yet: the link asks them to accept an invitation first.',
    },
    FAILED: { description: 'The SMTP server refused the email or could not be reached (see error).' },
    NO_MAIL_SERVER: { description: 'This server sends no email (no SMTP_URL): nothing was sent.' },
    LEFT: { description: 'The person has left the organisation: nothing was sent.' },
    NO_ACCESS: { description: "The person can no longer see the review's unit: nothing was sent." },
  },
});

/** One note of a pre-read's "why". */
@ObjectType('BriefingNote', {
  description: 'A note behind a KPI that moved or is off track: written with a measurement (or a check-in).',
})
export class BriefingNoteView {
  @Field(() => ID) kpiId: string;
  @Field() kpiName: string;
  @Field({ description: 'MEASUREMENT or CHECK_IN.' }) source: string;
  @Field(() => Date, { description: 'The measurement (or check-in) it was written with.' }) at: Date;
  @Field() text: string;
  @Field(() => String, { nullable: true, description: 'The value recorded with it, with its unit.' })
  value: string | null;
  @Field(() => String, { nullable: true }) authorName: string | null;
}

/** One recipient of a sent pre-read. */
@ObjectType('PreReadDelivery', { description: 'One recipient of a sent pre-read, and what happened.' })
export class PreReadDeliveryView {
  @Field(() => ID) personId: string;
  @Field({ description: 'Their name when it was sent.' }) name: string;
  @Field({ description: 'CHAIR or PARTICIPANT.' }) role: string;
  @Field(() => PreReadOutcome) outcome: PreReadOutcome;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Date) at: Date;
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
  @Field(() => ID, { nullable: true, description: "Set on a review's pre-read: the review it prepares." })
  preReadOfMeetingId: string | null;
  @Field(() => [BriefingLineView], {
    description: "A pre-read: decisions of the scope due for revisit by the review's day (empty otherwise).",
  })
  revisitDue: BriefingLineView[];
  @Field(() => [BriefingNoteView], {
    description: 'A pre-read: the "why" — notes on the KPIs that moved or are off track, newest first.',
  })
  why: BriefingNoteView[];
  @Field(() => Date, {
    nullable: true,
    description: 'A pre-read: when it was last sent to the participants.',
  })
  sentAt: Date | null;
  @Field(() => ID, { nullable: true }) sentById: string | null;
  @Field(() => [PreReadDeliveryView], {
    description: 'A pre-read: to whom it was last sent, and what happened.',
  })
  deliveries: PreReadDeliveryView[];
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
    preReadOfMeetingId: b.preReadOfMeetingId ?? null,
    revisitDue: (c.revisitDue ?? []).map(lineView),
    why: (c.why ?? []).map((n: WhyNote) =>
      Object.assign(new BriefingNoteView(), { ...n, at: new Date(n.at) }),
    ),
    sentAt: b.sentAt ?? null,
    sentById: b.sentById ?? null,
    deliveries: (b.deliveries ?? []).map((d: PreReadDelivery) =>
      Object.assign(new PreReadDeliveryView(), {
        ...d,
        outcome: d.outcome as PreReadOutcome,
        at: new Date(d.at),
      }),
    ),
    markdown: b.markdown,
    html: b.html,
    markdownPath: b.id ? `/briefings/${b.id}.md` : null,
    htmlPath: b.id ? `/briefings/${b.id}.html` : null,
  });
}
