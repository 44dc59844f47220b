import {
  PeoplePageDocument,
  ResendInvitationDocument,
  type PeoplePageQuery,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { apiErrors } from '../graphql/errors';
import { Avatar, Chip, Empty } from '../ui/components';
import type { SentInvitation } from './InvitationSent';

type Person = PeoplePageQuery['people'][number];

const STATUS: Record<string, { label: string; tone: 'green' | 'amber' | 'red' | 'grey' }> = {
  ACTIVE: { label: 'Can sign in', tone: 'green' },
  INVITED: { label: 'Invitation sent', tone: 'amber' },
  INVITATION_EXPIRED: { label: 'Invitation expired', tone: 'red' },
  NONE: { label: 'Cannot sign in', tone: 'grey' },
};

/** The directory: name, email, title, unit, role; sign-in status and "Send again" where the viewer may invite. */
export function PeopleTable({
  people,
  onResent,
}: {
  people: readonly Person[];
  onResent: (sent: SentInvitation) => void;
}) {
  const [search, setSearch] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [resend, { loading }] = useMutation(ResendInvitationDocument, {
    refetchQueries: [PeoplePageDocument],
  });
  const q = search.trim().toLowerCase();
  const shown = people.filter(
    (p) =>
      !q ||
      p.name.toLowerCase().includes(q) ||
      p.email.toLowerCase().includes(q) ||
      (p.unit?.name.toLowerCase().includes(q) ?? false),
  );

  async function onResend(p: Person) {
    setProblem(null);
    try {
      const r = await resend({ variables: { personId: p.id } });
      const i = r.data!.resendInvitation;
      onResent({
        name: i.person.name,
        email: i.person.email,
        emailed: i.emailed,
        link: i.link,
        emailError: i.emailError,
        expiresAt: i.expiresAt,
      });
    } catch (e) {
      setProblem(apiErrors(e)[0]?.message ?? 'The invitation could not be sent again.');
    }
  }

  return (
    <>
      <div className="people-search">
        <label htmlFor="people-search">Search people</label>
        <input
          id="people-search"
          className="input"
          type="search"
          value={search}
          placeholder="Name, email or unit"
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      {shown.length === 0 ? (
        <Empty>{q ? 'Nobody matches this search.' : 'Nobody here yet.'}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table people-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Unit</th>
                <th scope="col">Role</th>
                <th scope="col">Sign-in</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => {
                const status = p.signInStatus ? STATUS[p.signInStatus] : null;
                return (
                  <tr key={p.id} data-person={p.email}>
                    <td>
                      <div className="people-name">
                        <Avatar name={p.name} size={28} />
                        <div>
                          <Link className="title" to={`/people/${p.id}`}>
                            {p.name}
                          </Link>
                          <div className="small muted">
                            {p.title ? `${p.title} · ` : ''}
                            {p.email}
                          </div>
                        </div>
                      </div>
                    </td>
                    <td>{p.unit ? p.unit.name : <span className="muted">—</span>}</td>
                    <td>{p.role === 'EXECUTIVE' ? 'Executive' : 'Member'}</td>
                    <td className="people-status">
                      {status ? <Chip tone={status.tone}>{status.label}</Chip> : null}
                      {p.signInStatus && p.signInStatus !== 'ACTIVE' && (
                        <button
                          type="button"
                          className="btn btn-sm"
                          disabled={loading}
                          onClick={() => void onResend(p)}
                        >
                          {p.signInStatus === 'NONE' ? 'Send invitation' : 'Send again'}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
