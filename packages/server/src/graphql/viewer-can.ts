import { Field, ObjectType } from 'type-graphql';
import type { PermissionSubject, SubjectPermissions } from '../auth/policy.js';
import type { GraphQLContext } from './context.js';

/**
 * What the viewer may do with one object, answered by the one policy (`Policy.permissionsFor`)
 * with the same rules the mutations apply. The app shows only the controls the viewer can use;
 * the server still checks every write.
 */
@ObjectType({
  description: 'What you may do with this object (from the same policy every change is checked by).',
})
export class ObjectPermissions implements SubjectPermissions {
  @Field({
    description:
      "Change it: its fields and co-edited text (a KPI's targets, a unit's capacity; a meeting's agenda, decisions and actions; an action's status).",
  })
  edit!: boolean;

  @Field({ description: 'Archive or restore it.' })
  archive!: boolean;

  @Field({
    description:
      'Add something below it: an objective to a plan, a cascaded objective or KPI below an objective (in its unit or one below), a milestone to an initiative, objectives, KPIs and initiatives to a unit.',
  })
  addChild!: boolean;

  @Field({ description: 'Link it to other objects: KPIs to an objective, an initiative to objectives.' })
  link!: boolean;

  @Field({ description: "Record or correct this KPI's measurements." })
  recordMeasurement!: boolean;

  @Field({ description: 'Run this meeting: decisions, actions and the co-edited agenda and minutes.' })
  runMeeting!: boolean;
}

/** The viewer's permissions on one object; the policy is per request and needs no further query. */
export async function viewerCan(ctx: GraphQLContext, subject: PermissionSubject): Promise<ObjectPermissions> {
  const policy = await ctx.policy();
  return policy.permissionsFor(subject);
}
