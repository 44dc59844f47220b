import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A partner API token: acts as its owner, limited further by its scopes. Stored hashed. */
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

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;
}
