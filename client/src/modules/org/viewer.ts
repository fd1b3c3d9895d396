import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';

/** Who is signed in, with the unit's code: decides which interventions are "mine". */
export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      name
      role
      unit {
        id
        code
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
