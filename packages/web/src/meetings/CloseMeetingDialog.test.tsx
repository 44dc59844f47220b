import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CloseMeetingDialog } from './CloseMeetingDialog';

const props = { decisions: 2, actions: 1, busy: false };

describe('CloseMeetingDialog', () => {
  it('warns when no minutes were taken and makes keeping the meeting open the default', () => {
    const onConfirm = vi.fn();
    render(<CloseMeetingDialog {...props} minutesEmpty onConfirm={onConfirm} onCancel={() => {}} />);
    const dialog = screen.getByRole('alertdialog', { name: 'Close the meeting?' });
    expect(dialog).toHaveTextContent('2 decisions and 1 new action');
    expect(screen.getByRole('alert')).toHaveTextContent('No minutes have been taken.');
    expect(screen.getByRole('button', { name: 'Keep open and write minutes' })).toHaveFocus();
    fireEvent.click(screen.getByRole('button', { name: 'Close without minutes' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('with minutes, says what closing does and offers to close, without a warning', () => {
    const onCancel = vi.fn();
    render(<CloseMeetingDialog {...props} minutesEmpty={false} onConfirm={() => {}} onCancel={onCancel} />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Close meeting' })).toHaveFocus();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
