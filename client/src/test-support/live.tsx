import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { refetchAfterReconnect } from '../core/apollo';
import { LiveConnection, LiveProvider } from '../core/live';

/** A screen on a client and a live connection the test drives, connected. */
export function renderLive(client: ApolloClient, screen: ReactNode) {
  const connection = new LiveConnection();
  const view = render(
    <ApolloProvider client={client}>
      <LiveProvider connection={connection}>{screen}</LiveProvider>
    </ApolloProvider>,
  );
  act(() => connection.connected());
  return { ...view, connection };
}

/**
 * The connection drops and is back, as the client goes through it (core/apollo.tsx): it reads
 * the screens' queries again, and tells the screens that read again themselves.
 */
export function dropAndReconnect(connection: LiveConnection, client: ApolloClient): void {
  act(() => connection.closed(false));
  act(() => {
    connection.connected();
    void refetchAfterReconnect(client);
    connection.reconnected();
  });
}
