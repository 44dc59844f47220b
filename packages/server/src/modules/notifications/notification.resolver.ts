import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { conflict } from '../../graphql/errors.js';
import { OrgTree } from '../../auth/org-tree.js';
import { writeTransaction } from '../graph-write.js';
import { isEmptyDigest } from './digest-rules.js';
import { DigestFrequency, NotificationSettings } from './notification.entity.js';
import {
  digestSections,
  digestWindow,
  gatherDigest,
  lastDigestSentAt,
  nextDigestAt,
  preferenceOf,
  sendDigestNow,
  writePreference,
  type Recipient,
} from './notification.service.js';

@ObjectType({ description: 'One line of a digest: what, a short detail, and where it is in the app.' })
export class DigestItem {
  @Field(() => ID)
  id: string;
  @Field()
  title: string;
  @Field()
  detail: string;
  @Field({ description: 'Path of the app page to open (e.g. /meetings/<id>).' })
  path: string;
}

@ObjectType({ description: 'A headed list of a digest.' })
export class DigestSection {
  @Field({ description: 'nextReview, overdueActions, newAlerts, kpisDue or decisionsToRevisit.' })
  key: string;
  @Field()
  title: string;
  @Field(() => [DigestItem])
  items: DigestItem[];
}

@ObjectType({
  description: 'What concerns the signed-in person and they may see: the content of their email digest.',
})
export class Digest {
  @Field(() => Date)
  generatedAt: Date;
  @Field(() => Date, {
    description: 'New alerts are those since this instant (the previous digest, else one period ago).',
  })
  since: Date;
  @Field(() => Int, { description: 'How many days ahead it looks (reviews, revisits, KPIs due).' })
  periodDays: number;
  @Field(() => DigestFrequency)
  frequency: DigestFrequency;
  @Field({ description: 'True when there is nothing to say (an empty digest is not emailed).' })
  empty: boolean;
  @Field(() => [DigestSection], { description: 'Non-empty sections in reading order.' })
  sections: DigestSection[];
}

@InputType()
export class NotificationSettingsInput {
  @Field(() => DigestFrequency, { nullable: true })
  digestFrequency?: DigestFrequency | null;
  @Field(() => Boolean, { nullable: true })
  assignmentEmails?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'The version you saw; a stale one answers CONFLICT.' })
  version?: number | null;
}

@ObjectType()
export class DigestSendResult {
  @Field()
  sent: boolean;
  @Field({ description: 'What happened, in a sentence for the person.' })
  message: string;
}

const recipientOf = (ctx: GraphQLContext): Recipient => ({
  id: ctx.viewer!.personId,
  name: ctx.viewer!.name,
  email: ctx.viewer!.email,
  role: ctx.viewer!.role,
  unitId: ctx.viewer!.unitId,
});

async function settingsOf(ctx: GraphQLContext): Promise<NotificationSettings> {
  const id = ctx.viewer!.personId;
  const pref = await preferenceOf(ctx.db, id);
  return {
    digestFrequency: pref.digestFrequency,
    assignmentEmails: pref.assignmentEmails,
    emailDelivery: ctx.mailer !== null,
    nextDigestAt: nextDigestAt(pref.digestFrequency, ctx.clock.now(), ctx.config.timeZone),
    lastDigestSentAt: await lastDigestSentAt(ctx.db, id),
    timeZone: ctx.config.timeZone,
    version: pref.version,
  };
}

/** The signed-in person's notifications: their digest (in the app too) and their email choices. */
@Resolver()
export class NotificationResolver {
  @Authorized(Needs.SESSION)
  @Query(() => NotificationSettings, {
    description: 'Your email notifications (digest frequency, assignment emails).',
  })
  myNotificationSettings(@Ctx() ctx: GraphQLContext): Promise<NotificationSettings> {
    return settingsOf(ctx);
  }

  @Authorized(Needs.SESSION)
  @Query(() => Digest, {
    description:
      'Your digest as it stands now: what concerns you and you may see. Readable here whether or not email is sent.',
  })
  async myDigest(@Ctx() ctx: GraphQLContext): Promise<Digest> {
    const now = ctx.clock.now();
    const pref = await preferenceOf(ctx.db, ctx.viewer!.personId);
    const w = await digestWindow(
      ctx.db,
      ctx.viewer!.personId,
      pref.digestFrequency,
      now,
      ctx.config.timeZone,
    );
    const content = await gatherDigest(ctx.db, await OrgTree.load(ctx.db), recipientOf(ctx), w);
    return {
      generatedAt: now,
      since: w.since,
      periodDays: w.horizonDays,
      frequency: pref.digestFrequency,
      empty: isEmptyDigest(content),
      sections: digestSections(content),
    };
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => NotificationSettings, {
    description: 'Changes your digest frequency or assignment emails.',
  })
  async updateNotificationSettings(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => NotificationSettingsInput) input: NotificationSettingsInput,
  ): Promise<NotificationSettings> {
    await writeTransaction(ctx, async (m, policy, now) => {
      const personId = policy.viewer.personId;
      if (input.version != null) {
        const [row] = await m.query(
          `SELECT version FROM notification_preference WHERE person_id = $1 FOR UPDATE`,
          [personId],
        );
        const current = row ? Number(row.version) : 0;
        if (current !== input.version)
          throw conflict('notification setting', input.version, await settingsOf(ctx));
      }
      await writePreference(m, personId, input, now);
    });
    return settingsOf(ctx);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => DigestSendResult, { description: 'Emails you your digest now (at most once a minute).' })
  sendMyDigest(@Ctx() ctx: GraphQLContext): Promise<DigestSendResult> {
    return sendDigestNow(
      { db: ctx.db, mailer: ctx.mailer, clock: ctx.clock, config: ctx.config, secretBox: ctx.secretBox },
      recipientOf(ctx),
    );
  }
}
