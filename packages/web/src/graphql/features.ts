import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';

/**
 * Which server capabilities exist. The server grows in parallel with the app (meetings, alerts,
 * hygiene, subscriptions); asking the schema lets one build of the app light up each screen
 * part as its server part lands, instead of failing on an unknown field.
 */
export interface Features {
  meetings: boolean;
  alerts: boolean;
  hygiene: boolean;
  actions: boolean;
  subscriptions: Set<string>;
  queries: Set<string>;
  mutations: Set<string>;
}

export const FEATURES_QUERY = gql`
  query SchemaFeatures {
    q: __type(name: "Query") {
      fields {
        name
      }
    }
    m: __type(name: "Mutation") {
      fields {
        name
      }
    }
    s: __type(name: "Subscription") {
      fields {
        name
      }
    }
  }
`;

interface FeaturesData {
  q: { fields: { name: string }[] } | null;
  m: { fields: { name: string }[] } | null;
  s: { fields: { name: string }[] } | null;
}

/** Derives the feature flags from the root types' field names. */
export function featuresFrom(data: FeaturesData | undefined): Features {
  const names = (t: FeaturesData['q']) => new Set((t?.fields ?? []).map((f) => f.name));
  const queries = names(data?.q ?? null);
  const mutations = names(data?.m ?? null);
  const subscriptions = names(data?.s ?? null);
  return {
    meetings: queries.has('meetings') && queries.has('meeting'),
    alerts: queries.has('alerts'),
    hygiene: queries.has('hygiene'),
    actions: queries.has('actions') || queries.has('meetings'),
    subscriptions,
    queries,
    mutations,
  };
}

/** The server's features; `ready` is false until the schema answered. */
export function useFeatures(): Features & { ready: boolean } {
  const { data } = useQuery<FeaturesData>(FEATURES_QUERY, { fetchPolicy: 'cache-first' });
  return { ...featuresFrom(data), ready: !!data };
}
