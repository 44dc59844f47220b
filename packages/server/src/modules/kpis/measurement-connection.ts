import { Field, ObjectType } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import { Measurement } from './measurement.entity.js';

/** Relay page info (contract). */
@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** One measurement in a page (contract). */
@ObjectType()
export class MeasurementEdge {
  @Field() cursor: string;
  @Field(() => Measurement) node: Measurement;
}

/** A page of measurements, newest first (contract). */
@ObjectType()
export class MeasurementConnection {
  @Field(() => [MeasurementEdge]) edges: MeasurementEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

/** Page sizes are capped so one query cannot pull a KPI's whole history at once. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** Cursor of a measurement: opaque to clients; encodes its position (at, id). */
export function encodeCursor(m: { at: Date; id: string }): string {
  return Buffer.from(`${m.at.toISOString()}|${m.id}`).toString('base64url');
}

/** Decodes a cursor, or fails with BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) throw badInput('after', 'This cursor is not one the server issued.');
  return { at, id };
}

/** Checks `first` against the cap. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput('first', 'first must be a non-negative integer.');
  if (first > MAX_PAGE_SIZE) throw badInput('first', `first may be at most ${MAX_PAGE_SIZE}.`);
  return first;
}
