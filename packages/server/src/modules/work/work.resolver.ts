import { Arg, Authorized, Ctx, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { workChanges } from './work-changes.js';
import { WorkItem } from './work-item.js';
import { gatherWork, MY_WORK_DEFAULT, MY_WORK_MAX } from './work.service.js';

/** The signed-in person's "what I must do" list: every source of `WORK_SOURCES`, for their own session. */
@Resolver()
export class WorkResolver {
  @Authorized(Needs.SESSION)
  @Query(() => [WorkItem], {
    description:
      'What waits for you (check-ins due, overdue and soon-due actions, decisions to revisit, proposals and approvals waiting), overdue first, then by due date. Only what you may see.',
  })
  async myWork(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, {
      nullable: true,
      description: `At most this many entries (1–${MY_WORK_MAX}; ${MY_WORK_DEFAULT} when left out).`,
    })
    first?: number | null,
  ): Promise<WorkItem[]> {
    const n = first ?? MY_WORK_DEFAULT;
    if (!Number.isInteger(n) || n < 1 || n > MY_WORK_MAX)
      throw badInput('first', `first must be between 1 and ${MY_WORK_MAX}.`);
    return gatherWork(
      { db: ctx.db, viewer: ctx.viewer!, policy: await ctx.policy(), now: ctx.clock.now() },
      n,
    );
  }

  @Authorized(Needs.SESSION)
  @Subscription(() => [WorkItem], {
    description:
      'Your whole "what I must do" list again (up to 200 entries), each time something you may see changed it.',
    subscribe: ({ context }) => workChanges(context as GraphQLContext),
  })
  myWorkChanged(@Root() items: WorkItem[]): WorkItem[] {
    return items;
  }
}
