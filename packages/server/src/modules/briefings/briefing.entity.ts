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
import type { BriefingContent } from './briefing.content.js';

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
