import { AlertStatus, SubjectType } from '@throughline/shared';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Drift detected by a rule for one subject, raised to the subject's owner and its unit's
 * head. At most one open (OPEN or ACKNOWLEDGED) alert per rule and subject: the partial
 * unique index makes raising idempotent even when two transactions race.
 */
@ObjectType({
  description: 'Drift detected by a rule for a subject, raised to its owner and its unit’s head.',
})
@Entity()
@Index('uq_alert_open_per_rule_subject', ['rule', 'subjectId'], {
  unique: true,
  where: `status IN ('OPEN', 'ACKNOWLEDGED')`,
})
@Index('ix_alert_unit_status', ['unitId', 'status'])
export class Alert {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({
    description: 'The drift rule, e.g. KPI_OFF_TRACK, MILESTONE_OVERDUE (see AlertRule in the server).',
  })
  @Column('varchar', { length: 40 })
  rule: string;

  @Field()
  @Column('text')
  message: string;

  @Field(() => ID)
  @Column('uuid')
  subjectId: string;

  @Field(() => SubjectType)
  @Column('varchar', { length: 20 })
  subjectType: SubjectType;

  /** Unit of the subject: visibility and the unit head come from it. */
  @Field(() => ID)
  @Column('uuid')
  unitId: string;

  /** The subject's owner; null when the owner left (the alert then goes to the unit head). */
  @Field(() => ID, { nullable: true })
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Field(() => AlertStatus)
  @Column('varchar', { length: 20, default: AlertStatus.OPEN })
  status: AlertStatus;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  raisedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @Column('uuid', { nullable: true })
  acknowledgedById: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the person who acknowledged it said (e.g. what is being done about it).',
  })
  @Column('text', { nullable: true })
  acknowledgedNote: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  /** The head it was last escalated to (nobody acknowledged it within the plan's window); null: not escalated. */
  @Column('uuid', { nullable: true })
  escalatedToId: string | null;

  /** The unit whose head it was escalated to (the next escalation starts above it). */
  @Column('uuid', { nullable: true })
  escalatedUnitId: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last escalated; null: never.' })
  @Column('timestamptz', { nullable: true })
  escalatedAt: Date | null;

  @Field(() => Int, { description: 'How many times it was escalated one level up (0: never).' })
  @Column('int', { default: 0 })
  escalationLevel: number;

  /** The window (days) that had passed unacknowledged at the last escalation, for the explanation. */
  @Column('int', { nullable: true })
  escalationWindowDays: number | null;
}
