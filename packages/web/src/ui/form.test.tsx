import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Field } from './components';
import { FormError, useForm, type FormSubmit } from './form';

/** A one-field form on the hook, as the app's forms are built. */
function TitleForm(props: Omit<FormSubmit<unknown>, 'send'> & { send: () => Promise<unknown> }) {
  const form = useForm();
  return (
    <form onSubmit={form.handleSubmit(props)} noValidate aria-label="Title form">
      <Field label="Title" error={form.errors.title}>
        {(p) => <input {...p} />}
      </Field>
      <FormError message={form.errors._form} />
      <button type="submit" disabled={form.submitting}>
        Save
      </button>
      {form.succeeded && <span role="status">Saved.</span>}
    </form>
  );
}

const serverError = (field: string | undefined, message: string) =>
  new CombinedGraphQLErrors({
    errors: [{ message, extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } }],
  });

describe('useForm', () => {
  it('stops on client-side problems, shown by field, without sending', async () => {
    const send = vi.fn(async () => undefined);
    render(<TitleForm validate={() => ({ title: 'Name it.' })} send={send} />);
    fireEvent.submit(screen.getByRole('form', { name: 'Title form' }));
    await waitFor(() => expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Name it.'));
    expect(send).not.toHaveBeenCalled();
  });

  it('does nothing when it cannot submit yet', async () => {
    const send = vi.fn(async () => undefined);
    render(<TitleForm canSubmit={false} send={send} />);
    fireEvent.submit(screen.getByRole('form', { name: 'Title form' }));
    await Promise.resolve();
    expect(send).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends, then reports success and calls onSuccess with the result', async () => {
    const onSuccess = vi.fn();
    render(<TitleForm send={async () => 'ok'} onSuccess={onSuccess} />);
    fireEvent.submit(screen.getByRole('form', { name: 'Title form' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
    expect(onSuccess).toHaveBeenCalledWith('ok');
  });

  it("puts the server's errors on their fields and the rest in the form banner", async () => {
    const { unmount } = render(
      <TitleForm
        send={async () => {
          throw serverError('input.title', 'The title must not be empty.');
        }}
      />,
    );
    fireEvent.submit(screen.getByRole('form', { name: 'Title form' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('The title must not be empty.'),
    );
    expect(document.querySelector('.banner')).toBeNull();
    unmount();

    render(
      <TitleForm
        send={async () => {
          throw serverError(undefined, 'You are not allowed to do this.');
        }}
      />,
    );
    fireEvent.submit(screen.getByRole('form', { name: 'Title form' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You are not allowed to do this.');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('leaves a failure to onError, which may handle it itself', async () => {
    const handled = vi.fn(() => null);
    render(
      <TitleForm
        send={async () => {
          throw new Error('conflict');
        }}
        onError={handled}
      />,
    );
    fireEvent.submit(screen.getByRole('form', { name: 'Title form' }));
    await waitFor(() => expect(handled).toHaveBeenCalledTimes(1));
    expect(document.querySelector('.banner')).toBeNull();
  });
});
