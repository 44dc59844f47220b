import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Person } from '../people/person.entity.js';
import { SecurityEvent } from './security-event.entity.js';
import { SecurityEventConnection, SecurityEventFilter } from './security-event.inputs.js';
import { listSecurityEvents } from './security-event.service.js';

/** The security audit log (executives). */
@Resolver(() => SecurityEvent)
export class SecurityEventResolver {
  @Authorized()
  @Query(() => SecurityEventConnection, {
    description:
      'The security audit log, newest first: sign-ins, failures, sign-outs, tokens, people, roles and units (executives only; others FORBIDDEN).',
  })
  securityEvents(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => SecurityEventFilter, { nullable: true }) filter?: SecurityEventFilter,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 200).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." })
    after?: string,
  ): Promise<SecurityEventConnection> {
    return listSecurityEvents(ctx, filter, first, after);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who acted (for a partner token: its owner).' })
  actor(@Root() e: SecurityEvent, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return e.actorId ? ctx.loaders.person.load(e.actorId) : Promise.resolve(null);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person whose account this is about.' })
  person(@Root() e: SecurityEvent, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return e.personId ? ctx.loaders.person.load(e.personId) : Promise.resolve(null);
  }
}
