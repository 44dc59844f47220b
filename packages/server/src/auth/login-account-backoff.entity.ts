import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The per-account sign-in budget across source addresses (auth/login-throttle.ts), one row per
 * account typed (the SHA-256 of the lower-cased address, known or not: the same answer either
 * way). Written only with SQL by the throttle; the entity exists so the table is migrated.
 */
@Entity()
export class LoginAccountBackoff {
  /** SHA-256 (base64url) of the lower-cased email typed. */
  @PrimaryColumn('varchar', { length: 64 })
  account: string;

  /** Attempts from devices not known for the account that have not been given back (failures). */
  @Column('int', { default: 0 })
  failures: number;

  /** When the count is forgotten: a failure-free window after the last failure. */
  @Index()
  @Column('timestamptz')
  forgetAt: Date;

  /** No attempt from an unknown device before this instant (null: none waiting). */
  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  /** Attempts refused since the last one let through (only the first of a run is logged). */
  @Column('int', { default: 0 })
  refused: number;
}
