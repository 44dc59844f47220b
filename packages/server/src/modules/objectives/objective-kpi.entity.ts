import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Kpi } from '../kpis/kpi.entity.js';
import type { Objective } from './objective.entity.js';

/** Link: a KPI measures progress toward an objective. */
@Entity()
export class ObjectiveKpi {
  @PrimaryColumn('uuid')
  objectiveId: string;

  @Index()
  @PrimaryColumn('uuid')
  kpiId: string;

  @ManyToOne('Objective', { onDelete: 'CASCADE' })
  @JoinColumn()
  objective?: Relation<Objective>;

  @ManyToOne('Kpi', { onDelete: 'CASCADE' })
  @JoinColumn()
  kpi?: Relation<Kpi>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
