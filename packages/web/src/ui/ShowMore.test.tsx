import { fireEvent, render, screen } from '@testing-library/react';

import { describe, expect, it } from 'vitest';
import { ShowAllButton, useShownPart } from './ShowMore';

function List({ n, first }: { n: number; first: number }) {
  const items = Array.from({ length: n }, (_, i) => `Item ${i + 1}`);
  const part = useShownPart(items, first);
  return (
    <>
      <ul>
        {part.shown.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <ShowAllButton total={items.length} part={part} noun="entry" nounPlural="entries" />
    </>
  );
}

describe('useShownPart and ShowAllButton', () => {
  it('draws the first entries, then all on request, then fewer again', () => {
    render(<List n={1234} first={10} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(10);
    const more = screen.getByRole('button', { name: 'Show all 1,234 entries' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(more);
    expect(screen.getAllByRole('listitem')).toHaveLength(1234);
    fireEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(10);
  });
  it('offers nothing when every entry is drawn already', () => {
    render(<List n={10} first={10} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(10);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
