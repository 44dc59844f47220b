import type { DataSource } from 'typeorm';
import { singleLoader } from '../../graphql/loader-factories.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { CheckIn } from './checkin.entity.js';

/** A check-in row (snake_case) as the entity. */
export const checkInFrom = (r: Record<string, any>): CheckIn =>
  Object.assign(new CheckIn(), {
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    unitId: r.unit_id,
    authorId: r.author_id,
    status: r.status,
    confidence: r.confidence,
    happened: r.happened,
    next: r.next,
    blockers: r.blockers,
    links: r.links ?? [],
    sources: r.sources ?? [],
    postedAt: r.posted_at,
    version: r.version,
    createdAt: r.created_at,
  });

function createCheckInLoaders(db: DataSource) {
  return {
    /** The latest check-in per subject (KPI or initiative id). */
    latestCheckIn: singleLoader(
      db,
      `SELECT DISTINCT ON (subject_id) subject_id AS key, * FROM check_in
        WHERE subject_id = ANY($1::uuid[]) ORDER BY subject_id, posted_at DESC, id DESC`,
      checkInFrom,
    ),
  };
}

const perRequest = new WeakMap<object, ReturnType<typeof createCheckInLoaders>>();

/** This request's check-in loaders (made on first use, kept with the request's other loaders). */
export function checkInLoaders(ctx: GraphQLContext): ReturnType<typeof createCheckInLoaders> {
  let l = perRequest.get(ctx.loaders);
  if (!l) {
    l = createCheckInLoaders(ctx.db);
    perRequest.set(ctx.loaders, l);
  }
  return l;
}
