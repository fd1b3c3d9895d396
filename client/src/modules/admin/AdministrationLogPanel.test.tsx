import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatDateTime } from '../../core/format';
import { mockOf, refusal, renderWith } from '../../test-support/admin';
import { AdministrationLogQuery, LOG_PAGE_SIZE } from './admin';
import { AdministrationLogPanel } from './AdministrationLogPanel';

function entry(id: string, at: string, summary: string, actorName: string | null = 'Ida Administrator', action = 'CREATE_UNIT') {
  return { __typename: 'AdministrationLogEntry' as const, id, at, actorName, action, summary };
}

const newest = entry('log-3', '2026-12-01T10:05:00.000Z', 'Inviterede Karen Holm (karen@faaborg.dk) som sagsbehandler i Socialpsykiatri');
const middle = entry('log-2', '2026-12-01T10:00:00.000Z', 'Oprettede enheden "Socialpsykiatri" (Social)');
const oldest = entry('log-1', '2026-11-30T08:00:00.000Z', 'Oprettede kommunen Faaborg-Midtfyn', null, 'SETUP_MUNICIPALITY');

function pageMock(after: string | null, entries: ReturnType<typeof entry>[], nextCursor: string | null) {
  const page = { __typename: 'AdministrationLogPage' as const, entries, nextCursor };
  return mockOf(AdministrationLogQuery, { first: LOG_PAGE_SIZE, after }, { data: { administrationLog: page } });
}

const rows = () =>
  screen.getAllByTestId('admin-log-entry').map((li) => [...li.querySelectorAll('p')].map((p) => p.textContent));

describe('Administration: Administrationslog', () => {
  it('shows each action newest first: the summary, when in Danish time, and who', async () => {
    renderWith([pageMock(null, [newest, middle], null)], <AdministrationLogPanel />);
    expect(screen.getByRole('heading', { level: 2, name: 'Administrationslog' })).toBeTruthy();
    // What the log holds: a leader's change of the municipality's own frames and a first sign-in are in it too.
    expect(screen.getByText(/^Hvem der har ændret/).textContent).toBe(
      'Hvem der har ændret kommunens enheder, medarbejdere og egne rammer for forløb, hvornår medarbejdere loggede ind første gang, når en deaktiveret medarbejder forsøgte at logge ind, og når en inviteret person forsøgte at logge ind, mens invitationen ventede på godkendelse, nyeste først.',
    );
    await screen.findByText(newest.summary);
    expect(rows()).toEqual([
      [newest.summary, `${formatDateTime(newest.at)} · Ida Administrator`],
      [middle.summary, `${formatDateTime(middle.at)} · Ida Administrator`],
    ]);
    expect(formatDateTime(newest.at)).toBe('1. december 2026 kl. 11.05');
    expect(screen.getByRole('list', { name: 'Handlinger, nyeste først' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Vis ældre' })).toBeNull();
  });

  it('"Vis ældre" adds the next page below, and the first older entry takes focus', async () => {
    renderWith([pageMock(null, [newest, middle], 'cursor-2'), pageMock('cursor-2', [oldest], null)], <AdministrationLogPanel />);
    await screen.findByText(newest.summary);
    fireEvent.click(screen.getByRole('button', { name: 'Vis ældre' }));
    const older = await screen.findByText(oldest.summary);
    expect(rows().map(([summary]) => summary)).toEqual([newest.summary, middle.summary, oldest.summary]);
    // The setup command made the municipality before anyone could sign in: no person did it.
    expect(rows()[2]![1]).toBe(`${formatDateTime(oldest.at)} · Opsætning`);
    await waitFor(() => expect(document.activeElement).toBe(older.closest('li')));
    expect(screen.queryByRole('button', { name: 'Vis ældre' })).toBeNull();
  });

  it("a deactivated member of staff's attempt to sign in was made by no one signed in: it reads as a sign-in, not as someone unknown", async () => {
    const attempt = entry('log-4', '2026-12-02T07:30:00.000Z', 'Carla Nielsen forsøgte at logge ind, men er deaktiveret (login-id carla)', null, 'SIGN_IN_DEACTIVATED_USER');
    renderWith([pageMock(null, [attempt], null)], <AdministrationLogPanel />);
    await screen.findByText(attempt.summary);
    expect(rows()[0]![1]).toBe(`${formatDateTime(attempt.at)} · Log ind`);
  });

  it("an invited person's attempt to sign in while the invitation awaits approval reads as a sign-in too, and the introduction says such lines are here", async () => {
    const attempt = entry('log-7', '2026-12-02T08:00:00.000Z', 'Nora Nyborg forsøgte at logge ind, men invitationen venter på en anden administrators godkendelse (login-id idp|nora)', null, 'SIGN_IN_AWAITING_APPROVAL');
    renderWith([pageMock(null, [attempt], null)], <AdministrationLogPanel />);
    await screen.findByText(attempt.summary);
    expect(rows()[0]![1]).toBe(`${formatDateTime(attempt.at)} · Log ind`);
    expect(screen.getByText(/mens invitationen ventede på godkendelse/)).toBeTruthy();
  });

  it('the administrator invited from the command line when none was left reads as the operations staff’s, not as someone unknown', async () => {
    const recovered = entry('log-5', '2026-12-03T09:00:00.000Z', 'Driften inviterede Ida Administrator (ida@faaborg.dk) som administrator, da kommunen ingen aktiv administrator havde', null, 'RECOVER_ADMINISTRATOR');
    renderWith([pageMock(null, [recovered], null)], <AdministrationLogPanel />);
    await screen.findByText(recovered.summary);
    expect(rows()[0]![1]).toBe(`${formatDateTime(recovered.at)} · Driften`);
  });

  it('the second administrator the operations added and approved reads as theirs too', async () => {
    const added = entry('log-6', '2026-12-03T10:00:00.000Z', 'Driften inviterede Jonas Krogh (jonas@faaborg.dk) som administrator og godkendte invitationen: driften er det andet par øjne', null, 'ADD_ADMINISTRATOR');
    renderWith([pageMock(null, [added], null)], <AdministrationLogPanel />);
    await screen.findByText(added.summary);
    expect(rows()[0]![1]).toBe(`${formatDateTime(added.at)} · Driften`);
  });

  it('says so when nothing has been done yet', async () => {
    renderWith([pageMock(null, [], null)], <AdministrationLogPanel />);
    expect(await screen.findByText('Ingen handlinger endnu.')).toBeTruthy();
  });

  it('shows in Danish when the log cannot be fetched', async () => {
    renderWith([{ ...pageMock(null, [], null), result: refusal('FORBIDDEN', 'Forbidden') }], <AdministrationLogPanel />);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Administrationsloggen kunne ikke hentes')).toBeTruthy();
    expect(alert.textContent).toContain('Du har ikke adgang til at gøre dette.');
  });
});
