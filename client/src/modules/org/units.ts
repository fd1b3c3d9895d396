import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';

/** The municipality's open units, by name: what a coordinator can put on a plan's team. */
export const OpenUnitsQuery = graphql(`
  query OpenUnits {
    units {
      id
      kind
      name
    }
  }
`);

export function useOpenUnits() {
  const { data, loading, error } = useQuery(OpenUnitsQuery, { fetchPolicy: 'cache-and-network' });
  return { units: data?.units ?? [], loading, error };
}
