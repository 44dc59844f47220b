import { InvitePersonDocument, PeoplePageDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { ScopeUnitOption } from '../integrations/token-units';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import type { SentInvitation } from './InvitationSent';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Invites a person: name, email, unit (unit heads: a unit they head), role (executives only) and job title. */
export function InviteForm({
  units,
  mayInviteExecutives,
  onSent,
  onCancel,
}: {
  units: readonly ScopeUnitOption[];
  mayInviteExecutives: boolean;
  onSent: (sent: SentInvitation) => void;
  onCancel: () => void;
}) {
  const form = useForm();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const [role, setRole] = useState<'MEMBER' | 'EXECUTIVE'>('MEMBER');
  const [title, setTitle] = useState('');
  const [invite] = useMutation(InvitePersonDocument, { refetchQueries: [PeoplePageDocument] });
  return (
    <form
      className="invite-form"
      aria-label="Invite person"
      noValidate
      onSubmit={form.handleSubmit({
        validate: (): FieldErrors => {
          const e: FieldErrors = {};
          if (!name.trim()) e.name = 'Enter their name.';
          if (!EMAIL.test(email.trim())) e.email = 'Enter their email address, e.g. ada@example.com.';
          if (!unitId) e.unitId = 'Choose their unit.';
          return e;
        },
        send: async () => {
          const r = await invite({
            variables: {
              input: { name: name.trim(), email: email.trim(), unitId, role, title: title.trim() || null },
            },
          });
          const i = r.data!.invitePerson;
          return {
            name: i.person.name,
            email: i.person.email,
            emailed: i.emailed,
            link: i.link,
            emailError: i.emailError,
            expiresAt: i.expiresAt,
          };
        },
        onSuccess: onSent,
      })}
    >
      <div className="form-grid">
        <Field label="Name" error={form.errors.name}>
          {(p) => (
            <input
              {...p}
              className="input"
              value={name}
              maxLength={500}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
              autoFocus
            />
          )}
        </Field>
        <Field label="Email" error={form.errors.email} hint="The invitation goes to this address.">
          {(p) => (
            <input
              {...p}
              className="input"
              type="email"
              value={email}
              maxLength={320}
              autoComplete="off"
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Unit"
          error={form.errors.unitId}
          hint={mayInviteExecutives ? 'Their home unit.' : 'A unit you head, or one below it.'}
        >
          {(p) => (
            <select {...p} className="input" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {'\u2003'.repeat(u.depth) + u.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Job title" error={form.errors.title} hint="Optional, e.g. Quality engineer.">
          {(p) => (
            <input
              {...p}
              className="input"
              value={title}
              maxLength={500}
              onChange={(e) => setTitle(e.target.value)}
            />
          )}
        </Field>
        {mayInviteExecutives && (
          <Field
            label="Role"
            error={form.errors.role}
            hint="Executives see and may change everything, and invite anyone."
          >
            {(p) => (
              <select
                {...p}
                className="input"
                value={role}
                onChange={(e) => setRole(e.target.value as 'MEMBER' | 'EXECUTIVE')}
              >
                <option value="MEMBER">Member</option>
                <option value="EXECUTIVE">Executive</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <FormError message={form.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          {form.submitting ? 'Sending invitation…' : 'Send invitation'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
