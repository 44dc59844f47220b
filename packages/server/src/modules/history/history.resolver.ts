import { HistoryAction, SubjectType } from '@throughline/shared';
import { GraphQLJSON } from 'graphql-scalars';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { Person } from '../people/person.entity.js';

/** One change: who, when, what (before → after per field), and why. */
@ObjectType({ description: 'One change to the graph: who, when, what changed (before and after) and why.' })
export class HistoryEntryView {
  @Field(() => ID) id: string;
  @Field(() => SubjectType) subjectType: SubjectType;
  @Field(() => ID) subjectId: string;
  @Field(() => HistoryAction) action: HistoryAction;
  @Field(() => Date) at: Date;
  @Field(() => GraphQLJSON, { description: '{ field: { before, after } } for the fields that changed.' })
  changes: Record<string, unknown>;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => Boolean, { description: 'Made through a partner API token.' }) viaPartnerToken: boolean;
  actorId: string | null;
}

/** The change log of any subject the viewer may see. */
@Resolver(() => HistoryEntryView)
export class HistoryResolver {
  @Authorized()
  @Query(() => [HistoryEntryView], { description: 'What changed on a subject, newest first.' })
  async history(
    @Ctx() ctx: GraphQLContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
  ): Promise<HistoryEntryView[]> {
    if (first < 1 || first > 500) throw badInput('first', 'first must be between 1 and 500.');
    if (!isUuid(subjectId)) return [];
    const policy = await ctx.policy();
    const rows = await ctx.db.query(
      `SELECT id, subject_type, subject_id, action, at, changes, reason, actor_id, actor_token_id, snapshot->>'unitId' AS unit_id, snapshot->>'id' AS sid
         FROM history_entry WHERE subject_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [subjectId, first],
    );
    // Visibility follows the subject as it stands now (its latest entry); units are their own scope.
    const latest = rows[0];
    if (!latest) return [];
    const unitId = latest.subject_type === SubjectType.UNIT ? latest.sid : latest.unit_id;
    if (!policy.canSeeUnit(unitId)) return [];
    // A change request is seen by its requester, approvers and executives only (approvals module).
    if (latest.subject_type === SubjectType.CHANGE_REQUEST) {
      const [r] = await ctx.db.query(
        `SELECT unit_id AS "unitId", requester_id AS "requesterId", approver_ids AS "approverIds" FROM change_request WHERE id = $1`,
        [subjectId],
      );
      if (!r || !policy.canSeeChangeRequest(r)) return [];
    }
    return rows.map((r: Record<string, any>) =>
      Object.assign(new HistoryEntryView(), {
        id: r.id,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        action: r.action,
        at: r.at,
        changes: r.changes,
        reason: r.reason,
        viaPartnerToken: !!r.actor_token_id,
        actorId: r.actor_id,
      }),
    );
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who made the change.' })
  actor(@Root() h: HistoryEntryView, @Ctx() ctx: GraphQLContext): Promise<Person | null> | null {
    return h.actorId ? ctx.loaders.person.load(h.actorId) : null;
  }
}
