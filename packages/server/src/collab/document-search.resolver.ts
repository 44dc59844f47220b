import { DocumentKind, documentName } from '@throughline/shared';
import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { meetingsAvailable, SUBJECT_TABLES } from './document-subjects.js';

/** One co-edited document whose text matches a search. */
@ObjectType({
  description:
    'A co-edited document (plan narrative, meeting agenda or minutes, objective or initiative description) whose text matches a search.',
})
export class DocumentHit {
  @Field({ description: 'plan, meeting, objective or initiative.' })
  kind: string;

  @Field(() => ID, { description: 'Id of the plan, meeting, objective or initiative.' })
  id: string;

  @Field({ description: 'Collaboration document name (open it at /collab with this name).' })
  documentName: string;

  @Field({ description: 'Field of the document that matched: narrative, agenda, minutes or description.' })
  field: string;

  @Field({ description: 'Name or title of the subject.' })
  title: string;

  @Field({ description: 'The matching passage of the plain text, about 160 characters.' })
  snippet: string;
}

const MAX_HITS = 50;

/** Escapes LIKE wildcards so the query is matched literally. */
function likePattern(q: string): string {
  return '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

/** About 160 characters of `text` around the first match of `q`. */
export function snippetAround(text: string, q: string): string {
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0) return text.slice(0, 160);
  const start = Math.max(0, at - 60);
  const end = Math.min(text.length, at + q.length + 100);
  return (
    (start > 0 ? '…' : '') +
    text.slice(start, end).replace(/\s+/g, ' ').trim() +
    (end < text.length ? '…' : '')
  );
}

/** Search over the plain text of co-edited documents (what the collaboration server writes back). */
@Resolver()
export class DocumentSearchResolver {
  @Authorized()
  @Query(() => [DocumentHit], {
    description:
      'Co-edited documents whose text contains `query` (case-insensitive), among subjects visible to you; at most 50.',
  })
  async searchDocuments(@Ctx() ctx: GraphQLContext, @Arg('query') query: string): Promise<DocumentHit[]> {
    const q = query.trim();
    if (q.length < 2 || q.length > 200) throw badInput('query', 'Search for 2 to 200 characters.');
    const policy = await ctx.policy();
    const units = policy.visibleUnitIds();
    const kinds: { kind: DocumentKind; title: string; participants?: boolean }[] = [
      { kind: 'plan', title: 'name' },
      { kind: 'objective', title: 'title' },
      { kind: 'initiative', title: 'title' },
    ];
    if (await meetingsAvailable(ctx.db)) kinds.push({ kind: 'meeting', title: 'title' });
    const selects: string[] = [];
    for (const k of kinds) {
      const { table, textColumns } = SUBJECT_TABLES[k.kind];
      const archived = k.kind === 'meeting' ? '' : ' AND archived_at IS NULL';
      for (const [field, column] of Object.entries(textColumns)) {
        selects.push(
          `SELECT '${k.kind}' AS kind, id::text AS id, '${field}' AS field, ${k.title} AS title, ${column} AS text, unit_id AS "unitId"
             FROM ${table} WHERE unit_id = ANY($1) AND ${column} ILIKE $2${archived}`,
        );
      }
    }
    const rows: {
      kind: DocumentKind;
      id: string;
      field: string;
      title: string;
      text: string;
      unitId: string;
    }[] = await ctx.db.query(`${selects.join(' UNION ALL ')} ORDER BY title, field LIMIT ${MAX_HITS}`, [
      units,
      likePattern(q),
    ]);
    // The SQL filter is the visibility of units; the policy has the last word on each row.
    return rows
      .filter((r) => policy.can('read', { unitId: r.unitId }))
      .map((r) => ({
        kind: r.kind,
        id: r.id,
        documentName: documentName(r.kind, r.id),
        field: r.field,
        title: r.title,
        snippet: snippetAround(r.text, q),
      }));
  }
}
