import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The compacted state of one collaborative document: a Yjs snapshot (all updates folded in)
 * plus the plain text of each field, kept for reading and search. Updates not yet folded
 * in live in `collab_update`; loading a document is snapshot + remaining updates.
 */
@Entity()
export class CollabDocument {
  /** Document name, e.g. `plan/<uuid>` (see `@throughline/shared` documents). */
  @PrimaryColumn('varchar', { length: 200 })
  name: string;

  /** `Y.encodeStateAsUpdate` of the document as of the last compaction (seed included). */
  @Column('bytea')
  state: Buffer;

  /** `Y.encodeStateVector` of `state`: lets a reader tell whether it is behind without decoding. */
  @Column('bytea')
  stateVector: Buffer;

  /** Plain text per field (`{ agenda: "...", minutes: "..." }`) as of the last compaction. */
  @Column('jsonb', { default: {} })
  text: Record<string, string>;

  /** Number of compactions; 1 after the seed. */
  @Column('int', { default: 1 })
  version: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One Yjs update received from a client, stored before the server acknowledges it (the
 * durability promise: nothing acknowledged is lost on `kill -9`). `seq` orders updates and
 * travels through NOTIFY to the other server instances, which read the update by it.
 */
@Entity()
@Index('collab_update_document_seq', ['documentName', 'seq'])
export class CollabUpdate {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column('varchar', { length: 200 })
  documentName: string;

  @Column('bytea')
  update: Buffer;

  /** Person whose connection sent the update (null for server-made updates). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  /** Hocuspocus socket id of the sending connection, for tracing. */
  @Column('varchar', { length: 64, nullable: true })
  clientId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
