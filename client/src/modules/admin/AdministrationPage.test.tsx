import { fireEvent, screen, within } from '@testing-library/react';
import { MainNav, Page } from '../../app/App';
import { matchRoute, paths, type Route } from '../../core/router';
import { jobcenterSyd, psykiatri, renderWith, staffMember, staffMock, unitsMock } from '../../test-support/admin';
import { canAdminister } from './admin';

const ROLES = ['ADMINISTRATOR', 'CASEWORKER', 'LEADER', 'MENTOR'] as const;

function renderPage(route: Route, role: string | undefined, mocks: Parameters<typeof renderWith>[0] = []) {
  renderWith(mocks, <Page route={route} isMentor={role === 'MENTOR'} role={role} />);
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('Administration: route and menu', () => {
  it('has a path for each tab that matches back', () => {
    expect(paths.administration()).toBe('/administration');
    expect(matchRoute('/administration')).toEqual({ name: 'administration', tab: 'units' });
    expect(matchRoute(paths.administration('staff'))).toEqual({ name: 'administration', tab: 'staff' });
    expect(matchRoute(paths.administration('log'))).toEqual({ name: 'administration', tab: 'log' });
    expect(matchRoute('/administration/log/')).toEqual({ name: 'administration', tab: 'log' });
    expect(matchRoute('/administration/andet')).toEqual({ name: 'notFound', path: '/administration/andet' });
  });

  it('is in the menu of an administrator only, and is their only entry', () => {
    for (const role of ROLES) {
      const { unmount } = renderWith([], <MainNav route={{ name: 'home' }} role={role} />);
      const menu = screen.getByRole('navigation', { name: 'Hovedmenu' });
      const links = within(menu).getAllByRole('link').map((a) => a.textContent);
      if (role === 'ADMINISTRATOR') {
        expect(links).toEqual(['Administration']);
        const link = within(menu).getByRole('link', { name: 'Administration' });
        expect(link.getAttribute('href')).toBe('/administration');
        expect(link.getAttribute('aria-current')).toBe('page');
      } else {
        expect({ role, links }).toEqual({ role, links: expect.not.arrayContaining(['Administration']) });
      }
      unmount();
    }
    expect(ROLES.map(canAdminister)).toEqual([true, false, false, false]);
  });

  it('is the administrator’s home page, opening on Enheder', async () => {
    renderPage({ name: 'home' }, 'ADMINISTRATOR', [unitsMock([jobcenterSyd, psykiatri])]);
    // The page's code comes on its first visit.
    expect(await screen.findByRole('heading', { level: 1, name: 'Administration' })).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Administration' });
    expect(within(tabs).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('aria-current')])).toEqual([
      ['Enheder', 'page'],
      ['Medarbejdere', null],
      ['Administrationslog', null],
    ]);
    expect(await screen.findByRole('article', { name: 'Jobcenter Syd' })).toBeTruthy();
    expect(document.title).toBe('Enheder – Administration – Samplan');
  });

  it('opens the tab the path names, and a tab link goes to its path', async () => {
    renderPage({ name: 'administration', tab: 'staff' }, 'ADMINISTRATOR', [staffMock([staffMember()]), unitsMock([psykiatri])]);
    expect(await screen.findByRole('heading', { level: 2, name: 'Medarbejdere' })).toBeTruthy();
    expect(await screen.findByRole('article', { name: 'Karen Holm' })).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Administrationslog' }));
    expect(window.location.pathname).toBe('/administration/log');
  });

  it('tells anyone else whose page it is', () => {
    for (const role of ROLES.filter((r) => r !== 'ADMINISTRATOR')) {
      const { unmount } = renderWith([], <Page route={{ name: 'administration', tab: 'units' }} isMentor={role === 'MENTOR'} role={role} />);
      expect(screen.getByRole('heading', { level: 1, name: 'Administration' })).toBeTruthy();
      expect(screen.getByText('Administration er for administratorer.')).toBeTruthy();
      expect(screen.queryByRole('heading', { name: 'Siden findes ikke' })).toBeNull();
      unmount();
    }
  });

  it('waits for the role before choosing a page, so nothing is asked for that would be refused', () => {
    renderPage({ name: 'administration', tab: 'units' }, undefined);
    expect(screen.getByRole('status').textContent).toBe('Henter…');
    expect(screen.queryByRole('heading', { name: 'Siden findes ikke' })).toBeNull();
  });
});
