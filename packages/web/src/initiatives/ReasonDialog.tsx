import { useState, type ReactNode } from 'react';
import { Field } from '../ui/components';
import { Dialog } from '../ui/Dialog';
import { FormError, useForm, type FieldErrors } from '../ui/form';

/**
 * Confirms a change with consequences (archive, pause, stop, complete): says what happens, asks
 * why (kept in the history; `reasonRequired` when the change must be explained), and sends.
 * Server errors are shown in the dialog; it closes only when the change was saved.
 */
export function ReasonDialog({
  title,
  children,
  confirmLabel,
  reasonRequired = false,
  askReason = true,
  danger = false,
  onConfirm,
  onCancel,
  onDone,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  reasonRequired?: boolean;
  /** False when the change takes no reason (the dialog only confirms). */
  askReason?: boolean;
  danger?: boolean;
  onConfirm: (reason: string | undefined) => Promise<unknown>;
  onCancel: () => void;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const form = useForm();
  const submit = form.handleSubmit({
    validate: (): FieldErrors =>
      reasonRequired && !reason.trim() ? { reason: 'Say why: it is kept in the history.' } : {},
    send: () => onConfirm(reason.trim() || undefined),
    onSuccess: onDone,
  });
  return (
    <Dialog
      title={title}
      role="alertdialog"
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            form="reason-dialog-form"
            className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={form.submitting}
          >
            {form.submitting ? 'Saving…' : confirmLabel}
          </button>
        </>
      }
    >
      <div className="stack-sm">
        <div>{children}</div>
        <form id="reason-dialog-form" onSubmit={submit} noValidate>
          {askReason && (
            <Field label={reasonRequired ? 'Why' : 'Why (optional)'} error={form.errors.reason}>
              {(p) => (
                <input
                  {...p}
                  className="input"
                  data-autofocus
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              )}
            </Field>
          )}
        </form>
        <FormError message={form.errors._form ?? form.errors.version ?? form.errors.id} />
      </div>
    </Dialog>
  );
}
