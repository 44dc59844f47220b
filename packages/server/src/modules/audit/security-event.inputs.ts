import { SecurityEventKind } from '@throughline/shared';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { PageInfo } from '../kpis/measurement-connection.js';
import { SecurityEvent } from './security-event.entity.js';

/** Which entries of the security log to show; every condition given must hold. */
@InputType({ description: 'Which entries of the security log to show; every condition given must hold.' })
export class SecurityEventFilter {
  @Field(() => [SecurityEventKind], { nullable: true, description: 'Only these kinds (none or empty: all).' })
  kinds?: SecurityEventKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only entries where this person acted or was concerned.' })
  personId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only entries at or after this instant.' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only entries before this instant.' })
  to?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Text in the email typed, a person's name or email, the address, the user agent or the detail.",
  })
  search?: string | null;
}

/** One entry in a page of the security log. */
@ObjectType()
export class SecurityEventEdge {
  @Field() cursor: string;
  @Field(() => SecurityEvent) node: SecurityEvent;
}

/** A page of the security log, newest first. */
@ObjectType({ description: 'A page of the security log, newest first.' })
export class SecurityEventConnection {
  @Field(() => [SecurityEventEdge]) edges: SecurityEventEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
