import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { ViewerQuery } from '../org/viewer';
import { OwnProgrammeSettings, OwnProgrammeSettingsQuery, SetOwnProgrammeSettingsMutation } from './OwnProgrammeSettings';

const municipality = { __typename: 'Municipality', id: 'm-fmk', name: 'Faaborg-Midtfyn Kommune' };
const users = {
  leader: { __typename: 'User', id: 'u-lene', name: 'Lene Leder', role: 'LEADER', unit: null, municipality },
  caseworker: { __typename: 'User', id: 'u-anna', name: 'Anna Holm', role: 'CASEWORKER', unit: null, municipality },
  mentor: { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null, municipality },
  administrator: { __typename: 'User', id: 'u-ida', name: 'Ida Administrator', role: 'ADMINISTRATOR', unit: null, municipality },
};

const settings = (maxLengthMonths: number | null, followUpIntervalDays: number | null, version = 0) => ({ __typename: 'OwnProgrammeSettings', maxLengthMonths, followUpIntervalDays, version });
const read = (s = settings(null, null)): MockLink.MockedResponse => ({ request: { query: OwnProgrammeSettingsQuery }, result: { data: { ownProgrammeSettings: s } } });

function renderAs(who: keyof typeof users, mocks: MockLink.MockedResponse[]) {
  const cache = createCache();
  cache.writeQuery({ query: ViewerQuery, data: { me: users[who] } as never });
  render(
    <MockedProvider mocks={mocks} cache={cache}>
      <OwnProgrammeSettings />
    </MockedProvider>,
  );
}

const card = () => screen.getByTestId('own-programme-settings');

describe('Egne forløb (helhedsorienteret forløb)', () => {
  it('the leader sets the longest length and the samtale interval, and sees them at once', async () => {
    const input = { maxLengthMonths: 24, followUpIntervalDays: null, expectedVersion: 0 };
    renderAs('leader', [
      read(),
      { request: { query: SetOwnProgrammeSettingsMutation, variables: { input } }, result: { data: { setOwnProgrammeSettings: settings(24, null, 1) } } },
    ]);
    expect((await screen.findByTestId('own-max-length')).textContent).toBe('Ingen ramme');
    expect(within(card()).getByRole('heading', { level: 2, name: 'Egne forløb: helhedsorienteret forløb' })).toBeTruthy();
    fireEvent.click(within(card()).getByRole('button', { name: 'Ret rammer' }));
    const form = within(card()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Længste varighed (måneder)'), { target: { value: '24' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem rammer' }));
    await within(card()).findByText('Rammerne for egne forløb er gemt.');
    expect(screen.getByTestId('own-max-length').textContent).toBe('Højst 24 måneder');
    expect(screen.getByTestId('own-interval').textContent).toBe('Ingen ramme');
  });

  it("another leader's change meanwhile is shown, not undone: the save goes on the version read, and a CONFLICT opens the choice", async () => {
    // Read with no frames (version 0); another leader has since set 30 days between samtaler (version 1).
    const input = { maxLengthMonths: 24, followUpIntervalDays: null, expectedVersion: 0 };
    const current = { maxLengthMonths: null, followUpIntervalDays: 30, version: 1 };
    renderAs('leader', [
      read(),
      {
        request: { query: SetOwnProgrammeSettingsMutation, variables: { input } },
        error: new CombinedGraphQLErrors({ errors: [{ message: 'Rammerne er ændret af en anden leder, siden du hentede dem.', extensions: { code: 'CONFLICT', current } }] }),
      },
    ]);
    await screen.findByTestId('own-max-length');
    fireEvent.click(within(card()).getByRole('button', { name: 'Ret rammer' }));
    const form = within(card()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Længste varighed (måneder)'), { target: { value: '24' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem rammer' }));
    const view = await within(card()).findByTestId('conflict-view');
    const interval = within(view).getByRole('group', { name: 'Højst dage mellem samtaler' });
    expect(interval.textContent).toContain('30');
    fireEvent.click(within(view).getByRole('button', { name: 'Tag den nyeste udgave' }));
    expect((await screen.findByText('Højst 30 dage mellem samtaler')).getAttribute('data-testid')).toBe('own-interval');
    expect(screen.getByTestId('own-max-length').textContent).toBe('Ingen ramme');
  });

  it('checks the bounds before sending', async () => {
    renderAs('leader', [read(settings(12, 30))]);
    expect((await screen.findByTestId('own-interval')).textContent).toBe('Højst 30 dage mellem samtaler');
    fireEvent.click(within(card()).getByRole('button', { name: 'Ret rammer' }));
    const form = within(card()).getByRole('form');
    fireEvent.change(within(form).getByLabelText('Højst dage mellem samtaler'), { target: { value: '400' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem rammer' }));
    // By the field, and as a link to it in the summary at the top of the form.
    const field = within(form).getByLabelText('Højst dage mellem samtaler');
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('Højst dage mellem samtaler skal være mellem 1 og 365.');
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Højst dage mellem samtaler skal være mellem 1 og 365.' }).getAttribute('href')).toBe(`#${field.id}`);
    expect(document.activeElement).toBe(summary);
  });

  it('a caseworker (any of whom may coordinate) sees the frames but cannot change them', async () => {
    renderAs('caseworker', [read(settings(12, 30))]);
    expect((await screen.findByTestId('own-max-length')).textContent).toBe('Højst 12 måneder');
    expect(within(card()).queryByRole('button')).toBeNull();
  });

  it.each(['mentor', 'administrator'] as const)('is not shown to a %s', (who) => {
    renderAs(who, []);
    expect(screen.queryByTestId('own-programme-settings')).toBeNull();
  });
});
