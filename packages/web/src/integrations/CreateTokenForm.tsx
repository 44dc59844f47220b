import { CreateApiTokenDocument, IntegrationsTokensDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { expiryOfDay, type ScopeUnitOption } from './token-units';

/** Creates a token: name, scopes, an optional unit (required of unit heads) and an optional expiry day. */
export function CreateTokenForm({
  scopes,
  units,
  anyUnit,
  onCreated,
  onCancel,
}: {
  scopes: readonly { name: string; description: string }[];
  units: readonly ScopeUnitOption[];
  /** Executives may leave the unit open (every unit); unit heads choose one of theirs. */
  anyUnit: boolean;
  onCreated: (created: { name: string; secret: string }) => void;
  onCancel: () => void;
}) {
  const form = useForm();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [unitId, setUnitId] = useState(anyUnit ? '' : (units[0]?.id ?? ''));
  const [expires, setExpires] = useState('');
  const [create] = useMutation(CreateApiTokenDocument, { refetchQueries: [IntegrationsTokensDocument] });
  const scopesId = useId();
  const today = new Date().toISOString().slice(0, 10);

  const toggle = (scope: string) =>
    setChosen((c) => (c.includes(scope) ? c.filter((s) => s !== scope) : [...c, scope]));

  return (
    <form
      className="token-form"
      aria-label="New API token"
      onSubmit={form.handleSubmit({
        validate: (): FieldErrors => {
          const e: FieldErrors = {};
          if (!name.trim()) e.name = 'Give the token a name, e.g. the system that will use it.';
          if (chosen.length === 0) e.scopes = 'Choose at least one scope.';
          if (!anyUnit && !unitId) e.unitId = 'Choose a unit you head.';
          if (expires && expires < today) e.expiresAt = 'Choose today or a later day.';
          return e;
        },
        send: async () => {
          const r = await create({
            variables: {
              name: name.trim(),
              scopes: scopes.map((s) => s.name).filter((s) => chosen.includes(s)),
              unitId: unitId || null,
              expiresAt: expires ? expiryOfDay(expires) : null,
            },
          });
          return { name: r.data!.createApiToken.token.name, secret: r.data!.createApiToken.secret };
        },
        onSuccess: onCreated,
      })}
    >
      <div className="form-grid">
        <Field label="Name" error={form.errors.name}>
          {(p) => (
            <input
              {...p}
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Unit"
          error={form.errors.unitId}
          hint={
            anyUnit ? 'The token sees and writes only this unit and below.' : 'A unit you head, and below.'
          }
        >
          {(p) => (
            <select {...p} className="input" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              {anyUnit && <option value="">Every unit you can see</option>}
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {'\u2003'.repeat(u.depth) + u.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Expires"
          error={form.errors.expiresAt}
          hint="Optional: stops working at the end of this day (UTC)."
        >
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              min={today}
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset
        className={`token-scopes${form.errors.scopes ? ' field-invalid' : ''}`}
        aria-describedby={form.errors.scopes ? scopesId : undefined}
      >
        <legend>Scopes</legend>
        {scopes.map((s) => (
          <div key={s.name} className="token-scope">
            <input
              type="checkbox"
              id={`${scopesId}-${s.name}`}
              checked={chosen.includes(s.name)}
              onChange={() => toggle(s.name)}
              aria-describedby={`${scopesId}-${s.name}-d`}
            />
            <label htmlFor={`${scopesId}-${s.name}`} className="mono">
              {s.name}
            </label>
            <span id={`${scopesId}-${s.name}-d`} className="small muted">
              {s.description}
            </span>
          </div>
        ))}
        {form.errors.scopes && (
          <div className="field-error" id={scopesId} role="alert">
            {form.errors.scopes}
          </div>
        )}
      </fieldset>
      <FormError message={form.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          {form.submitting ? 'Creating…' : 'Create token'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
