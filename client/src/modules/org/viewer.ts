import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';

/** Who is signed in, with their unit (id and kind): decides which interventions are "mine". */
export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      name
      role
      unit {
        id
        kind
        name
      }
      municipality {
        id
        name
      }
    }
  }
`);

export function useViewer() {
  const { data } = useQuery(ViewerQuery, { fetchPolicy: 'cache-first' });
  return data?.me ?? null;
}
