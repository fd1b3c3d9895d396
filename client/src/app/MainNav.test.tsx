import { ApolloClient, ApolloLink, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createCache } from '../core/apollo';
import { MainNav, Page } from './App';

/** A server that has not answered yet: a start page is chosen before its data comes. */
function Unanswered({ children }: { children: ReactNode }) {
  const client = new ApolloClient({ cache: createCache(), link: new ApolloLink(() => new Observable(() => undefined)) });
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}

function menuOf(role: string, route: Parameters<typeof MainNav>[0]['route'] = { name: 'home' }) {
  const { unmount } = render(
    <MockedProvider>
      <MainNav route={route} role={role} />
    </MockedProvider>,
  );
  const menu = screen.getByRole('navigation', { name: 'Hovedmenu' });
  const links = within(menu)
    .getAllByRole('link')
    .map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')]);
  unmount();
  return links;
}

describe('each role lands where its work is', () => {
  it('a caseworker starts on Mine sager and has no "Mentor" in the menu', () => {
    expect(menuOf('CASEWORKER')).toEqual([
      ['Mine sager', '/', 'page'],
      ['Åbn en plan', '/aabn-plan', null],
      ['Nøgletal', '/noegletal', null],
    ]);
  });

  it('a leader starts on Nøgletal and is offered no case pages: a leader follows figures, not citizens', () => {
    expect(menuOf('LEADER')).toEqual([
      ['Nøgletal', '/', 'page'],
      ['Konti til gennemsyn', '/konti-til-gennemsyn', null],
    ]);
    expect(menuOf('LEADER', { name: 'keyFigures' })[0]).toEqual(['Nøgletal', '/', 'page']);
  });

  it('a leader\'s start page is Nøgletal', async () => {
    render(
      <Unanswered>
        <Page route={{ name: 'home' }} isMentor={false} role="LEADER" />
      </Unanswered>,
    );
    // The dashboard loads on first visit (lazy).
    expect(await screen.findByRole('heading', { level: 1, name: /^Nøgletal/ }, { timeout: 10_000 })).toBeTruthy();
  });

  it('a caseworker\'s start page is Mine sager', async () => {
    render(
      <Unanswered>
        <Page route={{ name: 'home' }} isMentor={false} role="CASEWORKER" />
      </Unanswered>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Mine sager' })).toBeTruthy();
  });
});
