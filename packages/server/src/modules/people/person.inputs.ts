import { Role } from '@throughline/shared';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { NewPerson, PersonChanges } from './person.service.js';

/** A new person. */
@InputType()
export class CreatePersonInput implements NewPerson {
  @Field() name: string;
  @Field() email: string;
  @Field({ nullable: true }) title?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => ID) unitId: string;
  @Field({
    nullable: true,
    description: 'Initial password (at least 8 characters); without one the person cannot sign in.',
  })
  password?: string;
}

/** Changes to a person. */
@InputType()
export class UpdatePersonInput implements PersonChanges {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) title?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => ID, { nullable: true }) unitId?: string;
}
