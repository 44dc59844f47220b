import { ViewerDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { createContext, useContext, type ReactNode } from 'react';
import { ErrorState, Loading } from '../ui/components';

/** Who is signed in, what they head, and the plans they can see. */
export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: 'EXECUTIVE' | 'MEMBER';
  title: string;
  unit: { id: string; name: string } | null;
  heads: { id: string; name: string; kind: string }[];
}

/** A plan in the plan switcher. */
export interface PlanSummary {
  id: string;
  name: string;
  framework: string;
  periodStart: string;
  periodEnd: string;
  unit: { id: string; name: string };
}

interface ViewerValue {
  viewer: Viewer;
  plans: PlanSummary[];
}

const ViewerContext = createContext<ViewerValue | null>(null);

/** The signed-in person and their plans; only valid inside the signed-in app. */
export function useViewer(): ViewerValue {
  const v = useContext(ViewerContext);
  if (!v) throw new Error('useViewer outside <ViewerProvider>');
  return v;
}

/** Loads the viewer once for the whole signed-in app. */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const { data, error } = useQuery(ViewerDocument, { fetchPolicy: 'cache-first' });
  if (error && !data)
    return (
      <main className="content">
        <ErrorState error={error} title="Could not load your profile" />
      </main>
    );
  if (!data)
    return (
      <main className="content">
        <Loading label="Opening Throughline" />
      </main>
    );
  return (
    <ViewerContext.Provider value={{ viewer: data.viewer, plans: data.plans }}>
      {children}
    </ViewerContext.Provider>
  );
}
