import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SetPasswordForm } from './SetPasswordForm';

describe('SetPasswordForm', () => {
  const setUp = (send = vi.fn().mockResolvedValue(true)) => {
    const onDone = vi.fn();
    render(
      <SetPasswordForm
        email="ada@example.test"
        submitLabel="Set password"
        busyLabel="Setting…"
        send={send}
        onDone={onDone}
      />,
    );
    const type = (label: string, value: string) =>
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    return {
      send,
      onDone,
      type,
      submit: () => fireEvent.click(screen.getByRole('button', { name: 'Set password' })),
    };
  };

  it('refuses a short password and two that differ without sending', async () => {
    const f = setUp();
    f.type('New password', 'short');
    f.type('Repeat the password', 'short');
    f.submit();
    expect(await screen.findByText('Use at least 10 characters.')).toBeTruthy();
    f.type('New password', 'long enough words');
    f.type('Repeat the password', 'long enough word');
    f.submit();
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(f.send).not.toHaveBeenCalled();
  });

  it('sends the password once both agree, then is done; a refused link shows the server’s reason', async () => {
    const f = setUp();
    f.type('New password', 'long enough words');
    f.type('Repeat the password', 'long enough words');
    f.submit();
    await vi.waitFor(() => expect(f.onDone).toHaveBeenCalled());
    expect(f.send).toHaveBeenCalledWith('long enough words');

    cleanup();
    const refused = setUp(vi.fn().mockRejectedValue(new Error('This invitation has expired.')));
    refused.type('New password', 'long enough words');
    refused.type('Repeat the password', 'long enough words');
    refused.submit();
    expect((await screen.findByRole('alert')).textContent).toBe('This invitation has expired.');
    expect(refused.onDone).not.toHaveBeenCalled();
  });
});
