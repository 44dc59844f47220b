import { CompanySignInRefusal } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import type { CompanyIdentity } from './oidc-client.js';

/**
 * The person a checked company identity signs in as: matched by email address (case-insensitive),
 * only when the provider vouches for the address (`email_verified: true`) — an unverified address
 * could be anyone's. An archived person does not sign in. Returns the person's id, or why not (with the archived person's id).
 */
export async function matchPerson(
  db: DataSource,
  identity: CompanyIdentity,
): Promise<{ personId: string } | { refusal: CompanySignInRefusal; personId?: string }> {
  if (!identity.email || !identity.emailVerified) return { refusal: CompanySignInRefusal.UNVERIFIED_EMAIL };
  const rows: { id: string; archived: boolean }[] = await db.query(
    `SELECT id, archived_at IS NOT NULL AS archived FROM person WHERE lower(email) = lower($1)
     ORDER BY archived_at IS NOT NULL, created_at LIMIT 1`,
    [identity.email],
  );
  const person = rows[0];
  if (!person) return { refusal: CompanySignInRefusal.NO_ACCOUNT };
  if (person.archived) return { refusal: CompanySignInRefusal.ARCHIVED, personId: person.id };
  return { personId: person.id };
}
