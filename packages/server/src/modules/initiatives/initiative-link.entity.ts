import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Kpi } from '../kpis/kpi.entity.js';
import type { Objective } from '../objectives/objective.entity.js';
import type { Initiative } from './initiative.entity.js';

/** Link: an initiative supports an objective. */
@Entity()
export class InitiativeObjective {
  @PrimaryColumn('uuid')
  initiativeId: string;

  @Index()
  @PrimaryColumn('uuid')
  objectiveId: string;

  @ManyToOne('Initiative', { onDelete: 'CASCADE' })
  @JoinColumn()
  initiative?: Relation<Initiative>;

  @ManyToOne('Objective', { onDelete: 'CASCADE' })
  @JoinColumn()
  objective?: Relation<Objective>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Link: an initiative is expected to move a KPI. */
@Entity()
export class InitiativeKpi {
  @PrimaryColumn('uuid')
  initiativeId: string;

  @Index()
  @PrimaryColumn('uuid')
  kpiId: string;

  @ManyToOne('Initiative', { onDelete: 'CASCADE' })
  @JoinColumn()
  initiative?: Relation<Initiative>;

  @ManyToOne('Kpi', { onDelete: 'CASCADE' })
  @JoinColumn()
  kpi?: Relation<Kpi>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
