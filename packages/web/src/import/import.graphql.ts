import { gql } from '@apollo/client';

/** Objectives and KPIs from spreadsheet rows, all or nothing (row errors in extensions.rows). */
export const IMPORT_STRATEGY = gql`
  mutation ImportStrategy($input: ImportStrategyInput!) {
    importStrategy(input: $input) {
      objectivesCreated
      kpisCreated
      linksCreated
      objectives {
        id
        title
        unit {
          id
          name
        }
        owner {
          id
          name
        }
      }
      kpis {
        id
        name
      }
    }
  }
`;

export interface ImportStrategyData {
  importStrategy: {
    objectivesCreated: number;
    kpisCreated: number;
    linksCreated: number;
    objectives: {
      id: string;
      title: string;
      unit: { id: string; name: string };
      owner: { id: string; name: string };
    }[];
    kpis: { id: string; name: string }[];
  };
}
