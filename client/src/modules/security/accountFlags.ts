import { TEXT_LIMITS } from '@samplan/schema';
import { graphql } from '../../gql';

/** Konti til gennemsyn (leaders only): who is allowed to see the page and its menu item. */
export const canReviewAccounts = (role: string | null | undefined): boolean => role === 'LEADER';

export const FlaggedAccountsQuery = graphql(`
  query FlaggedAccounts($includeResolved: Boolean!) {
    flaggedAccounts(includeResolved: $includeResolved) {
      id
      name
      resolvedAt
      ...FlagCard_AccountReviewFlag
    }
  }
`);

export const ResolveAccountFlagMutation = graphql(`
  mutation ResolveAccountFlag($id: ID!, $resolution: String!) {
    resolveAccountFlag(id: $id, resolution: $resolution) {
      id
      name
      resolvedAt
      ...FlagCard_AccountReviewFlag
    }
  }
`);

/** The server's limit on the note. */
export const RESOLUTION_MAX = TEXT_LIMITS.short;
