import type { DocumentNode } from 'graphql';
import type { MockLink } from '@apollo/client/testing';

/**
 * A mock that answers every request of `query` with `answer`, and records the variables of each
 * request as it is sent. A test that lets a form send once after refusing a text, and waits for
 * the answer, knows from `sent.mock.calls` whether the refused text was sent first.
 */
export function recordedRequests(query: DocumentNode, answer: MockLink.MockedResponse['result']): { mock: MockLink.MockedResponse; sent: jest.Mock } {
  const sent = jest.fn();
  const matches = (variables: Record<string, unknown>) => {
    sent(variables);
    return true;
  };
  return { mock: { request: { query, variables: matches }, result: answer, maxUsageCount: Number.POSITIVE_INFINITY }, sent };
}
