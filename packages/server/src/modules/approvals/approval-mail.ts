import { ChangeRequestStatus } from '@throughline/shared';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { renderMail } from '../mail/mail-templates.js';
import { trySend, type MailMessage } from '../mail/mailer.js';
import type { ChangeRequest } from './change-request.entity.js';

interface Recipient {
  id: string;
  name: string;
  email: string;
  role: string;
  unitId: string;
  wants: boolean;
}

/** People by id who want "something waits for you" email, are not archived and may see the request. */
async function recipients(ctx: GraphQLContext, ids: string[], r: ChangeRequest): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  const rows: Recipient[] = await ctx.db.query(
    `SELECT p.id, p.name, p.email, p.role, p.unit_id AS "unitId", coalesce(np.assignment_emails, true) AS wants
       FROM person p LEFT JOIN notification_preference np ON np.person_id = p.id
      WHERE p.id = ANY($1::uuid[]) AND p.archived_at IS NULL ORDER BY p.name`,
    [ids],
  );
  const tree = await OrgTree.load(ctx.db);
  return rows.filter((p) => p.wants && p.email && new Policy(viewerOf(p), tree).canSeeChangeRequest(r));
}

const link = (ctx: GraphQLContext, r: ChangeRequest) =>
  `${ctx.config.publicUrl.replace(/\/$/, '')}/decisions?request=${r.id}`;

async function sendAll(ctx: GraphQLContext, messages: MailMessage[]): Promise<void> {
  for (const m of messages) await trySend(ctx.mailer, m);
}

/**
 * After a request is stored: mail its approvers (the named ones; executives when nobody is
 * named), each only if they want assignment emails and may see it. Never inside the transaction.
 */
export async function mailRequest(ctx: GraphQLContext, r: ChangeRequest): Promise<void> {
  if (!ctx.mailer) return;
  let ids = r.approverIds.filter((id) => id !== r.requesterId);
  if (ids.length === 0)
    ids = (
      await ctx.db.query(
        `SELECT id FROM person WHERE role = 'EXECUTIVE' AND archived_at IS NULL AND id <> $1`,
        [r.requesterId],
      )
    ).map((p: { id: string }) => p.id);
  const [requester] = await ctx.db.query(`SELECT name FROM person WHERE id = $1`, [r.requesterId]);
  const who = requester?.name ?? 'Someone';
  const people = await recipients(ctx, ids, r);
  await sendAll(
    ctx,
    people.map((p) => {
      const body = renderMail({
        greeting: `Hello ${p.name},`,
        paragraphs: [
          `${who} asks for your approval of a change to “${r.subjectName}”:`,
          r.summary,
          `Why: ${r.reason}`,
          'It applies only when you approve it.',
        ],
        action: { label: 'Approve or reject', url: link(ctx, r) },
        footer: ['You get this when a change waits for your approval; turn it off on your Account page.'],
      });
      return { to: p.email, subject: `Approval asked: ${r.subjectName}`, ...body };
    }),
  );
}

/** After a decision: mail the requester (approved, rejected, or nothing applied) unless they decided it. */
export async function mailDecision(ctx: GraphQLContext, r: ChangeRequest): Promise<void> {
  if (!ctx.mailer || r.decidedById === r.requesterId) return;
  const [p] = await recipients(ctx, [r.requesterId], r);
  if (!p) return;
  const [decider] = r.decidedById
    ? await ctx.db.query(`SELECT name FROM person WHERE id = $1`, [r.decidedById])
    : [];
  const who = decider?.name ?? 'Someone';
  const verdict =
    r.status === ChangeRequestStatus.APPROVED
      ? `${who} approved your change to “${r.subjectName}”; it applies now.`
      : r.status === ChangeRequestStatus.REJECTED
        ? `${who} rejected your change to “${r.subjectName}”; nothing changed.`
        : `Your change to “${r.subjectName}” could not apply.`;
  const body = renderMail({
    greeting: `Hello ${p.name},`,
    paragraphs: [verdict, r.summary, ...(r.decisionComment ? [`“${r.decisionComment}”`] : [])],
    action: { label: 'Open the request', url: link(ctx, r) },
    footer: ['You get this when a change you asked for is decided; turn it off on your Account page.'],
  });
  const word =
    r.status === ChangeRequestStatus.APPROVED
      ? 'Approved'
      : r.status === ChangeRequestStatus.REJECTED
        ? 'Rejected'
        : 'Not applied';
  await trySend(ctx.mailer, { to: p.email, subject: `${word}: ${r.subjectName}`, ...body });
}
