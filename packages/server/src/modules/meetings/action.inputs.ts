import { Field, ID, InputType, Int } from 'type-graphql';

/** Changes an action's text, owner or due date (any of them). */
@InputType()
export class UpdateActionInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read (CONFLICT when someone changed it since).' })
  version: number;
  @Field({ nullable: true }) text?: string;
  @Field(() => ID, { nullable: true, description: 'The new owner: an active person who can see its unit.' })
  ownerId?: string;
  @Field(() => Date, { nullable: true }) dueDate?: Date;
}
