import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatDateTime } from '../../core/format';
import { DISCARD_QUESTION } from '../../core/forms/FormParts';
import { hasUnsavedText } from '../../core/unsaved-text';
import { makeFragmentData } from '../../gql';
import { gamleSocial, jobcenterSyd, mockOf, psykiatri, refusal, renderWith, staffMember, staffMock, unitRef, unitsMock } from '../../test-support/admin';
import {
  AdminStaffFragment, ApproveStaffChangeMutation, ApproveStaffInvitationMutation, ChangeStaffMutation, ChangeStaffPhoneMutation, DeactivateStaffMutation, InviteStaffMutation,
  ReactivateStaffMutation, RenameStaffMutation, WithdrawStaffChangeMutation,
} from './admin';
import { ViewerQuery } from '../org/viewer';
import { placeStaff } from './adminCache';
import { leavesBehind } from './StaffCard';
import { StaffPanel } from './StaffPanel';

const karen = staffMember();
const ole = staffMember({
  id: 'u-ole',
  name: 'Ole Dahl',
  email: null,
  subject: 'S-1234-5678',
  role: 'LEADER',
  status: 'INVITED',
  activatedAt: null,
  unit: null,
});
const mette = staffMember({
  id: 'u-mette',
  name: 'Mette Berg',
  email: 'mette@mentorhuset.dk',
  role: 'MENTOR',
  unit: null,
  status: 'DEACTIVATED',
  deactivatedAt: '2026-11-20T12:00:00.000Z',
});
const units = [jobcenterSyd, psykiatri, gamleSocial];

/** An active administrator of the municipality. */
const administrator = (id: string, name: string) => staffMember({ id, name, email: null, subject: id, role: 'ADMINISTRATOR', unit: null });
/** Ida's invitation of a caseworker, which no other administrator has approved yet. */
const nora = staffMember({
  id: 'u-nora', name: 'Nora Nyborg', email: 'nora@faaborg.dk', status: 'INVITED', activatedAt: null, unit: unitRef(jobcenterSyd),
  awaitingApproval: true, invitedById: 'u-ida', invitedByName: 'Ida Administrator',
});
const approvedNora = { ...nora, awaitingApproval: false, approvedByName: 'Bo Berg', approvedAt: '2026-12-05T09:00:00.000Z', version: 2 };
/** A change of role and unit asked for by Ida, waiting for another administrator's yes. */
const toLeaderInJobcenter = {
  __typename: 'StaffPendingChange' as const, role: 'LEADER' as const, unit: unitRef(jobcenterSyd), requestedById: 'u-ida', requestedByName: 'Ida Administrator', requestedAt: '2026-12-05T10:00:00.000Z',
};
/** Lars Lund, a mentor who has signed in, whom Ida asked to make a caseworker in Jobcenter Syd. */
const toCaseworker = { ...toLeaderInJobcenter, role: 'CASEWORKER' as const };
const lars = staffMember({ id: 'u-lars', name: 'Lars Lund', email: null, subject: 'idp|lars', role: 'MENTOR', unit: null, pendingChange: toCaseworker, version: 3 });
/** Who is signed in: the viewer the cards speak to. */
function viewerMock(who: ReturnType<typeof staffMember>) {
  const me = { __typename: 'User' as const, id: who.id, name: who.name, role: 'ADMINISTRATOR' as const, unit: null, municipality: { __typename: 'Municipality' as const, id: 'm-fmk', name: 'Faaborg-Midtfyn' } };
  return mockOf(ViewerQuery, {}, { data: { me } });
}

const staffResult = (s: ReturnType<typeof staffMember>) => makeFragmentData(s, AdminStaffFragment);

function renderPanel(mocks: Parameters<typeof renderWith>[0]) {
  renderWith([staffMock([karen, ole, mette]), unitsMock(units), ...mocks], <StaffPanel />);
}

/** The staff and the units are two queries: both answered (the unit filter lists the units). */
async function shown() {
  await screen.findByRole('article', { name: 'Karen Holm' });
  await waitFor(() => expect(within(screen.getByLabelText('Enhed')).getByRole('option', { name: 'Jobcenter Syd' })).toBeTruthy());
}

const card = (name: string) => screen.getByRole('article', { name });
const fact = (article: HTMLElement, term: string) => within(article).queryByText(term, { selector: 'dt' })?.nextElementSibling?.textContent;
const names = () => screen.queryAllByRole('article').map((a) => within(a).getByRole('heading', { level: 3 }).textContent);
const options = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => o.textContent);

function openInvite() {
  fireEvent.click(screen.getByRole('button', { name: 'Inviter medarbejder' }));
  return screen.getByRole('form', { name: 'Inviter medarbejder' });
}

function fill(form: HTMLElement, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) fireEvent.change(within(form).getByLabelText(label), { target: { value } });
}

