import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ObjectiveTree } from './ObjectiveTree';
import { objective } from './map-fixtures';
import { buildTree, type MapObjective } from './plan-graph';

const o = (id: string, parent: string | null) => objective(id, parent, { title: `Objective ${id}` });

/** 100 roots × 10 children: 1,100 objectives. */
const big = Array.from({ length: 100 }, (_, r) => [
  o(`r${r}`, null),
  ...Array.from({ length: 10 }, (_, c) => o(`r${r}c${c}`, `r${r}`)),
]).flat();

describe('ObjectiveTree on a large plan', () => {
  afterEach(() => vi.unstubAllGlobals());
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
    // 1,100 objectives: rows off screen are left to the browser to skip (CSS content-visibility).
    expect(document.querySelectorAll('.tree-offscreen-skipped li.tree-node').length).toBe(60);

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
    // A small tree is drawn whole (a full-page screenshot or print never meets a skipped row).
    expect(document.querySelector('.tree-offscreen-skipped')).toBeNull();
    expect(document.querySelectorAll('.map-kpi').length).toBe(0);
    rerender(tree(new Map([['a', full]])));
    expect(screen.queryByText('Loading KPIs and initiatives…')).toBeNull();
    expect(screen.getByRole('link', { name: /Uptime/ }).getAttribute('href')).toBe('/kpis/k1');
  });

  it("in a large tree, draws an open row's KPIs and initiatives only once they near the viewport", () => {
    // jsdom has no IntersectionObserver: a stand-in that the test tells when a spacer comes near.
    const observed: Element[] = [];
    let notify: (targets: Element[]) => void = () => {};
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(cb: (entries: { target: Element; isIntersecting: boolean }[]) => void) {
          notify = (targets) => cb(targets.map((target) => ({ target, isIntersecting: true })));
        }
        observe(el: Element) {
          observed.push(el);
        }
        unobserve(el: Element) {
          if (observed.includes(el)) observed.splice(observed.indexOf(el), 1);
        }
        disconnect() {
          observed.length = 0;
        }
      },
    );
    const kpi = (id: string) => ({
      id,
      name: `KPI ${id}`,
      health: 'ON_TRACK',
      unitOfMeasure: 'NUMBER',
      target: 1,
      stale: false,
      latest: { value: 1 },
    });
    const withKpi = big.map((x) => ({ ...x, kpis: [kpi(`k-${x.id}`)] }));
    render(
      <MemoryRouter>
        <ObjectiveTree
          roots={buildTree(withKpi)}
          details={new Map(withKpi.map((x) => [x.id, x]))}
          isOpen={(id) => id === 'r0' || id === 'r1'}
          onToggle={() => {}}
          matched={null}
        />
      </MemoryRouter>,
    );
    // Two open rows: each waits behind a spacer of about its height, watched, nothing drawn yet.
    const spacers = [...document.querySelectorAll('.tree-leaves-pending')];
    expect(spacers).toHaveLength(2);
    expect(observed).toEqual(spacers);
    expect(document.querySelectorAll('.map-kpi')).toHaveLength(0);
    // The first comes near: its KPI is drawn and no longer watched; the other still waits.
    act(() => notify([spacers[0]]));
    expect(screen.getByRole('link', { name: /KPI k-r0/ }).getAttribute('href')).toBe('/kpis/k-r0');
    expect(screen.queryByRole('link', { name: /KPI k-r1/ })).toBeNull();
    expect(observed).toEqual([spacers[1]]);
  });
});
