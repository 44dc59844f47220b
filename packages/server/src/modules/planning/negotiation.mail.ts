import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { renderMail } from '../mail/mail-templates.js';
import { trySend } from '../mail/mailer.js';
import { Negotiation } from './negotiation.entity.js';
import { NegotiationStatus } from './planning.enums.js';

/**
 * Tells the principal whose turn it is that a proposal waits for their answer, after the change
 * committed. Nothing when there is no mail server, the person left, turned assignment emails off,
 * or may no longer see the negotiation. A failed send is logged by the mailer, never thrown.
 */
export async function notifyTurn(ctx: GraphQLContext, negotiationId: string): Promise<void> {
  if (!ctx.mailer) return;
  const n = await ctx.db.getRepository(Negotiation).findOneBy({ id: negotiationId });
  if (!n || n.status !== NegotiationStatus.OPEN) return;
  const to = n.principalOf(n.turn);
  if (to === ctx.viewer?.personId) return;
  const [person] = await ctx.db.query(
    `SELECT p.id, p.name, p.email, p.role, p.unit_id AS "unitId", coalesce(np.assignment_emails, true) AS wants
       FROM person p LEFT JOIN notification_preference np ON np.person_id = p.id
      WHERE p.id = $1 AND p.archived_at IS NULL`,
    [to],
  );
  if (!person?.wants || !person.email) return;
  const policy = new Policy(viewerOf(person), await OrgTree.load(ctx.db));
  if (!policy.canSeeNegotiation({ unitId: n.unitId, partyIds: n.partyIds() })) return;
  const [round] = await ctx.db.query(
    `SELECT r.kind, r.reason, a.name AS author FROM negotiation_round r JOIN person a ON a.id = r.author_id
      WHERE r.negotiation_id = $1 AND r.kind IN ('PROPOSAL', 'COUNTER') ORDER BY r.number DESC LIMIT 1`,
    [n.id],
  );
  const who = round?.author ?? 'Someone';
  const url = `${ctx.config.publicUrl.replace(/\/$/, '')}/planning/${n.id}`;
  const body = renderMail({
    greeting: `Hello ${person.name},`,
    paragraphs: [
      round?.kind === 'COUNTER'
        ? `${who} answered with a counter-proposal in “${n.title}” (${n.periodStart} to ${n.periodEnd}).`
        : `${who} proposed targets to you in “${n.title}” (${n.periodStart} to ${n.periodEnd}).`,
      ...(round?.reason ? [`Their reason: “${round.reason}”`] : []),
      'It is your turn: accept, counter-propose with a reason, or bring someone in.',
    ],
    action: { label: 'Open the negotiation', url },
    footer: [
      'You get this because the proposal waits for your answer. Turn these emails off in your account.',
    ],
  });
  await trySend(ctx.mailer, {
    to: person.email,
    subject: `Your turn: ${n.title}`,
    text: body.text,
    html: body.html,
  });
}