describe('Administration: Medarbejdere', () => {
  it('lists everyone with how they sign in, role, unit and status in Danish', async () => {
    renderPanel([]);
    await shown();
    expect(screen.getByRole('heading', { level: 2, name: 'Medarbejdere' })).toBeTruthy();
    // "Inviter" sends nothing: the administrator tells the person where Samplan is.
    expect(screen.getByText(/^Inviter medarbejdere og eksterne mentorer/).textContent!.replace(/\s+/g, ' ')).toBe(
      'Inviter medarbejdere og eksterne mentorer ud fra deres e-mail eller bruger-id hos identitetsudbyderen. Samplan sender ingen e-mail: fortæl selv personen, at de skal logge ind på http://localhost med deres arbejdslogin. En invitation skal godkendes af en anden administrator, før personen kan logge ind, og det skal en ændring af rolle eller enhed for en, der har logget ind, før den gælder. Deaktivering gælder med det samme.',
    );
    expect(names()).toEqual(['Karen Holm', 'Ole Dahl', 'Mette Berg']);
    expect(fact(card('Karen Holm'), 'E-mail')).toBe('karen@faaborg.dk');
    expect(fact(card('Karen Holm'), 'Rolle')).toBe('Sagsbehandler');
    expect(fact(card('Karen Holm'), 'Enhed')).toBe('Socialpsykiatri');
    expect(fact(card('Karen Holm'), 'Status')).toBe(`Aktiv siden ${formatDateTime(karen.activatedAt)}`);
    expect(fact(card('Ole Dahl'), 'E-mail')).toBeUndefined();
    expect(fact(card('Ole Dahl'), 'Bruger-id hos identitetsudbyderen')).toBe('S-1234-5678');
    expect(fact(card('Ole Dahl'), 'Rolle')).toBe('Leder');
    expect(fact(card('Ole Dahl'), 'Enhed')).toBe('Ingen enhed');
    expect(fact(card('Ole Dahl'), 'Status')).toMatch(/^Inviteret/);
    expect(fact(card('Mette Berg'), 'Rolle')).toBe('Mentor');
    expect(fact(card('Mette Berg'), 'Status')).toMatch(/^Deaktiveret.* siden 20\. november 2026/);
    expect(within(card('Mette Berg')).getByRole('button', { name: 'Genaktiver Mette Berg' })).toBeTruthy();
    expect(within(card('Mette Berg')).queryByRole('button', { name: /^Deaktiver/ })).toBeNull();
    // A deactivated user can be placed in another unit before coming back (their own may have closed).
    expect(within(card('Mette Berg')).getByRole('button', { name: 'Skift rolle eller enhed for Mette Berg' })).toBeTruthy();
    expect(screen.getByTestId('staff-count').textContent).toBe('3 medarbejdere');
  });

  it('filters by status and by unit', async () => {
    renderPanel([]);
    await shown();
    const status = screen.getByLabelText('Status');
    expect(options(status)[0]).toBe('Alle');
    fireEvent.change(status, { target: { value: 'INVITED' } });
    expect(names()).toEqual(['Ole Dahl']);
    expect(screen.getByTestId('staff-count').textContent).toBe('Viser 1 af 3 medarbejdere');
    fireEvent.change(status, { target: { value: '' } });
    const unit = screen.getByLabelText('Enhed');
    expect(options(unit)).toEqual(['Alle enheder', 'Uden enhed', 'Jobcenter Syd', 'Socialpsykiatri', 'Gamle Socialforvaltning (lukket)']);
    fireEvent.change(unit, { target: { value: psykiatri.id } });
    expect(names()).toEqual(['Karen Holm']);
    fireEvent.change(unit, { target: { value: '-' } });
    expect(names()).toEqual(['Ole Dahl', 'Mette Berg']);
    fireEvent.change(status, { target: { value: 'ACTIVE' } });
    expect(names()).toEqual([]);
    expect(screen.getByText('Ingen medarbejdere passer til filteret.')).toBeTruthy();
  });

  it('invites a caseworker by e-mail into an open unit, and adds them to the list', async () => {
    const lars = staffMember({ id: 'u-lars', name: 'Lars Juhl', email: 'lars@faaborg.dk', status: 'INVITED', activatedAt: null, unit: unitRef(jobcenterSyd) });
    renderPanel([
      mockOf(
        InviteStaffMutation,
        { input: { name: 'Lars Juhl', email: 'lars@faaborg.dk', subject: null, phone: null, role: 'CASEWORKER', unitId: jobcenterSyd.id } },
        { data: { inviteStaff: staffResult(lars) } },
      ),
    ]);
    await shown();
    const form = openInvite();
    expect(within(form).getByLabelText('Bruger-id hos identitetsudbyderen')).toBeTruthy();
    expect(options(within(form).getByLabelText('Rolle'))).toEqual(['Sagsbehandler', 'Leder', 'Mentor', 'Administrator']);
    // A closed unit takes no new staff.
    expect(options(within(form).getByLabelText('Enhed'))).toEqual(['Vælg enhed', 'Jobcenter Syd (Beskæftigelse)', 'Socialpsykiatri (Social)']);
    expect(within(form).getByLabelText('Enhed').getAttribute('aria-required')).toBe('true');
    // Samplan sends no e-mail: the administrator is told before inviting, with where Samplan is.
    expect(within(form).getByText(/^Samplan sender ingen e-mail\./).textContent).toBe(
      'Samplan sender ingen e-mail. Når personen er inviteret, skal du selv give dem Samplans adresse, http://localhost, og bede dem logge ind med deres arbejdslogin: den e-mail eller det bruger-id, du skriver her. En anden administrator skal godkende invitationen, før personen kan logge ind.',
    );
    fill(form, { Navn: 'Lars Juhl', 'E-mail': ' lars@faaborg.dk ', Enhed: jobcenterSyd.id });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    // Not "he has been told": what the administrator must do now, and what to give him.
    const status = await screen.findByText(
      'Lars Juhl er inviteret som sagsbehandler i Jobcenter Syd. Samplan sender ingen e-mail: giv selv Lars Juhl Samplans adresse, http://localhost, og bed personen logge ind med sit arbejdslogin (lars@faaborg.dk). En anden administrator skal godkende invitationen, før Lars Juhl kan logge ind.',
    );
    expect(document.activeElement).toBe(status);
    expect(fact(card('Lars Juhl'), 'Status')).toMatch(/^Inviteret/);
    expect(screen.getByTestId('staff-count').textContent).toBe('4 medarbejdere');
    // Where the server would list him: by name.
    expect(names()).toEqual(['Karen Holm', 'Lars Juhl', 'Mette Berg', 'Ole Dahl']);
  });

  it('wants a unit for a caseworker, none for a mentor or an administrator, and lets a leader choose', async () => {
    renderPanel([]);
    await shown();
    const form = openInvite();
    fill(form, { Navn: 'Lars Juhl', 'E-mail': 'lars@faaborg.dk' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    const unit = within(form).getByLabelText('Enhed');
    const problem = within(form).getByText('Vælg enhed.', { selector: '.field-error' });
    expect(unit.getAttribute('aria-invalid')).toBe('true');
    expect(unit.getAttribute('aria-describedby')).toContain(problem.id);
    // Focus goes to the summary of problems at the top of the form (core/forms/FormParts.tsx).
    expect(document.activeElement).toBe(within(form).getByTestId('error-summary'));

    fill(form, { Rolle: 'MENTOR' });
    expect(within(form).queryByLabelText('Enhed')).toBeNull();
    fill(form, { Rolle: 'ADMINISTRATOR' });
    expect(within(form).queryByLabelText('Enhed')).toBeNull();
    fill(form, { Rolle: 'LEADER' });
    const optional = within(form).getByLabelText('Enhed');
    expect(optional.getAttribute('aria-required')).toBeNull();
    expect(options(optional)[0]).toBe('(ikke angivet)');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('invites an external mentor by the provider’s subject, without a unit', async () => {
    const anne = staffMember({ id: 'u-anne', name: 'Anne Vang', email: null, subject: 'mitid-erhverv:98765', role: 'MENTOR', status: 'INVITED', activatedAt: null, unit: null });
    renderPanel([
      mockOf(
        InviteStaffMutation,
        { input: { name: 'Anne Vang', email: null, subject: 'mitid-erhverv:98765', phone: null, role: 'MENTOR', unitId: null } },
        { data: { inviteStaff: staffResult(anne) } },
      ),
    ]);
    await shown();
    const form = openInvite();
    // Chosen first, then the role that has none: the unit is not sent.
    fill(form, { Navn: 'Anne Vang', 'Bruger-id hos identitetsudbyderen': 'mitid-erhverv:98765', Enhed: psykiatri.id, Rolle: 'MENTOR' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    await screen.findByText('Anne Vang er inviteret som mentor. Samplan sender ingen e-mail: giv selv Anne Vang Samplans adresse, http://localhost, og bed personen logge ind med sit arbejdslogin (bruger-id mitid-erhverv:98765). En anden administrator skal godkende invitationen, før Anne Vang kan logge ind.');
    expect(fact(card('Anne Vang'), 'Bruger-id hos identitetsudbyderen')).toBe('mitid-erhverv:98765');
  });

  it('says by the subject field that a subject, when given, is all the person is recognised by', async () => {
    const both = staffMember({ id: 'u-jens', name: 'Jens Bo', email: 'jens@faaborg.dk', subject: 'a1b2c3', role: 'LEADER', status: 'INVITED', activatedAt: null, unit: null });
    renderPanel([
      mockOf(
        InviteStaffMutation,
        { input: { name: 'Jens Bo', email: 'jens@faaborg.dk', subject: 'a1b2c3', phone: null, role: 'LEADER', unitId: null } },
        { data: { inviteStaff: staffResult(both) } },
      ),
    ]);
    await shown();
    const form = openInvite();
    const subject = within(form).getByLabelText('Bruger-id hos identitetsudbyderen');
    // The server binds such an invitation by the subject alone (modules/org/actor.service.ts): the e-mail is then contact only.
    const hint = document.getElementById(subject.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(hint.textContent).toBe(
      'Brug bruger-id’et, hvis personen ikke har en e-mail, som identitetsudbyderen oplyser. ' +
        'Udfylder du det, genkender Samplan kun personen på bruger-id’et, og e-mailen er så kun en kontaktoplysning. ' +
        'Skriv det præcis, som identitetsudbyderen sender det – ikke personens brugernavn eller e-mail. Højst 255 tegn.',
    );
    fill(form, { Navn: 'Jens Bo', 'E-mail': 'jens@faaborg.dk', 'Bruger-id hos identitetsudbyderen': 'a1b2c3', Rolle: 'LEADER' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    // The login to give him is the one the invitation recognises.
    expect(await screen.findByText(/^Jens Bo er inviteret som leder\./)).toBeTruthy();
    expect(screen.getByText(/^Jens Bo er inviteret/).textContent).toContain('logge ind med sit arbejdslogin (bruger-id a1b2c3).');
  });

  it('wants a name, and an e-mail or a subject, before sending', async () => {
    renderPanel([]);
    await shown();
    const form = openInvite();
    fill(form, { Rolle: 'ADMINISTRATOR' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    expect(within(form).getByText('Skriv personens navn.', { selector: '.field-error' })).toBeTruthy();
    const email = within(form).getByLabelText('E-mail');
    expect(email.getAttribute('aria-describedby')).toContain(within(form).getByText('Skriv en e-mail eller et bruger-id hos identitetsudbyderen.', { selector: '.field-error' }).id);
    expect(document.activeElement).toBe(within(form).getByTestId('error-summary'));
    fill(form, { Navn: 'Ida', 'E-mail': 'ida-ved-kommunen' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    expect(within(form).getByText('Skriv en gyldig e-mail, fx navn@kommune.dk.', { selector: '.field-error' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the server’s refusal of an invitation by the field it is about and in the summary, not in a box', async () => {
    // As the server refuses an e-mail already in use (staff.service.ts): DUPLICATE_STAFF, naming the field, and
    // for someone who left, whom to reactivate instead; its own words are shown.
    const taken = 'Mette Berg har allerede denne e-mail, men er deaktiveret. Genaktivér Mette Berg under Medarbejdere i stedet.';
    renderPanel([
      mockOf(
        InviteStaffMutation,
        { input: { name: 'Karen Holm', email: 'karen@faaborg.dk', subject: null, phone: null, role: 'ADMINISTRATOR', unitId: null } },
        refusal('DUPLICATE_STAFF', taken, { field: 'email' }),
      ),
    ]);
    await shown();
    const form = openInvite();
    fill(form, { Navn: 'Karen Holm', 'E-mail': 'karen@faaborg.dk', Rolle: 'ADMINISTRATOR' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    await waitFor(() => expect(within(form).getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText(taken, { selector: '.field-error' })).toBeTruthy();
    expect(document.activeElement).toBe(within(form).getByTestId('error-summary'));
    // At the field and in the summary; not a third time in a box.
    expect(within(form).getAllByText(taken)).toHaveLength(2);
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('asks to change the role and unit of a person who has signed in: the card says the change waits for another administrator, and the person keeps their role until then', async () => {
    const waiting = staffMember({ pendingChange: { ...toLeaderInJobcenter, requestedById: 'u-ida', requestedByName: 'Ida Administrator' }, version: 2 });
    renderPanel([mockOf(ChangeStaffMutation, { input: { userId: karen.id, role: 'LEADER', unitId: jobcenterSyd.id, expectedVersion: 1 } }, { data: { changeStaff: staffResult(waiting) } })]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Skift rolle eller enhed for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' });
    // The form takes the button's place: the focus goes to its first field, not to the page's body.
    expect(document.activeElement).toBe(within(form).getByLabelText('Rolle'));
    expect((within(form).getByLabelText('Rolle') as HTMLSelectElement).value).toBe('CASEWORKER');
    expect((within(form).getByLabelText('Enhed') as HTMLSelectElement).value).toBe(psykiatri.id);
    expect(within(form).getByText(/^Karen Holm har logget ind/).textContent).toBe(
      'Karen Holm har logget ind, så ændringen skal godkendes af en anden administrator. Indtil da er Karen Holm fortsat sagsbehandler i Socialpsykiatri.',
    );
    fill(form, { Rolle: 'LEADER', Enhed: jobcenterSyd.id });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    const status = await screen.findByText('Ændringen af Karen Holm til leder i Jobcenter Syd afventer godkendelse af en anden administrator. Indtil da er Karen Holm fortsat sagsbehandler i Socialpsykiatri.');
    expect(document.activeElement).toBe(status);
    expect(fact(card('Karen Holm'), 'Rolle')).toBe('Sagsbehandler');
    expect(fact(card('Karen Holm'), 'Enhed')).toBe('Socialpsykiatri');
    expect(fact(card('Karen Holm'), 'Ændring af rolle eller enhed')).toBe('Afventer godkendelse: leder i Jobcenter Syd');
    expect(fact(card('Karen Holm'), 'Bedt om af')).toBe(`Ida Administrator, ${formatDateTime(toLeaderInJobcenter.requestedAt)}`);
    expect(screen.queryByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' })).toBeNull();
  });

  it('a change of an account not yet signed in says that the invitation must now be approved by another administrator', async () => {
    const waiting = staffMember({ role: 'LEADER', unit: unitRef(jobcenterSyd), awaitingApproval: true, invitedById: 'u-ida', invitedByName: 'Ida Administrator' });
    renderPanel([mockOf(ChangeStaffMutation, { input: { userId: karen.id, role: 'LEADER', unitId: jobcenterSyd.id, expectedVersion: 1 } }, { data: { changeStaff: staffResult(waiting) } })]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Skift rolle eller enhed for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' });
    fill(form, { Rolle: 'LEADER', Enhed: jobcenterSyd.id });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    expect(await screen.findByText('Karen Holm er nu leder i Jobcenter Syd. Invitationen skal nu godkendes af en anden administrator, før personen kan logge ind.')).toBeTruthy();
  });

  it('a role and unit saved unchanged: says there was nothing to save, and sends nothing', async () => {
    // No answer to a change is mocked: one sent would be refused, and the form would stay with the refusal.
    renderPanel([]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Skift rolle eller enhed for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    expect(await screen.findByText('Der var ingen ændringer at gemme.')).toBeTruthy();
    expect(screen.queryByText(/Karen Holm er nu/)).toBeNull();
    expect(screen.queryByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' })).toBeNull();
    expect(fact(card('Karen Holm'), 'Enhed')).toBe('Socialpsykiatri');
  });

  it('gives a person a work phone for citizens to call, and checks the number first', async () => {
    const withPhone = staffMember({ phone: '72 53 10 42' });
    renderPanel([mockOf(ChangeStaffPhoneMutation, { input: { userId: karen.id, phone: '72 53 10 42', expectedVersion: 1 } }, { data: { changeStaffPhone: staffResult(withPhone) } })]);
    await shown();
    expect(fact(card('Karen Holm'), 'Arbejdstelefon')).toBeUndefined();
    fireEvent.click(screen.getByRole('button', { name: 'Tilføj telefon for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Arbejdstelefon for Karen Holm' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Arbejdstelefon'));
    fill(form, { Arbejdstelefon: 'ring til Karen' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem telefon' }));
    expect(within(form).getByText('Skriv et telefonnummer med cifre, fx 72 53 10 00.', { selector: '.field-error' })).toBeTruthy();
    fill(form, { Arbejdstelefon: ' 72 53 10 42 ' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem telefon' }));
    expect(await screen.findByText('Karen Holms arbejdstelefon er nu 72 53 10 42.')).toBeTruthy();
    expect(fact(card('Karen Holm'), 'Arbejdstelefon')).toBe('72 53 10 42');
    expect(screen.getByRole('button', { name: 'Skift telefon for Karen Holm' })).toBeTruthy();
  });

  it('shows a Danish number typed without spaces in pairs, as the others, and sends and keeps it as typed', async () => {
    const withPhone = staffMember({ phone: '72531099' });
    renderPanel([mockOf(ChangeStaffPhoneMutation, { input: { userId: karen.id, phone: '72531099', expectedVersion: 1 } }, { data: { changeStaffPhone: staffResult(withPhone) } })]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Tilføj telefon for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Arbejdstelefon for Karen Holm' });
    fill(form, { Arbejdstelefon: '72531099' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem telefon' }));
    expect(await screen.findByText('Karen Holms arbejdstelefon er nu 72 53 10 99.')).toBeTruthy();
    expect(fact(card('Karen Holm'), 'Arbejdstelefon')).toBe('72 53 10 99');
  });

  it('corrects a name misspelt at the invitation; an empty name is refused at the field, and a refusal keeps what was typed', async () => {
    const karin = staffMember({ name: 'Karin Holm' });
    renderPanel([
      mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Karin Hol', expectedVersion: 1 } }, refusal('BAD_USER_INPUT', 'Skriv et navn (højst 200 tegn).', { field: 'name' })),
      mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Karin Holm', expectedVersion: 1 } }, { data: { renameStaff: staffResult(karin) } }),
    ]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Ret navn for Karen Holm' });
    const field = within(form).getByLabelText('Navn') as HTMLInputElement;
    expect(document.activeElement).toBe(field);
    expect(field.value).toBe('Karen Holm');
    fill(form, { Navn: '   ' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
    expect(within(form).getByText('Skriv personens navn.', { selector: '.field-error' })).toBeTruthy();
    fill(form, { Navn: ' Karin Hol ' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
    expect(await within(form).findByText('Skriv et navn (højst 200 tegn).', { selector: '.field-error' })).toBeTruthy();
    expect(field.value).toBe(' Karin Hol ');
    fill(form, { Navn: 'Karin Holm' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
    expect(await screen.findByText('Karen Holm hedder nu Karin Holm.')).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Karin Holm' })).toBeTruthy();
    expect(screen.queryByRole('form', { name: /^Ret navn/ })).toBeNull();
  });

  it('puts a renamed person in their place by name at once, as the server lists them', async () => {
    const renamed = staffMember({ name: 'Pia Holm' });
    renderPanel([mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Pia Holm', expectedVersion: 1 } }, { data: { renameStaff: staffResult(renamed) } })]);
    await shown();
    expect(names()).toEqual(['Karen Holm', 'Ole Dahl', 'Mette Berg']);
    fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Ret navn for Karen Holm' });
    fill(form, { Navn: 'Pia Holm' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
    expect(await screen.findByText('Karen Holm hedder nu Pia Holm.')).toBeTruthy();
    expect(names()).toEqual(['Mette Berg', 'Ole Dahl', 'Pia Holm']);
  });

  it('shows the server’s refusal of a change in the form, and keeps it open', async () => {
    const why = 'Karen Holm er koordinerende sagsbehandler for 2 igangværende forløb. Karen Holm skal først give koordineringen videre på planerne ("Skift koordinator"); det kan en administrator ikke. Er Karen Holm stoppet, så deaktivér i stedet: en sagsbehandler på teamet kan så overtage.';
    renderPanel([mockOf(ChangeStaffMutation, { input: { userId: karen.id, role: 'MENTOR', unitId: null, expectedVersion: 1 } }, refusal('RULE_VIOLATION', why, { rule: 'COORDINATES_PROGRAMMES' }))]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Skift rolle eller enhed for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' });
    fill(form, { Rolle: 'MENTOR' });
    expect(within(form).queryByLabelText('Enhed')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Ændringen blev ikke gemt');
    expect(alert.textContent).toContain(why);
    expect(fact(card('Karen Holm'), 'Rolle')).toBe('Sagsbehandler');
  });

  it.each([
    ['Ret navn for Karen Holm', 'Ret navn for Karen Holm', 'Navn', 'Karin Holm'],
    ['Tilføj telefon for Karen Holm', 'Arbejdstelefon for Karen Holm', 'Arbejdstelefon', '72 53 10 42'],
    ['Skift rolle eller enhed for Karen Holm', 'Skift rolle eller enhed for Karen Holm', 'Rolle', 'LEADER'],
  ])('Escape in "%s" does what "Annullér" does: closes at once with nothing typed, asks first with something typed', async (opener, name, label, value) => {
    renderPanel([]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: opener }));
    fireEvent.keyDown(within(screen.getByRole('form', { name })).getByLabelText(label), { key: 'Escape' });
    expect(screen.queryByRole('form', { name })).toBeNull();
    expect(screen.queryByText(DISCARD_QUESTION)).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: opener }));

    fireEvent.click(screen.getByRole('button', { name: opener }));
    const form = screen.getByRole('form', { name });
    const field = within(form).getByLabelText(label) as HTMLInputElement | HTMLSelectElement;
    fireEvent.change(field, { target: { value } });
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(within(form).getByText(DISCARD_QUESTION)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt med at skrive' }));
    expect(field.value).toBe(value);
    fireEvent.keyDown(field, { key: 'Escape' });
    fireEvent.click(within(form).getByRole('button', { name: 'Kassér' }));
    expect(screen.queryByRole('form', { name })).toBeNull();
  });

  it('a name the server refuses stays unsaved: "Annullér" asks first, and leaving the page would ask', async () => {
    renderPanel([mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Karin Hol', expectedVersion: 1 } }, refusal('BAD_USER_INPUT', 'Skriv et navn (højst 200 tegn).', { field: 'name' }))]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
    const form = screen.getByRole('form', { name: 'Ret navn for Karen Holm' });
    fill(form, { Navn: 'Karin Hol' });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
    await within(form).findByText('Skriv et navn (højst 200 tegn).', { selector: '.field-error' });
    expect(hasUnsavedText()).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(form).getByText(DISCARD_QUESTION)).toBeTruthy();
  });

  it('says before a deactivation what it leaves behind: forløb without a coordinator, mentor support without a mentor', async () => {
    expect(leavesBehind({ coordinatedProgrammes: 0, activeMentorGrants: 0 })).toBe('');
    expect(leavesBehind({ coordinatedProgrammes: 3, activeMentorGrants: 0 })).toBe(
      ' Brugeren koordinerer 3 igangværende forløb, som så står uden koordinator, indtil en sagsbehandler på forløbets team overtager. Bed om at få koordineringen overdraget først, hvis det kan nås.',
    );
    expect(leavesBehind({ coordinatedProgrammes: 0, activeMentorGrants: 1 })).toBe(' Brugeren er mentor på 1 løbende mentorbevilling; koordinatoren bør afslutte den.');
    renderWith([staffMock([staffMember({ coordinatedProgrammes: 2 }), ole, mette]), unitsMock(units)], <StaffPanel />);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
    expect(within(screen.getByRole('group', { name: 'Bekræft deaktivering af Karen Holm' })).getByText(/^Deaktiver Karen Holm\?/).textContent).toContain('Brugeren koordinerer 2 igangværende forløb');
  });

  it('deactivates after a confirmation that says the person is signed out at once', async () => {
    const deactivated = staffMember({ status: 'DEACTIVATED', deactivatedAt: '2026-12-01T10:00:00.000Z' });
    renderPanel([mockOf(DeactivateStaffMutation, { userId: karen.id, expectedVersion: 1, seenCoordinatedProgrammes: 0, seenActiveMentorGrants: 0 }, { data: { deactivateStaff: staffResult(deactivated) } })]);
    await shown();
    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
    const confirm = screen.getByRole('group', { name: 'Bekræft deaktivering af Karen Holm' });
    const question = within(confirm).getByText(/^Deaktiver Karen Holm\?/);
    expect(question.textContent).toContain('bliver logget ud med det samme');
    expect(document.activeElement).toBe(question);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Fortryd' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
    // Escape closes the question as "Fortryd" does, as it closes the card's forms.
    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
    fireEvent.keyDown(within(screen.getByRole('group', { name: 'Bekræft deaktivering af Karen Holm' })).getByText(/^Deaktiver Karen Holm\?/), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Bekræft deaktivering af Karen Holm' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));

    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, deaktiver' }));
    const status = await screen.findByText('Karen Holm er deaktiveret og logget ud.');
    expect(document.activeElement).toBe(status);
    expect(fact(card('Karen Holm'), 'Status')).toMatch(/^Deaktiveret/);
    expect(fact(card('Karen Holm'), 'Status')).toContain(` siden ${formatDateTime(deactivated.deactivatedAt)}`);
    expect(within(card('Karen Holm')).getByRole('button', { name: 'Genaktiver Karen Holm' })).toBeTruthy();
  });

  it('speaks to administrators acting on themselves: a deactivation signs them out at once, until another administrator lets them in; their own role and unit are not theirs to change', async () => {
    const ida = staffMember({ id: 'u-ida', name: 'Ida Administrator', role: 'ADMINISTRATOR', unit: null });
    renderWith([staffMock([ida, karen]), unitsMock(units), viewerMock(ida)], <StaffPanel />);
    await screen.findByRole('article', { name: 'Ida Administrator' });
    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Ida Administrator' }));
    await waitFor(() =>
      expect(within(screen.getByRole('group', { name: 'Bekræft deaktivering af Ida Administrator' })).getByText(/^Deaktiver dig selv\?/).textContent).toBe(
        'Deaktiver dig selv? Du bliver logget ud med det samme og kan ikke logge ind igen, før en anden administrator genaktiverer dig.',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
    expect(within(screen.getByRole('group', { name: 'Bekræft deaktivering af Karen Holm' })).getByText(/^Deaktiver Karen Holm\?/)).toBeTruthy();
    // Four eyes: her own card offers no change of role or unit, and says who can make it; another's card does.
    fireEvent.click(within(card('Ida Administrator')).getByRole('button', { name: 'Fortryd' }));
    fireEvent.click(within(card('Karen Holm')).getByRole('button', { name: 'Fortryd' }));
    expect(within(card('Ida Administrator')).queryByRole('button', { name: 'Skift rolle eller enhed for Ida Administrator' })).toBeNull();
    expect(within(card('Ida Administrator')).getByText(/rolle og enhed/).textContent).toBe('Din egen rolle og enhed kan kun ændres af en anden administrator.');
    expect(within(card('Ida Administrator')).getByRole('button', { name: 'Ret navn for Ida Administrator' })).toBeTruthy();
    expect(within(card('Ida Administrator')).getByRole('button', { name: 'Deaktiver Ida Administrator' })).toBeTruthy();
    expect(within(card('Karen Holm')).getByRole('button', { name: 'Skift rolle eller enhed for Karen Holm' })).toBeTruthy();
    expect(within(card('Karen Holm')).queryByText(/rolle og enhed/)).toBeNull();
  });

  it('shows a refused deactivation next to the action', async () => {
    const why = 'Du er den sidste aktive administrator i kommunen. Gør en anden til administrator først.';
    const ida = staffMember({ id: 'u-ida', name: 'Ida Administrator', role: 'ADMINISTRATOR', unit: null });
    renderWith(
      [staffMock([ida]), unitsMock(units), mockOf(DeactivateStaffMutation, { userId: ida.id, expectedVersion: 1, seenCoordinatedProgrammes: 0, seenActiveMentorGrants: 0 }, refusal('RULE_VIOLATION', why, { rule: 'LAST_ADMINISTRATOR' }))],
      <StaffPanel />,
    );
    await screen.findByRole('article', { name: 'Ida Administrator' });
    fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Ida Administrator' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, deaktiver' }));
    const alert = await within(card('Ida Administrator')).findByRole('alert');
    expect(alert.textContent).toContain('Brugeren blev ikke deaktiveret');
    expect(alert.textContent).toContain(why);
    expect(fact(card('Ida Administrator'), 'Status')).toMatch(/^Aktiv/);
  });

  it('reactivates a deactivated person, who is then active again since the reactivation, not since the first sign-in', async () => {
    const reactivatedAt = '2026-12-07T04:53:00.000Z';
    const back = staffMember({ ...mette, status: 'ACTIVE', deactivatedAt: null, reactivatedAt });
    renderPanel([mockOf(ReactivateStaffMutation, { userId: mette.id, expectedVersion: 1, seenActiveMentorGrants: 0 }, { data: { reactivateStaff: staffResult(back) } })]);
    await screen.findByRole('article', { name: 'Mette Berg' });
    fireEvent.click(screen.getByRole('button', { name: 'Genaktiver Mette Berg' }));
    const confirm = screen.getByRole('group', { name: 'Bekræft genaktivering af Mette Berg' });
    // No grant of hers runs: nothing comes back with her but her login.
    expect(within(confirm).getByText(/^Genaktiver Mette Berg\?/).textContent).toBe('Genaktiver Mette Berg? Mette Berg kan igen logge ind som mentor.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, genaktiver' }));
    await screen.findByText('Mette Berg er genaktiveret.');
    expect(fact(card('Mette Berg'), 'Status')).toBe(`Aktiv igen siden ${formatDateTime(reactivatedAt)}`);
  });

  it('someone reactivated before their first sign-in is active since that sign-in', async () => {
    const late = staffMember({ ...ole, status: 'ACTIVE', activatedAt: '2026-12-03T08:00:00.000Z', reactivatedAt: '2026-12-02T10:00:00.000Z' });
    renderWith([staffMock([karen, late]), unitsMock(units)], <StaffPanel />);
    await screen.findByRole('article', { name: 'Ole Dahl' });
    expect(fact(card('Ole Dahl'), 'Status')).toBe(`Aktiv siden ${formatDateTime(late.activatedAt)}`);
  });

  it('says before reactivating a mentor that grants still running give the citizens back at once, and sends the number it said', async () => {
    const withGrants = staffMember({ ...mette, activeMentorGrants: 2 });
    const back = staffMember({ ...withGrants, status: 'ACTIVE', deactivatedAt: null, version: 2 });
    renderWith(
      [staffMock([karen, withGrants]), unitsMock(units), mockOf(ReactivateStaffMutation, { userId: mette.id, expectedVersion: 1, seenActiveMentorGrants: 2 }, { data: { reactivateStaff: staffResult(back) } })],
      <StaffPanel />,
    );
    await screen.findByRole('article', { name: 'Mette Berg' });
    fireEvent.click(screen.getByRole('button', { name: 'Genaktiver Mette Berg' }));
    const question = within(screen.getByRole('group', { name: 'Bekræft genaktivering af Mette Berg' })).getByText(/^Genaktiver Mette Berg\?/);
    expect(question.textContent).toBe(
      'Genaktiver Mette Berg? Mette Berg kan igen logge ind som mentor. Mentoren får adgang igen til borgere gennem 2 mentorbevillinger, der ikke er udløbet. Koordinatorerne kan afslutte bevillingerne på planerne.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ja, genaktiver' }));
    expect(await screen.findByText('Mette Berg er genaktiveret.')).toBeTruthy();
    expect(fact(card('Mette Berg'), 'Status')).toMatch(/^Aktiv/);
  });

  describe('while another administrator changes the same person', () => {
    /** The panel, and the cache the live updates of other administrators' changes are written into (administrationLive.ts). */
    function renderLive(mocks: Parameters<typeof renderWith>[0], staff = [karen, ole, mette]) {
      let cache: ApolloCache | undefined;
      function GrabCache() {
        cache = useApolloClient().cache;
        return null;
      }
      renderWith([staffMock(staff), unitsMock(units), ...mocks], (
        <>
          <GrabCache />
          <StaffPanel />
        </>
      ));
      return (changed: ReturnType<typeof staffMember>) => act(() => placeStaff(cache!, staffResult(changed)));
    }

    it('a card whose form is open stays, with what was typed, when a deactivation takes it out of the filter; it goes when the form is closed', async () => {
      const liveUpdate = renderLive([]);
      await shown();
      fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'ACTIVE' } });
      expect(names()).toEqual(['Karen Holm']);
      fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
      const field = within(screen.getByRole('form', { name: 'Ret navn for Karen Holm' })).getByLabelText('Navn') as HTMLInputElement;
      fireEvent.change(field, { target: { value: 'Karin Holm' } });

      liveUpdate(staffMember({ status: 'DEACTIVATED', deactivatedAt: '2026-12-05T09:00:00.000Z', version: 2 }));
      expect(await within(card('Karen Holm')).findByText('Karen Holm er nu deaktiveret – passer ikke længere til visningen. Kortet bliver her, til du lukker formularen.')).toBeTruthy();
      expect(fact(card('Karen Holm'), 'Status')).toMatch(/^Deaktiveret/);
      expect(within(card('Karen Holm')).getByLabelText('Navn')).toBe(field);
      expect(field.value).toBe('Karin Holm');

      // Annullér with a name typed asks first; Kassér closes the form, and the card goes with it.
      fireEvent.click(within(card('Karen Holm')).getByRole('button', { name: 'Annullér' }));
      fireEvent.click(within(card('Karen Holm')).getByRole('button', { name: 'Kassér' }));
      expect(names()).toEqual([]);
      expect(screen.getByText('Ingen medarbejdere passer til filteret.')).toBeTruthy();
    });

    it('a change on the version the form opened with gets CONFLICT: the form stays with what was typed, says what the person is now, and saves on that version next', async () => {
      const now = staffMember({ name: 'Karen Holm-Berg', phone: '72 53 10 01', version: 2 });
      renderLive([
        mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Karin Holm', expectedVersion: 1 } },
          refusal('CONFLICT', 'Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.', { current: now })),
        mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Karin Holm', expectedVersion: 2 } }, { data: { renameStaff: staffResult({ ...now, name: 'Karin Holm', version: 3 }) } }),
      ]);
      await shown();
      fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
      const form = screen.getByRole('form', { name: 'Ret navn for Karen Holm' });
      const field = within(form).getByLabelText('Navn') as HTMLInputElement;
      fireEvent.change(field, { target: { value: 'Karin Holm' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));

      const alert = await within(form).findByRole('alert');
      expect(alert.textContent).toContain('Navnet blev ikke gemt');
      // The server's words alone, once: not after the general "En anden har ændret det samme imens …",
      // which says the same and blames someone else when it was the same administrator in another window.
      expect(within(alert).getByText('Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.')).toBeTruthy();
      expect(alert.textContent).not.toContain('En anden');
      expect(within(alert).getByTestId('staff-now').textContent).toBe(
        'Sådan er det nu: Karen Holm-Berg, sagsbehandler i Socialpsykiatri, aktiv, arbejdstelefon 72 53 10 01. Det, du skrev, står stadig i formularen.',
      );
      expect(field.value).toBe('Karin Holm');
      // The card shows the person as they are now.
      expect(fact(screen.getByRole('article', { name: 'Karen Holm-Berg' }), 'Arbejdstelefon')).toBe('72 53 10 01');

      fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
      expect(await screen.findByText('Karen Holm-Berg hedder nu Karin Holm.')).toBeTruthy();
      expect(screen.queryByRole('form', { name: /^Ret navn/ })).toBeNull();
    });

    it('an answer older than what the card shows does not take the card back (a deactivation arrived live first)', async () => {
      const liveUpdate = renderLive([]);
      await shown();
      liveUpdate(staffMember({ status: 'DEACTIVATED', deactivatedAt: '2026-12-05T09:00:00.000Z', version: 3 }));
      await waitFor(() => expect(fact(card('Karen Holm'), 'Status')).toMatch(/^Deaktiveret/));
      await liveUpdate(staffMember({ phone: '72 53 10 01', version: 2 }));
      // Whatever the cache tells the page has been told.
      await act(async () => undefined);
      expect(fact(card('Karen Holm'), 'Status')).toMatch(/^Deaktiveret/);
      expect(fact(card('Karen Holm'), 'Arbejdstelefon')).not.toBe('72 53 10 01');
    });

    it('a role change after a deactivation meanwhile goes on the version the form opened with: CONFLICT, not a silent change of a deactivated person', async () => {
      const now = staffMember({ status: 'DEACTIVATED', deactivatedAt: '2026-12-05T09:00:00.000Z', version: 2 });
      const liveUpdate = renderLive([
        mockOf(ChangeStaffMutation, { input: { userId: karen.id, role: 'LEADER', unitId: psykiatri.id, expectedVersion: 1 } },
          refusal('CONFLICT', 'Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.', { current: now })),
      ]);
      await shown();
      fireEvent.click(screen.getByRole('button', { name: 'Skift rolle eller enhed for Karen Holm' }));
      const form = screen.getByRole('form', { name: 'Skift rolle eller enhed for Karen Holm' });
      fill(form, { Rolle: 'LEADER' });
      liveUpdate(now);
      await waitFor(() => expect(fact(card('Karen Holm'), 'Status')).toMatch(/^Deaktiveret/));
      fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
      const alert = await within(form).findByRole('alert');
      expect(alert.textContent).toContain('Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.');
    });

    it('a first sign-in meanwhile is no conflict: the role change goes on the newest version', async () => {
      const signedIn = staffMember({ ...ole, status: 'ACTIVE', activatedAt: '2026-12-05T08:00:00.000Z', version: 2 });
      const liveUpdate = renderLive([
        mockOf(ChangeStaffMutation, { input: { userId: ole.id, role: 'CASEWORKER', unitId: psykiatri.id, expectedVersion: 2 } },
          { data: { changeStaff: staffResult({ ...signedIn, role: 'CASEWORKER', unit: psykiatri, version: 3 }) } }),
      ]);
      await shown();
      fireEvent.click(screen.getByRole('button', { name: 'Skift rolle eller enhed for Ole Dahl' }));
      const form = screen.getByRole('form', { name: 'Skift rolle eller enhed for Ole Dahl' });
      fill(form, { Rolle: 'CASEWORKER' });
      fill(form, { Enhed: psykiatri.id });
      liveUpdate(signedIn);
      await waitFor(() => expect(fact(card('Ole Dahl'), 'Status')).toMatch(/^Aktiv/));
      fireEvent.click(within(form).getByRole('button', { name: 'Gem ændringer' }));
      expect(await screen.findByText(/^Ole Dahl er nu sagsbehandler/)).toBeTruthy();
    });

    it('a change of something else meanwhile is no conflict: the rename goes on the newest version', async () => {
      const liveUpdate = renderLive([
        mockOf(RenameStaffMutation, { input: { userId: karen.id, name: 'Karin Holm', expectedVersion: 2 } }, { data: { renameStaff: staffResult(staffMember({ name: 'Karin Holm', phone: '72 53 10 01', version: 3 })) } }),
      ]);
      await shown();
      fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
      const form = screen.getByRole('form', { name: 'Ret navn for Karen Holm' });
      fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: 'Karin Holm' } });
      liveUpdate(staffMember({ phone: '72 53 10 01', version: 2 }));
      await waitFor(() => expect(fact(card('Karen Holm'), 'Arbejdstelefon')).toBe('72 53 10 01'));
      fireEvent.click(within(form).getByRole('button', { name: 'Gem navn' }));
      expect(await screen.findByText('Karen Holm hedder nu Karin Holm.')).toBeTruthy();
    });

    it('a deactivation whose question has gone out of date (a forløb handed to the person meanwhile) gets CONFLICT: the question says it anew, and the second yes is on what it says', async () => {
      const now = staffMember({ coordinatedProgrammes: 1 });
      const why = 'Det, en deaktivering efterlader, er ændret, siden spørgsmålet blev vist. Læs det igen, før du deaktiverer.';
      renderLive([
        mockOf(DeactivateStaffMutation, { userId: karen.id, expectedVersion: 1, seenCoordinatedProgrammes: 0, seenActiveMentorGrants: 0 }, refusal('CONFLICT', why, { current: now })),
        mockOf(DeactivateStaffMutation, { userId: karen.id, expectedVersion: 1, seenCoordinatedProgrammes: 1, seenActiveMentorGrants: 0 }, { data: { deactivateStaff: staffResult({ ...now, status: 'DEACTIVATED', deactivatedAt: '2026-12-05T09:00:00.000Z', version: 2 }) } }),
      ]);
      await shown();
      fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
      const question = () => within(screen.getByRole('group', { name: 'Bekræft deaktivering af Karen Holm' })).getByText(/^Deaktiver Karen Holm\?/).textContent;
      expect(question()).not.toContain('koordinerer');
      fireEvent.click(screen.getByRole('button', { name: 'Ja, deaktiver' }));
      expect((await within(card('Karen Holm')).findByRole('alert')).textContent).toContain(why);
      expect(question()).toContain('Brugeren koordinerer 1 igangværende forløb');
      fireEvent.click(screen.getByRole('button', { name: 'Ja, deaktiver' }));
      expect(await screen.findByText('Karen Holm er deaktiveret og logget ud.')).toBeTruthy();
    });

    it('a reactivation whose question has gone out of date (more mentor grants run than it said) gets CONFLICT: the question says the new number, and the second yes sends it', async () => {
      const gone = staffMember({ ...mette, activeMentorGrants: 1 });
      const now = staffMember({ ...mette, activeMentorGrants: 2 });
      const why = 'Mette Berg er mentor i 2 bevillinger, der ikke er udløbet, og får adgang igen til de borgere, bevillingerne gælder, når Mette Berg er genaktiveret. Læs spørgsmålet igen, før du genaktiverer.';
      renderWith([
        staffMock([karen, gone]), unitsMock(units),
        mockOf(ReactivateStaffMutation, { userId: mette.id, expectedVersion: 1, seenActiveMentorGrants: 1 }, refusal('CONFLICT', why, { current: now })),
        mockOf(ReactivateStaffMutation, { userId: mette.id, expectedVersion: 1, seenActiveMentorGrants: 2 }, { data: { reactivateStaff: staffResult({ ...now, status: 'ACTIVE', deactivatedAt: null, version: 2 }) } }),
      ], <StaffPanel />);
      await screen.findByRole('article', { name: 'Mette Berg' });
      fireEvent.click(screen.getByRole('button', { name: 'Genaktiver Mette Berg' }));
      const question = () => within(screen.getByRole('group', { name: 'Bekræft genaktivering af Mette Berg' })).getByText(/^Genaktiver Mette Berg\?/).textContent;
      expect(question()).toContain('gennem 1 mentorbevilling, der ikke er udløbet. Koordinatoren kan afslutte bevillingen på planen.');
      fireEvent.click(screen.getByRole('button', { name: 'Ja, genaktiver' }));
      const alert = await within(card('Mette Berg')).findByRole('alert');
      expect(alert.textContent).toContain('Brugeren blev ikke genaktiveret');
      expect(alert.textContent).toContain(why);
      expect(question()).toContain('gennem 2 mentorbevillinger, der ikke er udløbet.');
      expect(fact(card('Mette Berg'), 'Status')).toMatch(/^Deaktiveret/);
      fireEvent.click(screen.getByRole('button', { name: 'Ja, genaktiver' }));
      expect(await screen.findByText('Mette Berg er genaktiveret.')).toBeTruthy();
      expect(fact(card('Mette Berg'), 'Status')).toMatch(/^Aktiv/);
    });

    it('an invitation approved by another administrator shows so at once on the inviter’s page', async () => {
      const ida = administrator('u-ida', 'Ida Administrator');
      const liveUpdate = renderLive([viewerMock(ida)], [ida, administrator('u-bo', 'Bo Berg'), nora]);
      await screen.findByRole('article', { name: 'Nora Nyborg' });
      await waitFor(() => expect(within(card('Nora Nyborg')).getByTestId('approval-hint').textContent).toBe('Din invitation skal godkendes af en anden administrator, før Nora Nyborg kan logge ind.'));
      liveUpdate(approvedNora);
      await waitFor(() => expect(fact(card('Nora Nyborg'), 'Godkendt af')).toBe(`Bo Berg, ${formatDateTime(approvedNora.approvedAt!)}`));
      expect(fact(card('Nora Nyborg'), 'Godkendelse')).toBeUndefined();
      expect(within(card('Nora Nyborg')).queryByTestId('approval-hint')).toBeNull();
    });

    it('a deactivation confirmed on an older version gets CONFLICT: the card shows the person now, and a second yes goes on that version', async () => {
      const now = staffMember({ unit: unitRef(jobcenterSyd), version: 2 });
      renderLive([
        mockOf(DeactivateStaffMutation, { userId: karen.id, expectedVersion: 1, seenCoordinatedProgrammes: 0, seenActiveMentorGrants: 0 }, refusal('CONFLICT', 'Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.', { current: now })),
        mockOf(DeactivateStaffMutation, { userId: karen.id, expectedVersion: 2, seenCoordinatedProgrammes: 0, seenActiveMentorGrants: 0 }, { data: { deactivateStaff: staffResult({ ...now, status: 'DEACTIVATED', deactivatedAt: '2026-12-05T09:00:00.000Z', version: 3 }) } }),
      ]);
      await shown();
      fireEvent.click(screen.getByRole('button', { name: 'Deaktiver Karen Holm' }));
      fireEvent.click(screen.getByRole('button', { name: 'Ja, deaktiver' }));
      const alert = await within(card('Karen Holm')).findByRole('alert');
      expect(alert.textContent).toContain('Medarbejderen er ændret, siden du hentede siden.');
      expect(fact(card('Karen Holm'), 'Enhed')).toBe('Jobcenter Syd');
      fireEvent.click(screen.getByRole('button', { name: 'Ja, deaktiver' }));
      expect(await screen.findByText('Karen Holm er deaktiveret og logget ud.')).toBeTruthy();
      expect(fact(card('Karen Holm'), 'Status')).toMatch(/^Deaktiveret/);
    });
  });
});

describe('Administration: four eyes on an invitation', () => {
  const ida = administrator('u-ida', 'Ida Administrator');
  const bo = administrator('u-bo', 'Bo Berg');

  it('another administrator sees the invitation awaiting approval, who made it, and approves it after a question that names the login', async () => {
    renderWith(
      [
        staffMock([bo, ida, nora]), unitsMock(units), viewerMock(bo),
        mockOf(ApproveStaffInvitationMutation, { userId: nora.id, expectedVersion: 1 }, { data: { approveStaffInvitation: staffResult(approvedNora) } }),
      ],
      <StaffPanel />,
    );
    const noraCard = await screen.findByRole('article', { name: 'Nora Nyborg' });
    expect(fact(noraCard, 'Status')).toMatch(/^Inviteret/);
    expect(fact(noraCard, 'Godkendelse')).toBe('Afventer godkendelse');
    expect(fact(noraCard, 'Inviteret af')).toBe('Ida Administrator');
    // Bo is such another administrator: the card says he may give the yes.
    // The hint waits for the viewer's own account (a query of its own): on a busy machine that may take more than a second.
    await waitFor(() => expect(within(noraCard).getByTestId('approval-hint').textContent).toBe('Nora Nyborg kan ikke logge ind, før invitationen er godkendt. Du kan godkende den.'), { timeout: 5_000 });
    fireEvent.click(await within(noraCard).findByRole('button', { name: 'Godkend invitationen af Nora Nyborg' }));
    const question = within(screen.getByRole('group', { name: 'Bekræft godkendelse af invitationen af Nora Nyborg' })).getByText(/^Godkend invitationen/);
    expect(question.textContent!.replace(/\s+/g, ' ')).toBe(
      'Godkend invitationen af Nora Nyborg som sagsbehandler i Jobcenter Syd? Tjek først, at nora@faaborg.dk er Nora Nyborgs eget arbejdslogin: den, der logger ind med det, får adgang som sagsbehandler i Jobcenter Syd.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ja, godkend' }));
    expect(await screen.findByText('Invitationen af Nora Nyborg er godkendt. Nora Nyborg kan nu logge ind.')).toBeTruthy();
    expect(fact(card('Nora Nyborg'), 'Godkendelse')).toBeUndefined();
    expect(fact(card('Nora Nyborg'), 'Godkendt af')).toBe(`Bo Berg, ${formatDateTime(approvedNora.approvedAt)}`);
    expect(within(card('Nora Nyborg')).queryByRole('button', { name: /^Godkend/ })).toBeNull();
  });

  it('the administrator who invited is offered no approval of their own, and is told another must give it', async () => {
    renderWith([staffMock([bo, ida, nora]), unitsMock(units), viewerMock(ida)], <StaffPanel />);
    const noraCard = await screen.findByRole('article', { name: 'Nora Nyborg' });
    await waitFor(() => expect(within(noraCard).getByTestId('approval-hint').textContent).toBe('Din invitation skal godkendes af en anden administrator, før Nora Nyborg kan logge ind.'));
    expect(fact(noraCard, 'Godkendelse')).toBe('Afventer godkendelse');
    expect(within(noraCard).queryByRole('button', { name: /^Godkend/ })).toBeNull();
    expect(within(noraCard).getByRole('button', { name: 'Ret navn for Nora Nyborg' })).toBeTruthy();
  });

  it('the only active administrator is told that nobody can approve their invitations until there is a second administrator, whom the operations can add: on the card, before inviting, and after', async () => {
    const lars = staffMember({
      id: 'u-lars', name: 'Lars Juhl', email: 'lars@faaborg.dk', status: 'INVITED', activatedAt: null, unit: unitRef(jobcenterSyd),
      awaitingApproval: true, invitedById: 'u-ida', invitedByName: 'Ida Administrator',
    });
    renderWith([
      staffMock([ida, nora]), unitsMock(units), viewerMock(ida),
      mockOf(InviteStaffMutation, { input: { name: 'Lars Juhl', email: 'lars@faaborg.dk', subject: null, phone: null, role: 'CASEWORKER', unitId: jobcenterSyd.id } }, { data: { inviteStaff: staffResult(lars) } }),
    ], <StaffPanel />);
    const noraCard = await screen.findByRole('article', { name: 'Nora Nyborg' });
    await waitFor(() => expect(within(noraCard).getByTestId('approval-hint').textContent!.replace(/\s+/g, ' ')).toBe(
      'Kræver godkendelse af en anden administrator. Kommunen har ingen anden aktiv administrator, så ingen kan godkende invitationen, og Nora Nyborg kan ikke logge ind, ' +
        'før kommunen får en administrator mere. Kommunens drift kan tilføje en administrator mere.',
    ));
    const form = openInvite();
    // A bound for a busy machine: the hint follows the staff list the form reads.
    expect((await within(form).findByTestId('no-other-administrator', {}, { timeout: 5_000 })).textContent!.replace(/\s+/g, ' ')).toBe(
      'Kræver godkendelse af en anden administrator. Kommunen har ingen anden aktiv administrator, så ingen kan godkende invitationen, og personen kan ikke logge ind, ' +
        'før kommunen får en administrator mere. Kommunens drift kan tilføje en administrator mere.',
    );
    fill(form, { Navn: 'Lars Juhl', 'E-mail': 'lars@faaborg.dk', Enhed: jobcenterSyd.id });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    // Not "ask him to log in" now: he would only meet a waiting page. That comes once there is someone to approve.
    expect(await screen.findByText(
      'Lars Juhl er inviteret som sagsbehandler i Jobcenter Syd. Ingen kan godkende invitationen, før kommunen får en administrator mere. Kommunens drift kan tilføje en administrator mere. ' +
        'Når invitationen er godkendt, kan Lars Juhl logge ind: Samplan sender ingen e-mail, så giv da selv Lars Juhl Samplans adresse, http://localhost, og bed personen logge ind med sit arbejdslogin (lars@faaborg.dk).',
      // The invitation and the list read again answer first: a bound for a busy machine, not a wait.
      {}, { timeout: 5_000 },
    )).toBeTruthy();
  });

  it('the invitation’s fields say the server’s limits, and a longer text is refused before anything is sent', async () => {
    // No mock of the invitation: one sent would fail the test with "No more mocked responses".
    renderPanel([]);
    await shown();
    const form = openInvite();
    const described = (label: string) => within(form).getByLabelText(label).getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described('Navn')).toEqual(['Højst 200 tegn.']);
    expect(described('E-mail')[0]).toMatch(/ Højst 320 tegn\.$/);
    expect(described('Bruger-id hos identitetsudbyderen')[0]).toMatch(/ Højst 255 tegn\.$/);
    fill(form, { Navn: 'Lars Juhl', 'E-mail': `${'l'.repeat(311)}@faaborg.dk`, 'Bruger-id hos identitetsudbyderen': 'x'.repeat(256), Rolle: 'MENTOR' });
    fireEvent.click(within(form).getByRole('button', { name: 'Inviter' }));
    expect(described('E-mail')).toContain('E-mail må højst være 320 tegn (du har skrevet 322).');
    expect(described('Bruger-id hos identitetsudbyderen')).toContain('Bruger-id hos identitetsudbyderen må højst være 255 tegn (du har skrevet 256).');
    // The name in the rename form says its limit too.
    fireEvent.click(screen.getByRole('button', { name: 'Ret navn for Karen Holm' }));
    const rename = screen.getByRole('form', { name: 'Ret navn for Karen Holm' });
    expect(within(rename).getByLabelText('Navn').getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual(['Højst 200 tegn.']);
  });
});

describe('Administration: what waits for approval', () => {
  const ida = administrator('u-ida', 'Ida Administrator');
  const bo = administrator('u-bo', 'Bo Berg');
  /** Bo's own invitation, which is not his to approve. */
  const pia = staffMember({
    id: 'u-pia', name: 'Pia Poulsen', email: 'pia@faaborg.dk', status: 'INVITED', activatedAt: null, unit: unitRef(jobcenterSyd),
    awaitingApproval: true, invitedById: 'u-bo', invitedByName: 'Bo Berg',
  });
  const everyone = [bo, ida, karen, lars, nora, ole, pia];

  it('says at the top how many wait for the viewer’s yes, and shows everyone waiting for approval at a click', async () => {
    renderWith([staffMock(everyone), unitsMock(units), viewerMock(bo)], <StaffPanel />);
    // Nora's invitation and Lars's change, both Ida's: Bo may approve them; Pia is his own invitation.
    const waiting = await screen.findByTestId('waiting-for-me');
    expect(within(waiting).getByText('2 venter på din godkendelse')).toBeTruthy();
    await waitFor(() => expect(within(screen.getByLabelText('Enhed')).getByRole('option', { name: 'Jobcenter Syd' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Enhed'), { target: { value: psykiatri.id } });
    fireEvent.click(within(waiting).getByRole('button', { name: 'Vis dem, der afventer godkendelse' }));
    // Ole is invited too, but his invitation waits for nobody.
    expect(names()).toEqual(['Lars Lund', 'Nora Nyborg', 'Pia Poulsen']);
    expect((screen.getByLabelText('Status') as HTMLSelectElement).selectedOptions[0].textContent).toBe('Afventer godkendelse');
    expect((screen.getByLabelText('Enhed') as HTMLSelectElement).selectedOptions[0].textContent).toBe('Alle enheder');
    expect(screen.getByTestId('staff-count').textContent).toBe('Viser 3 af 7 medarbejdere');
  });

  it('the status filter offers "Afventer godkendelse" beside the statuses', async () => {
    renderWith([staffMock(everyone), unitsMock(units), viewerMock(ida)], <StaffPanel />);
    await screen.findByRole('article', { name: 'Nora Nyborg' });
    const status = screen.getByLabelText('Status');
    expect(options(status)).toEqual(['Alle', 'Inviteret', 'Aktiv', 'Deaktiveret', 'Afventer godkendelse']);
    fireEvent.change(status, { target: { value: 'INVITED' } });
    expect(names()).toEqual(['Nora Nyborg', 'Ole Dahl', 'Pia Poulsen']);
    fireEvent.change(status, { target: { value: screen.getByRole('option', { name: 'Afventer godkendelse' }).getAttribute('value') } });
    expect(names()).toEqual(['Lars Lund', 'Nora Nyborg', 'Pia Poulsen']);
  });

  it('nothing is pointed to when all that waits is the viewer’s own', async () => {
    renderWith([staffMock([bo, ida, lars, nora]), unitsMock(units), viewerMock(ida)], <StaffPanel />);
    const noraCard = await screen.findByRole('article', { name: 'Nora Nyborg' });
    await waitFor(() => expect(within(noraCard).getByTestId('approval-hint').textContent).toBe('Din invitation skal godkendes af en anden administrator, før Nora Nyborg kan logge ind.'));
    expect(screen.queryByTestId('waiting-for-me')).toBeNull();
    expect(screen.queryByText(/venter på din godkendelse/)).toBeNull();
  });
});

describe('Administration: four eyes on a change of role or unit', () => {
  const ida = administrator('u-ida', 'Ida Administrator');
  const bo = administrator('u-bo', 'Bo Berg');
  const approvedLars = { ...lars, role: 'CASEWORKER' as const, unit: unitRef(jobcenterSyd), pendingChange: null, version: 4 };

  it('another administrator sees the change waiting and who asked for it, and approves it after a question that says what the person gets at once', async () => {
    renderWith([
      staffMock([bo, ida, lars]), unitsMock(units), viewerMock(bo),
      mockOf(ApproveStaffChangeMutation, { userId: lars.id, expectedVersion: 3 }, { data: { approveStaffChange: staffResult(approvedLars) } }),
    ], <StaffPanel />);
    const larsCard = await screen.findByRole('article', { name: 'Lars Lund' });
    expect(fact(larsCard, 'Rolle')).toBe('Mentor');
    expect(fact(larsCard, 'Ændring af rolle eller enhed')).toBe('Afventer godkendelse: sagsbehandler i Jobcenter Syd');
    expect(fact(larsCard, 'Bedt om af')).toBe(`Ida Administrator, ${formatDateTime(toCaseworker.requestedAt)}`);
    await waitFor(() => expect(within(larsCard).getByTestId('change-approval-hint').textContent).toBe('Lars Lund er fortsat mentor, indtil ændringen er godkendt. Du kan godkende den.'));
    fireEvent.click(within(larsCard).getByRole('button', { name: 'Godkend ændringen af Lars Lund' }));
    const question = within(screen.getByRole('group', { name: 'Bekræft godkendelse af ændringen af Lars Lund' })).getByText(/^Godkend/);
    expect(question.textContent!.replace(/\s+/g, ' ')).toBe(
      'Godkend Ida Administrators ændring af Lars Lund fra mentor til sagsbehandler i Jobcenter Syd? Den gælder med det samme: Lars Lund får straks adgang som sagsbehandler i Jobcenter Syd.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ja, godkend' }));
    expect(await screen.findByText('Ændringen af Lars Lund er godkendt: Lars Lund er nu sagsbehandler i Jobcenter Syd.')).toBeTruthy();
    expect(fact(card('Lars Lund'), 'Rolle')).toBe('Sagsbehandler');
    expect(fact(card('Lars Lund'), 'Enhed')).toBe('Jobcenter Syd');
    expect(fact(card('Lars Lund'), 'Ændring af rolle eller enhed')).toBeUndefined();
    expect(within(card('Lars Lund')).queryByRole('button', { name: /^Godkend/ })).toBeNull();
  });

  it('the administrator who asked is offered no approval of their own, is told another must give it, and may take the change back', async () => {
    const withdrawn = { ...lars, pendingChange: null, version: 4 };
    renderWith([
      staffMock([bo, ida, lars]), unitsMock(units), viewerMock(ida),
      mockOf(WithdrawStaffChangeMutation, { userId: lars.id, expectedVersion: 3 }, { data: { withdrawStaffChange: staffResult(withdrawn) } }),
    ], <StaffPanel />);
    const larsCard = await screen.findByRole('article', { name: 'Lars Lund' });
    await waitFor(() => expect(within(larsCard).getByTestId('change-approval-hint').textContent).toBe('Din ændring skal godkendes af en anden administrator. Indtil da er Lars Lund fortsat mentor.'));
    expect(within(larsCard).queryByRole('button', { name: /^Godkend/ })).toBeNull();
    fireEvent.click(within(larsCard).getByRole('button', { name: 'Træk ændringen tilbage for Lars Lund' }));
    expect(within(screen.getByRole('group', { name: 'Bekræft, at ændringen af Lars Lund trækkes tilbage' })).getByText(/^Træk/).textContent).toBe(
      'Træk ændringen af Lars Lund til sagsbehandler i Jobcenter Syd tilbage? Lars Lund er fortsat mentor.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ja, træk tilbage' }));
    expect(await screen.findByText('Ændringen af Lars Lund er trukket tilbage. Lars Lund er fortsat mentor.')).toBeTruthy();
    expect(fact(card('Lars Lund'), 'Ændring af rolle eller enhed')).toBeUndefined();
    expect(within(card('Lars Lund')).queryByTestId('change-approval-hint')).toBeNull();
  });

  it('the only active administrator is told that nobody can approve the change until there is a second administrator, whom the operations can add', async () => {
    renderWith([staffMock([ida, lars]), unitsMock(units), viewerMock(ida)], <StaffPanel />);
    const larsCard = await screen.findByRole('article', { name: 'Lars Lund' });
    await waitFor(() => expect(within(larsCard).getByTestId('change-approval-hint').textContent!.replace(/\s+/g, ' ')).toBe(
      'Ændringen kræver godkendelse af en anden administrator. Kommunen har ingen anden aktiv administrator, så ingen kan godkende den, og Lars Lund er fortsat mentor, ' +
        'til kommunen får en administrator mere. Kommunens drift kan tilføje en administrator mere.',
    ));
    expect(within(larsCard).queryByRole('button', { name: /^Godkend/ })).toBeNull();
  });

  it('an administrator whose own role another asked to change may neither approve nor take it back', async () => {
    const idaToLeader = { ...ida, pendingChange: { ...toLeaderInJobcenter, role: 'LEADER' as const, unit: null, requestedById: bo.id, requestedByName: bo.name } };
    renderWith([staffMock([bo, idaToLeader, administrator('u-cai', 'Cai Carlsen')]), unitsMock(units), viewerMock(ida)], <StaffPanel />);
    const own = await screen.findByRole('article', { name: 'Ida Administrator' });
    await waitFor(() => expect(within(own).getByText('Din egen rolle og enhed kan kun ændres af en anden administrator.')).toBeTruthy());
    expect(fact(own, 'Ændring af rolle eller enhed')).toBe('Afventer godkendelse: leder');
    expect(within(own).queryByRole('button', { name: /^Godkend/ })).toBeNull();
    expect(within(own).queryByRole('button', { name: /^Træk ændringen tilbage/ })).toBeNull();
    // Cai, the third administrator, may approve it: the list counts neither Bo, who asked, nor Ida.
    expect(within(own).getByTestId('change-approval-hint').textContent).toBe('Ida Administrator er fortsat administrator, indtil en anden administrator end Bo Berg har godkendt ændringen.');
  });

  it('a refused approval is said next to the action, and the card keeps the change waiting', async () => {
    const why = 'Enheden »Jobcenter Syd« er lukket.';
    renderWith([
      staffMock([bo, ida, lars]), unitsMock(units), viewerMock(bo),
      mockOf(ApproveStaffChangeMutation, { userId: lars.id, expectedVersion: 3 }, refusal('BAD_USER_INPUT', why, { field: 'unitId' })),
    ], <StaffPanel />);
    const larsCard = await screen.findByRole('article', { name: 'Lars Lund' });
    fireEvent.click(await within(larsCard).findByRole('button', { name: 'Godkend ændringen af Lars Lund' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, godkend' }));
    const alert = await within(card('Lars Lund')).findByRole('alert');
    expect(alert.textContent).toContain('Ændringen blev ikke godkendt');
    expect(alert.textContent).toContain(why);
    expect(fact(card('Lars Lund'), 'Ændring af rolle eller enhed')).toBe('Afventer godkendelse: sagsbehandler i Jobcenter Syd');
  });
});
