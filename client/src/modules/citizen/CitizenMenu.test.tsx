import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import { MainNav, Page } from '../../app/App';

describe('a citizen lands on Min plan', () => {
  it('their menu holds only "Min plan"', () => {
    render(
      <MockedProvider>
        <MainNav route={{ name: 'home' }} role="CITIZEN" />
      </MockedProvider>,
    );
    const menu = screen.getByRole('navigation', { name: 'Hovedmenu' });
    expect(within(menu).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')])).toEqual([['Min plan', '/', 'page']]);
  });

  it.each([
    [{ name: 'caseload' } as const],
    [{ name: 'keyFigures' } as const],
  ])('a staff address (%o) is not theirs: the not-found page', (route) => {
    render(
      <MockedProvider>
        <Page route={route} isMentor={false} role="CITIZEN" />
      </MockedProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Siden findes ikke');
  });
});
