import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog';

function Harness({ onCancel }: { onCancel: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open it
      </button>
      {open && (
        <Dialog
          title="Close the meeting?"
          onCancel={() => {
            onCancel();
            setOpen(false);
          }}
          actions={
            <>
              <button type="button">Cancel</button>
              <button type="button" data-autofocus>
                Confirm
              </button>
            </>
          }
        >
          <p>The minutes are fixed.</p>
        </Dialog>
      )}
    </>
  );
}

describe('Dialog', () => {
  it('is a named, described modal that takes focus, keeps Tab inside, closes on Escape and gives focus back', () => {
    const root = document.createElement('div');
    root.id = 'root';
    document.body.appendChild(root);
    const onCancel = vi.fn();
    render(<Harness onCancel={onCancel} />, { container: root });
    const opener = screen.getByRole('button', { name: 'Open it' });
    opener.focus();
    fireEvent.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Close the meeting?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('The minutes are fixed.');
    expect(root).toHaveAttribute('inert');
    const [cancel, confirm] = [
      screen.getByRole('button', { name: 'Cancel' }),
      screen.getByRole('button', { name: 'Confirm' }),
    ];
    expect(confirm).toHaveFocus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(cancel).toHaveFocus();
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(confirm).toHaveFocus();

    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(root).not.toHaveAttribute('inert');
    expect(opener).toHaveFocus();
    root.remove();
  });
});
