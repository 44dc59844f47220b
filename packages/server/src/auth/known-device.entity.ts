import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A browser a person has signed in from with the right password: its `throughline_device`
 * cookie carries a random token, stored here only hashed (SHA-256). A sign-in attempt for
 * this person that carries it is judged by the per-address budgets only, never by the
 * per-account backoff (auth/login-throttle.ts): others' guesses cannot lock the owner out of
 * a device they used before.
 */
@Entity()
export class KnownDevice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  personId: string;

  @Index({ unique: true })
  @Column('text')
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The last sign-in from this device (the oldest are forgotten first). */
  @Column('timestamptz', { default: () => 'now()' })
  lastUsedAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}
