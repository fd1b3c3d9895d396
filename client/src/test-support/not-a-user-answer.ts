import { gql } from '@apollo/client';
import { waitFor } from '@testing-library/react';
import { createSamplanClient } from '../core/apollo';

const Probe = gql`
  query NotAUserProbe {
    me {
      id
    }
  }
`;

/**
 * What the sign-in is told (`onNotAUser`'s arguments) when the server, as fetch reaches it,
 * answers a request with NOT_A_USER, this message and these extensions besides the code.
 */
export async function notAUserToldFor(extensions: Record<string, unknown>, message: string): Promise<unknown[]> {
  const realFetch = globalThis.fetch;
  const text = JSON.stringify({ data: null, errors: [{ message, extensions: { code: 'NOT_A_USER', ...extensions } }] });
  globalThis.fetch = jest.fn(async () => ({ ok: true, status: 200, headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) }, text: async () => text })) as unknown as typeof fetch;
  const onNotAUser = jest.fn();
  const samplan = createSamplanClient({ token: 'token-refused', onNotAUser });
  try {
    await samplan.client.query({ query: Probe }).catch(() => undefined);
    await waitFor(() => expect(onNotAUser).toHaveBeenCalled());
    return onNotAUser.mock.calls[0]!;
  } finally {
    samplan.dispose();
    globalThis.fetch = realFetch;
  }
}
