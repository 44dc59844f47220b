import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import type { Meeting } from '../meetings/meeting.entity.js';
import type { Unit } from '../units/unit.entity.js';
import type { BriefingContent, PreReadDelivery } from './briefing.content.js';

/**
 * A briefing as it was generated (at a meeting's close, or on request): its structured
 * content and both renderings are kept, so what was circulated can be read later unchanged.
 */
@Entity()
@Index(['unitId', 'generatedAt'])
export class Briefing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  unitId: string;

  @ManyToOne('Unit', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  unit?: Relation<Unit>;

  @Index()
  @Column('uuid', { nullable: true })
  meetingId: string | null;

  @ManyToOne('Meeting', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  meeting?: Relation<Meeting>;

  /**
   * Set on a review's pre-read (at most one per meeting: regenerating replaces it in place, so a
   * link already sent shows the newest version). `meetingId` stays null on a pre-read: that column
   * names the review whose close produced the briefing.
   */
  @Index({ unique: true, where: '"pre_read_of_meeting_id" IS NOT NULL' })
  @Column('uuid', { nullable: true })
  preReadOfMeetingId: string | null;

  @ManyToOne('Meeting', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  preReadOfMeeting?: Relation<Meeting>;

  /** A pre-read: when it was last sent to the participants, by whom, and what happened per person. */
  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @Column('uuid', { nullable: true })
  sentById: string | null;

  @Column('jsonb', { default: [] })
  deliveries: PreReadDelivery[];

  @Column('timestamptz')
  periodFrom: Date;

  @Column('timestamptz')
  periodTo: Date;

  @Column('timestamptz')
  generatedAt: Date;

  @Column('uuid', { nullable: true })
  generatedById: string | null;

  @Column('jsonb')
  content: BriefingContent;

  @Column('text')
  markdown: string;

  @Column('text')
  html: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
