import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Field, HealthBadge } from './components';

describe('HealthBadge', () => {
  it('always carries the health in text, also when compact', () => {
    render(<HealthBadge health="OFF_TRACK" compact />);
    expect(screen.getByText('Off track')).toBeInTheDocument();
  });
});

describe('Field', () => {
  it('labels its input and ties the error to it', () => {
    render(
      <Field label="Value" error="Enter a value.">
        {(p) => <input {...p} />}
      </Field>,
    );
    const input = screen.getByLabelText('Value');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Enter a value.');
  });
});
