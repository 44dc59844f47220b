import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A partner API token: acts as its owner, limited further by its scopes and an optional unit
 * scope (that unit's subtree only), until it is revoked or expires. Stored hashed.
 */
@ObjectType({ description: 'A partner API token. The secret is shown once, at creation.' })
@Entity()
export class ApiToken {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Index()
  @Column('uuid')
  ownerId: string;

  @Index({ unique: true })
  @Column('text')
  tokenHash: string;

  @Field(() => [String])
  @Column('text', { array: true })
  scopes: string[];

  /** The unit whose subtree the token is limited to; null: every unit its owner sees. */
  @Index()
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working; null: never.' })
  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The address the token was last used from.' })
  @Column('text', { nullable: true })
  lastUsedIp: string | null;

  @Field(() => Int, { description: 'Requests and subscription connections made with the token.' })
  @Column('integer', { default: 0 })
  requestCount: number;
}
