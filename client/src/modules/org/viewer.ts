import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';

/**
 * Who is signed in, with their unit (id and kind): decides which interventions are "mine".
 * Read again by its operation name, Viewer (VIEWER_QUERY in core/apollo.tsx), when the server
 * refuses something or the tab is looked at again: the rights may have changed meanwhile.
 */
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
  return useViewerQuery().viewer;
}

/**
 * The viewer with the query's error and a way to ask again: a page that waits for the role
 * (the start page, Administration) would otherwise wait forever when the query fails.
 */
export function useViewerQuery() {
  const { data, error, refetch } = useQuery(ViewerQuery, { fetchPolicy: 'cache-first' });
  // The refusal shows from `error`; the promise's rejection has nothing more to say.
  const retry = () => void refetch().catch(() => undefined);
  return { viewer: data?.me ?? null, error, retry };
}
