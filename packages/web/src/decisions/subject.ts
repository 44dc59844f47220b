import type { SearchSubjectsQuery } from '@throughline/shared/graphql';

type WithoutUnit<T> = T extends unknown ? Omit<T, 'unit'> : never;

/** An objective, KPI or initiative as the decision screens show it (its unit when known). */
export type Subject = WithoutUnit<SearchSubjectsQuery['searchSubjects'][number]> & {
  unit?: { id: string; name: string } | null;
};

const KIND: Record<Subject['__typename'], string> = {
  Objective: 'Objective',
  Kpi: 'KPI',
  Initiative: 'Initiative',
};

/** Its name (objectives and initiatives have titles, KPIs names). */
export function subjectName(s: Subject): string {
  return s.__typename === 'Kpi' ? s.name : s.title;
}

/** "Objective", "KPI" or "Initiative". */
export function subjectKind(s: Subject): string {
  return KIND[s.__typename];
}

/** Where its page is. */
export function subjectPath(s: Subject): string {
  const base = s.__typename === 'Kpi' ? 'kpis' : s.__typename === 'Initiative' ? 'initiatives' : 'objectives';
  return `/${base}/${s.id}`;
}
