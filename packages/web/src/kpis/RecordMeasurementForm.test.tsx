import { CorrectMeasurementDocument } from '@throughline/shared/graphql';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { formatDate } from '../ui/format';
import { dayToInstant, today } from './record-value';
import { RecordMeasurementForm } from './RecordMeasurementForm';

describe('RecordMeasurementForm', () => {
  it('dates a value today by default and, for a period that has a value, offers to correct it instead of adding a second', async () => {
    const first = { id: '11111111-1111-4111-8111-111111111111', value: 52, at: dayToInstant(today()) };
    let corrected = false;
    const mocks = [
      {
        request: {
          query: CorrectMeasurementDocument,
          variables: { input: { measurementId: first.id, value: 60, note: null } },
        },
        result: () => {
          corrected = true;
          return {
            data: {
              correctMeasurement: {
                __typename: 'Measurement' as const,
                id: '22222222-2222-4222-8222-222222222222',
                value: 60,
                at: first.at,
                correctsId: first.id,
              },
            },
          };
        },
      },
    ];
    const onRecorded = vi.fn();
    render(
      <MockedProvider mocks={mocks}>
        <RecordMeasurementForm
          kpiId="33333333-3333-4333-8333-333333333333"
          unitOfMeasure="units"
          frequency="WEEKLY"
          measurements={[first]}
          onRecorded={onRecorded}
        />
      </MockedProvider>,
    );
    const date = screen.getByLabelText('For date');
    expect(date).toHaveValue(today());
    // One date format: the app's, beside the browser's picker.
    expect(date).toHaveAccessibleDescription(new RegExp(`^${formatDate(today())} · period: the week of `));

    fireEvent.change(screen.getByLabelText('Value (units)'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record value' }));
    const warning = await screen.findByTestId('duplicate-value');
    expect(warning).toHaveTextContent(`already has a value: 52 units for ${formatDate(first.at)}`);
    expect(screen.getByRole('button', { name: 'Record value' })).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Correct it to 60 units' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      `Corrected the value for ${formatDate(first.at)}: 52 units → 60 units. The old value stays in the history.`,
    );
    expect(corrected).toBe(true);
    expect(onRecorded).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('duplicate-value')).toBeNull();
  });
});
