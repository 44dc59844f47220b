import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ObjectiveTree } from './ObjectiveTree';
import { buildTree, type MapObjective } from './plan-graph';

const o = (id: string, parent: string | null): MapObjective => ({
  id,
  title: `Objective ${id}`,
  health: 'ON_TRACK',
  perspective: null,
  position: 0,
  parent: parent ? { id: parent } : null,
  unit: { id: 'u', name: 'Unit' },
  owner: { id: 'p', name: 'Owner' },
  kpis: [],
  initiatives: [],
});

/** 100 roots × 10 children: 1,100 objectives. */
const big = Array.from({ length: 100 }, (_, r) => [
  o(`r${r}`, null),
  ...Array.from({ length: 10 }, (_, c) => o(`r${r}c${c}`, `r${r}`)),
]).flat();

describe('ObjectiveTree on a large plan', () => {
  it('renders only a page of collapsed roots, opens one subtree on demand, and pages the rest', () => {
    const open = new Set<string>();
    const { rerender } = render(
      <MemoryRouter>
        <ObjectiveTree
          roots={buildTree(big)}
          details={null}
          isOpen={(id) => open.has(id)}
          onToggle={() => {}}
          matched={null}
        />
      </MemoryRouter>,
    );
    expect(document.querySelectorAll('li.tree-node').length).toBe(60);
    expect(screen.getByRole('button', { name: 'Show 40 more of 40' })).toBeTruthy();

    open.add('r0');
    rerender(
      <MemoryRouter>
        <ObjectiveTree
          roots={buildTree(big)}
          details={null}
          isOpen={(id) => open.has(id)}
          onToggle={() => {}}
          matched={null}
        />
      </MemoryRouter>,
    );
    expect(document.querySelectorAll('li.tree-node').length).toBe(70);
    expect(screen.getByRole('button', { name: 'Collapse Objective r0' }).getAttribute('aria-expanded')).toBe(
      'true',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Show 40 more of 40' }));
    expect(document.querySelectorAll('li.tree-node').length).toBe(110);
  });

  it("shows an open objective's KPIs from the full map, and that they are loading until then", () => {
    const kpi = {
      id: 'k1',
      name: 'Uptime',
      health: 'AT_RISK',
      unitOfMeasure: 'PERCENT',
      target: 99,
      stale: false,
      latest: { value: 97 },
    };
    const full = { ...o('a', null), kpis: [kpi] };
    const outline = { ...full, kpis: [{ id: 'k1', name: 'Uptime' }] };
    const tree = (details: ReadonlyMap<string, MapObjective> | null) => (
      <MemoryRouter>
        <ObjectiveTree
          roots={buildTree([outline])}
          details={details}
          isOpen={() => true}
          onToggle={() => {}}
          matched={null}
        />
      </MemoryRouter>
    );
    const { rerender } = render(tree(null));
    expect(screen.getByText('Loading KPIs and initiatives…')).toBeTruthy();
    expect(document.querySelectorAll('.map-kpi').length).toBe(0);
    rerender(tree(new Map([['a', full]])));
    expect(screen.queryByText('Loading KPIs and initiatives…')).toBeNull();
    expect(screen.getByRole('link', { name: /Uptime/ }).getAttribute('href')).toBe('/kpis/k1');
  });
});
