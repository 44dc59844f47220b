import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../graphql/errors';

/** Messages by form field; `_form` holds what belongs to no field (shown by `FormError`). */
export type FieldErrors = Record<string, string>;

/** How one form submits: check on the client, send, then say what happened. */
export interface FormSubmit<T> {
  /** False stops the submit without a message (the form already shows why, inline). */
  canSubmit?: boolean;
  /** Client-side checks; any message stops the submit and is shown by field. */
  validate?: () => FieldErrors;
  /** Sends the form (a mutation); what it resolves to goes to `onSuccess`. */
  send: () => Promise<T>;
  onSuccess?: (result: T) => void;
  /**
   * Turns a failure into messages by field. Default: the server's errors by their field, the
   * rest under `_form`. Return null when the form handled the error itself (e.g. a conflict).
   */
  onError?: (error: unknown) => FieldErrors | null;
}

/**
 * The one skeleton every form shares: on submit, prevent the page load, clear the last
 * messages, run the client checks, send, and show the server's errors by field (`_form` for the
 * rest). `submitting` is true while the form is sent; `succeeded` after the last submit worked.
 */
export function useForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [succeeded, setSucceeded] = useState(false);

  /** Submits once: for callers outside a form event (a save button, a versioned save). */
  async function run<T>(opts: FormSubmit<T>): Promise<boolean> {
    setSucceeded(false);
    if (opts.canSubmit === false) return false;
    const problems = opts.validate?.() ?? {};
    setErrors(problems);
    if (Object.keys(problems).length) return false;
    setSubmitting(true);
    try {
      const result = await opts.send();
      setSucceeded(true);
      opts.onSuccess?.(result);
      return true;
    } catch (err) {
      const byField = opts.onError ? opts.onError(err) : fieldErrors(err);
      if (byField) setErrors(byField);
      return false;
    } finally {
      setSubmitting(false);
    }
  }

  /** The form's onSubmit handler. */
  function handleSubmit<T>(opts: FormSubmit<T>) {
    return (e: FormEvent) => {
      e.preventDefault();
      void run(opts);
    };
  }

  return { errors, setErrors, submitting, succeeded, run, handleSubmit };
}

/** The message that belongs to no field, above the form's buttons. */
export function FormError({ message, className }: { message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div className={`banner banner-error${className ? ' ' + className : ''}`} role="alert">
      {message}
    </div>
  );
}
