import type { Dispatch, SetStateAction } from 'react';
import { ChoiceSelect, Field } from '../ui/components';
import type { FieldErrors } from '../ui/form';
import { SubjectCombobox } from './SubjectCombobox';
import type { Subject } from './subject';

/** What the edit and supersede forms ask: the decision's text, why, owner, subject and revisit date. */
export interface DecisionDraft {
  text: string;
  rationale: string;
  ownerId: string;
  subject: Subject | null;
  revisitOn: string;
}

/** The decision's fields, for a form that holds the draft and shows the errors by field. */
export function DecisionFields({
  draft,
  setDraft,
  errors,
  people,
  unitId,
}: {
  draft: DecisionDraft;
  setDraft: Dispatch<SetStateAction<DecisionDraft>>;
  errors: FieldErrors;
  people: readonly { id: string; name: string }[];
  /** The unit whose audience reads it: the subject search offers only what they may all see. */
  unitId?: string;
}) {
  const set =
    <K extends keyof DecisionDraft>(k: K) =>
    (v: DecisionDraft[K]) =>
      setDraft((d) => ({ ...d, [k]: v }));
  return (
    <div className="stack-sm">
      <Field label="Decision" error={errors.text}>
        {(p) => (
          <textarea
            {...p}
            className="input decision-text-input"
            rows={2}
            value={draft.text}
            onChange={(e) => set('text')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Why (rationale)" error={errors.rationale}>
        {(p) => (
          <input
            {...p}
            className="input"
            value={draft.rationale}
            onChange={(e) => set('rationale')(e.target.value)}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={draft.ownerId}
              onChange={set('ownerId')}
              options={people.map((x) => ({ id: x.id, label: x.name }))}
            />
          )}
        </Field>
        <Field label="Revisit on" error={errors.revisitOn}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={draft.revisitOn}
              onChange={(e) => set('revisitOn')(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Subject" error={errors.subjectId}>
        {(p) => (
          <SubjectCombobox fieldProps={p} value={draft.subject} onChange={set('subject')} unitId={unitId} />
        )}
      </Field>
    </div>
  );
}

/** Server errors by field, with a stale version (CONFLICT) and the decision's own id said plainly above the buttons. */
export function decisionFormErrors(byField: FieldErrors): FieldErrors {
  const out = { ...byField };
  if (out.version)
    out._form =
      'Someone changed this decision while you were editing it. Close this and open it again to see their version.';
  for (const k of ['id', 'decisionId']) if (out[k] && !out._form) out._form = out[k];
  return out;
}
