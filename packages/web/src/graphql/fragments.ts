import { gql } from '@apollo/client';

/** The KPI fields every list shows (name, health, latest against target). */
export const KPI_ROW = gql`
  fragment KpiRow on Kpi {
    id
    name
    health
    stale
    unitOfMeasure
    direction
    target
    onExecutiveDashboard
    latest {
      id
      value
      at
    }
    owner {
      id
      name
    }
    unit {
      id
      name
    }
  }
`;

/** The initiative fields every list shows. */
export const INITIATIVE_ROW = gql`
  fragment InitiativeRow on Initiative {
    id
    title
    status
    health
    budget
    capacity
    startDate
    endDate
    owner {
      id
      name
    }
    unit {
      id
      name
    }
    progress {
      completion
      deliveryHealth
      impactHealth
      kpisMoving
      kpisTargeted
      overdueMilestones
    }
  }
`;

/** TypeScript shape of `KpiRow`. */
export interface KpiRowData {
  id: string;
  name: string;
  health: string;
  stale: boolean;
  unitOfMeasure: string;
  direction: string;
  target: number | null;
  onExecutiveDashboard: boolean;
  latest: { id: string; value: number; at: string } | null;
  owner: { id: string; name: string };
  unit: { id: string; name: string };
}

/** TypeScript shape of `InitiativeRow`. */
export interface InitiativeRowData {
  id: string;
  title: string;
  status: string;
  health: string;
  budget: number | null;
  capacity: number;
  startDate: string | null;
  endDate: string | null;
  owner: { id: string; name: string };
  unit: { id: string; name: string };
  progress: {
    completion: number;
    deliveryHealth: string;
    impactHealth: string;
    kpisMoving: number;
    kpisTargeted: number;
    overdueMilestones: number;
  };
}
