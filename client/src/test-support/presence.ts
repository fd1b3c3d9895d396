import { ApolloLink, Observable } from '@apollo/client';
import type { MockLink } from '@apollo/client/testing';
import { PlanPresenceSubscription, SetEditingMutation } from '../modules/presence/presence';

/**
 * What the plan page's presence asks, for a page test about something else: nobody else has
 * the plan open (the list never comes), and "I edit …" is taken however often it is said.
 */
export const quietPresence = (planId: string): MockLink.MockedResponse[] => [
  { request: { query: PlanPresenceSubscription, variables: (v) => v.planId === planId }, result: { data: null }, delay: Infinity },
  { request: { query: SetEditingMutation, variables: (v) => v.planId === planId }, result: { data: { setEditing: true } }, maxUsageCount: Number.POSITIVE_INFINITY },
];

/**
 * The plan's presence subscription answered with `present` (PresentUser objects) and kept
 * open, as the server keeps it while nobody comes or goes; every other operation goes on.
 */
export const presentOnPlan = (planId: string, present: readonly unknown[]): ApolloLink =>
  new ApolloLink((operation, forward) =>
    operation.operationName === 'PlanPresence'
      ? new Observable((observer) => observer.next({ data: { planPresence: { __typename: 'PlanPresence', planId, present } } }))
      : forward(operation),
  );
