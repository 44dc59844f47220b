import { useState, type ReactNode } from 'react';
import { plural } from './format';

/**
 * A long list drawn a part at a time: the first `first` entries, then all of them on request.
 * At the size of a real enterprise a screen that draws every row (10,000 initiatives, several
 * lists each) takes a minute to appear; the figures above each list still count every entry.
 */
export function useShownPart<T>(items: readonly T[], first: number) {
  const [all, setAll] = useState(false);
  return {
    shown: all || items.length <= first ? items : items.slice(0, first),
    hidden: all ? 0 : Math.max(0, items.length - first),
    all,
    toggle: () => setAll((a) => !a),
  };
}

/** "Show all 1,234 initiatives" / "Show fewer", for a list drawn with `useShownPart`. */
export function ShowAllButton({
  total,
  part,
  noun,
  nounPlural,
}: {
  total: number;
  part: { hidden: number; all: boolean; toggle: () => void };
  noun: string;
  nounPlural?: string;
}) {
  if (!part.all && part.hidden === 0) return null;
  return (
    <button
      type="button"
      className="btn btn-sm btn-ghost show-all"
      aria-expanded={part.all}
      onClick={part.toggle}
    >
      {part.all ? 'Show fewer' : `Show all ${plural(total, noun, nounPlural)}`}
    </button>
  );
}

/** A list drawn a part at a time by `children`, with its "Show all" button below. */
export function ShownPart<T>({
  items,
  first,
  noun,
  nounPlural,
  children,
}: {
  items: readonly T[];
  first: number;
  noun: string;
  nounPlural?: string;
  children: (shown: readonly T[]) => ReactNode;
}) {
  const part = useShownPart(items, first);
  return (
    <>
      {children(part.shown)}
      <ShowAllButton total={items.length} part={part} noun={noun} nounPlural={nounPlural} />
    </>
  );
}
