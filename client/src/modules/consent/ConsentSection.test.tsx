import { ApolloClient, ApolloLink } from '@apollo/client';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { DISCARD_QUESTION } from '../../core/forms/FormParts';
import { hasUnsavedText } from '../../core/unsaved-text';
import { bostoette } from '../../test-support/fixtures';
import { perPlan, PLAN_ID, viewers } from '../../test-support/plan-page';
import { ViewerQuery } from '../org/viewer';
import { PlanPageQuery } from '../plan/PlanPage';
import { applyConsentEvent } from './consentCache';
import { ConsentMentorsQuery, ConsentRegisterQuery, ConsentSection, ConsentUnitsQuery, RecordConsentMutation, WithdrawConsentMutation } from './ConsentSection';

const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
const entry = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'ConsentEntry',
  id: 'ce-health',
  scope: 'HEALTH_DETAILS',
  recipientKind: 'WHOLE_TEAM',
  recipientUnit: null,
  recipientMentor: null,
  recipientName: null,
  recipientRelation: null,
  basis: 'CONSENT',
  legalReference: null,
  givenOn: '2026-01-18',
  note: '',
  active: true,
  recordedAt: '2026-01-18T10:00:00.000Z',
  recordedBy: anna,
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawalReason: null,
  mayWithdraw: true,
  ...overrides,
});
const parents = entry({ id: 'ce-parents', scope: 'SOCIAL_DETAILS', recipientKind: 'NETWORK_PERSON', recipientName: 'Hanne og Jens Hansen', recipientRelation: 'forældre' });
const gone = entry({ id: 'ce-old', scope: 'SOCIAL_DETAILS', active: false, withdrawnAt: '2026-11-01T09:00:00.000Z', withdrawnBy: anna, withdrawalReason: 'Per ønskede det', mayWithdraw: false });
/** The register as the server answers one who may withdraw none of it (mayWithdraw). */
const noneToWithdraw = [entry({ mayWithdraw: false }), { ...parents, mayWithdraw: false }, gone];

function renderSection(plan: Record<string, unknown>, mocks: MockLink.MockedResponse[] = []) {
  const cache = createCache();
  cache.writeQuery({
    query: ConsentRegisterQuery,
    variables: { planId: PLAN_ID },
    data: { plan: { __typename: 'Plan', id: PLAN_ID, myStanding: 'COORDINATOR', consentWarning: null, withheldInterventionIds: [], consents: [entry(), parents, gone], ...plan } } as never,
  });
  // The section reads the register again in the background (cache-and-network): the same answer.
  const again: MockLink.MockedResponse = {
    request: { query: ConsentRegisterQuery, variables: { planId: PLAN_ID } },
    result: { data: cache.readQuery({ query: ConsentRegisterQuery, variables: { planId: PLAN_ID } }) as never },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
  // The form's choice of a unit as recipient.
  const units: MockLink.MockedResponse = {
    request: { query: ConsentUnitsQuery },
    result: { data: { units: [{ __typename: 'Unit', id: 'unit-social', name: 'Socialforvaltningen' }] } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
  return render(
    <MockedProvider mocks={[again, units, ...mocks]} cache={cache}>
      <ConsentSection planId={PLAN_ID} />
    </MockedProvider>,
  );
}

describe('Samtykke og hjemmel', () => {
  it('lists the active entries and the withdrawn ones, in Danish', () => {
    renderSection({});
    const active = screen.getByTestId('consent-active');
    expect(within(active).getAllByTestId('consent-entry').map((li) => li.querySelector('.consent-what')?.textContent)).toEqual([
      'Sundhedsoplysninger deles med hele teamet',
      'Sociale oplysninger deles med Hanne og Jens Hansen (forældre)',
    ]);
    const withdrawn = screen.getByTestId('consent-withdrawn');
    expect(within(withdrawn).getByTestId('consent-entry').textContent).toMatch(/Tilbagekaldt .* af Anna Holm: Per ønskede det/);
  });

  it('shows the joint-plan warning the server gives, and no form or withdrawal to the team', () => {
    renderSection({ myStanding: 'TEAM', consentWarning: 'Borgerens samtykke til den fælles plan er ikke registreret.', consents: noneToWithdraw });
    // A plain notice: it is among the plan's "Advarsler" too, and is not announced each time the page opens.
    expect(screen.getByTestId('consent-warning').textContent).toContain('samtykke til den fælles plan');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button', { name: /Tilbagekald/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Registrér samtykke eller hjemmel' })).toBeNull();
  });

  it('the coordinator withdraws only after confirming', async () => {
    const withdraw: MockLink.MockedResponse = {
      request: { query: WithdrawConsentMutation, variables: { input: { id: 'ce-health', planId: PLAN_ID, reason: null } } },
      result: { data: { withdrawConsent: entry({ active: false, withdrawnAt: '2026-12-02T07:00:00.000Z', withdrawnBy: anna, mayWithdraw: false }) } },
    };
    renderSection({}, [withdraw]);
    fireEvent.click(screen.getByRole('button', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' }));
    const confirm = screen.getByRole('group', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' });
    expect(within(confirm).getByText(/Andre enheder mister straks adgangen/)).toBeTruthy();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, tilbagekald' }));
    expect(await screen.findByText('Tilbagekaldt: Sundhedsoplysninger med hele teamet.')).toBeTruthy();
  });

  it('the question says who loses what by the entry’s recipient: the mentor, not "andre enheder"', () => {
    const mentor = entry({ id: 'ce-mentor', recipientKind: 'MENTOR' });
    renderSection({ consents: [mentor, parents, entry()] });
    const question = (name: string) => {
      fireEvent.click(screen.getByRole('button', { name: `Tilbagekald ${name}` }));
      return within(screen.getByRole('group', { name: `Tilbagekald ${name}` })).getByText(/^Vil du tilbagekalde/).textContent;
    };
    expect(question('Sundhedsoplysninger med mentor ved møder')).toBe(
      'Vil du tilbagekalde: Sundhedsoplysninger med mentor ved møder? Mentoren mister straks adgangen til det, der er delt. Aktiviteter markeret »Delt med mentor« vises igen for mentoren, hvis samtykket registreres igen.',
    );
    // Parents read nothing in Samplan: nobody loses access here, the sharing stops.
    expect(question('Sociale oplysninger med Hanne og Jens Hansen (forældre)')).toBe(
      'Vil du tilbagekalde: Sociale oplysninger med Hanne og Jens Hansen (forældre)? Oplysningerne må ikke længere deles med Hanne og Jens Hansen (forældre).',
    );
    expect(question('Sundhedsoplysninger med hele teamet')).toBe('Vil du tilbagekalde: Sundhedsoplysninger med hele teamet? Andre enheder mister straks adgangen til detaljerne.');
  });

  it('after "Ja, tilbagekald" the entry moves to Tilbagekaldt: the message takes the focus, not the page', async () => {
    const withdrawn = entry({ active: false, withdrawnAt: '2026-12-02T07:00:00.000Z', withdrawnBy: anna, mayWithdraw: false });
    const cache = createCache();
    const register = (consents: unknown[]) => ({ plan: { __typename: 'Plan', id: PLAN_ID, myStanding: 'COORDINATOR', consentWarning: null, withheldInterventionIds: [], consents } });
    cache.writeQuery({ query: ConsentRegisterQuery, variables: { planId: PLAN_ID }, data: register([entry(), gone]) as never });
    render(
      <MockedProvider
        mocks={[
          // Read when the section opens, then again after the withdrawal.
          { request: { query: ConsentRegisterQuery, variables: { planId: PLAN_ID } }, result: { data: register([entry(), gone]) as never }, maxUsageCount: 1 },
          { request: { query: ConsentRegisterQuery, variables: { planId: PLAN_ID } }, result: { data: register([withdrawn, gone]) as never }, maxUsageCount: Number.POSITIVE_INFINITY },
          { request: { query: WithdrawConsentMutation, variables: { input: { id: 'ce-health', planId: PLAN_ID, reason: null } } }, result: { data: { withdrawConsent: withdrawn } } },
        ]}
        cache={cache}
      >
        <ConsentSection planId={PLAN_ID} />
      </MockedProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' }));
    const confirm = screen.getByRole('group', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, tilbagekald' }));
    await waitFor(() => expect(within(screen.getByTestId('consent-withdrawn')).getAllByTestId('consent-entry')).toHaveLength(2));
    await waitFor(() => expect(document.activeElement).not.toBe(document.body));
    expect(document.activeElement).toBe(screen.getByRole('status'));
    expect(document.activeElement?.textContent).toBe('Tilbagekaldt: Sundhedsoplysninger med hele teamet.');
  });

  it('"Fortryd" closes the question and puts the focus back on "Tilbagekald"', () => {
    renderSection({});
    fireEvent.click(screen.getByRole('button', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' }));
    const confirm = screen.getByRole('group', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Fortryd' }));
    expect(screen.queryByRole('group', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' }));
  });

  it('the form asks for what, with whom and the legal basis, with an error summary linking to each field', async () => {
    const record: MockLink.MockedResponse = {
      request: {
        query: RecordConsentMutation,
        variables: { input: { planId: PLAN_ID, scope: 'SOCIAL_DETAILS', recipientKind: 'GP', recipientUnitId: null, recipientMentorId: null, recipientName: null, recipientRelation: null, basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c', givenOn: '2026-11-30', note: null } },
      },
      result: { data: { recordConsent: entry({ id: 'ce-gp', scope: 'SOCIAL_DETAILS', recipientKind: 'GP', basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c', givenOn: '2026-11-30' }) } },
    };
    renderSection({}, [record]);
    fireEvent.click(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }));
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    fireEvent.click(within(form).getByLabelText('Hjemmel'));
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér' }));
    const summary = await within(form).findByTestId('error-summary');
    expect(document.activeElement).toBe(summary);
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Vælg hvad der deles.', 'Vælg hvem der deles med.', 'Angiv hjemlen, fx "Retssikkerhedsloven §11 c".',
    ]);
    fireEvent.change(within(form).getByLabelText('Hvad deles'), { target: { value: 'SOCIAL_DETAILS' } });
    fireEvent.change(within(form).getByLabelText('Med hvem'), { target: { value: 'GP' } });
    fireEvent.change(within(form).getByLabelText('Hjemmel', { selector: 'input:not([type=radio])' }), { target: { value: 'Retssikkerhedsloven §11 c' } });
    fireEvent.change(within(form).getByLabelText('Givet den'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér' }));
    expect(await screen.findByText('Registreret: Sociale oplysninger deles.')).toBeTruthy();
  });

  it('shows every field the server refuses by its field and in the summary, not a third time in a box', async () => {
    const problems = [
      { field: 'recipientName', message: 'Navnet må højst være 200 tegn.' },
      { field: 'recipientRelation', message: 'Relationen må højst være 200 tegn.' },
    ];
    const record: MockLink.MockedResponse = {
      request: {
        query: RecordConsentMutation,
        variables: { input: { planId: PLAN_ID, scope: 'SOCIAL_DETAILS', recipientKind: 'NETWORK_PERSON', recipientUnitId: null, recipientMentorId: null, recipientName: 'Hanne Hansen', recipientRelation: 'mor', basis: 'CONSENT', legalReference: null, givenOn: '2026-11-30', note: null } },
      },
      result: { errors: [{ message: problems[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: 'recipientName', problems } }] },
    };
    renderSection({}, [record]);
    fireEvent.click(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }));
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    fireEvent.change(within(form).getByLabelText('Hvad deles'), { target: { value: 'SOCIAL_DETAILS' } });
    fireEvent.change(within(form).getByLabelText('Med hvem'), { target: { value: 'NETWORK_PERSON' } });
    fireEvent.change(within(form).getByLabelText('Navn'), { target: { value: 'Hanne Hansen' } });
    fireEvent.change(within(form).getByLabelText('Relation til borgeren'), { target: { value: 'mor' } });
    fireEvent.change(within(form).getByLabelText('Givet den'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér' }));
    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual(problems.map((p) => p.message));
    for (const [label, message] of [['Navn', problems[0]!.message], ['Relation til borgeren', problems[1]!.message]] as const) {
      const field = within(form).getByLabelText(label);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(message);
    }
    expect(within(form).queryByRole('alert')).toBeNull();
  });
});

describe('"Tilbagekald" follows who may withdraw each entry, as the server says it (mayWithdraw), not the standing in this plan', () => {
  const button = () => screen.queryByRole('button', { name: 'Tilbagekald Sundhedsoplysninger med hele teamet' });

  it("is offered on an ended forløb's plan to the running forløb's coordinator, who is only on its team", () => {
    renderSection({ myStanding: 'TEAM', consents: [entry({ mayWithdraw: true }), gone] });
    expect(button()).toBeTruthy();
    // Recording stays the plan's own coordinator's.
    expect(screen.queryByRole('button', { name: 'Registrér samtykke eller hjemmel' })).toBeNull();
  });

  it("is not offered to the ended forløb's former coordinator, who still coordinates the plan shown", () => {
    renderSection({ myStanding: 'COORDINATOR', consents: [entry({ mayWithdraw: false }), gone] });
    expect(screen.getByTestId('consent-active').textContent).toContain('Sundhedsoplysninger deles med hele teamet');
    expect(button()).toBeNull();
  });

  it('is offered for each entry the server allows, and only those', () => {
    renderSection({ consents: [entry({ mayWithdraw: false }), { ...parents, mayWithdraw: true }, gone] });
    expect(screen.getAllByRole('button', { name: /^Tilbagekald/ }).map((b) => b.textContent)).toEqual([
      'Tilbagekald Sociale oplysninger med Hanne og Jens Hansen (forældre)',
    ]);
  });
});

describe('a consent for one named mentor', () => {
  it('the coordinator may choose the mentor the citizen agreed to; the register then names them', async () => {
    const mette = { __typename: 'User', id: 'u-mette', name: 'Mette Mentor' };
    const mentors: MockLink.MockedResponse = {
      request: { query: ConsentMentorsQuery },
      result: { data: { colleagues: [{ __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' }, mette] } },
    };
    const input = { planId: PLAN_ID, scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientUnitId: null, recipientMentorId: 'u-mette', recipientName: null, recipientRelation: null, basis: 'CONSENT', legalReference: null, givenOn: '2026-11-30', note: null };
    const recorded = entry({ id: 'ce-mette', scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientMentor: mette, givenOn: '2026-11-30' });
    const record: MockLink.MockedResponse = { request: { query: RecordConsentMutation, variables: { input } }, result: { data: { recordConsent: recorded } } };
    renderSection({ consents: [entry(), recorded] }, [mentors, record]);
    // The register says whom it is for.
    expect(within(screen.getByTestId('consent-active')).getAllByTestId('consent-entry').map((li) => li.querySelector('.consent-what')?.textContent)).toContain(
      'Sociale oplysninger deles med Mette Mentor (mentor)',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }));
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    expect(within(form).queryByLabelText('Hvilken mentor')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Hvad deles'), { target: { value: 'SOCIAL_DETAILS' } });
    fireEvent.change(within(form).getByLabelText('Med hvem'), { target: { value: 'MENTOR' } });
    const which = within(form).getByLabelText('Hvilken mentor');
    expect(await within(form).findByRole('option', { name: 'Mette Mentor' })).toBeTruthy();
    expect(within(which as HTMLElement).getAllByRole('option').map((o) => o.textContent)).toEqual(['Borgerens mentor, hvem det end er', 'Mikkel Lund', 'Mette Mentor']);
    fireEvent.change(which, { target: { value: 'u-mette' } });
    fireEvent.change(within(form).getByLabelText('Givet den'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér' }));
    expect(await screen.findByText('Registreret: Sociale oplysninger deles.')).toBeTruthy();
  });
});

describe('the form and the keyboard', () => {
  it('opening it puts the focus on its first field; Escape closes it and gives the focus back to the button', async () => {
    renderSection({});
    const opener = screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' });
    opener.focus();
    fireEvent.click(opener);
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Hvad deles'));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('form', { name: 'Registrér samtykke eller hjemmel' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' })));
  });

  it('Escape with something chosen asks first, as "Annullér" does: "Fortsæt med at skrive" keeps it, "Kassér" closes', () => {
    renderSection({});
    fireEvent.click(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }));
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    const scope = within(form).getByLabelText('Hvad deles') as HTMLSelectElement;
    fireEvent.change(scope, { target: { value: 'SOCIAL_DETAILS' } });
    fireEvent.keyDown(scope, { key: 'Escape' });
    expect(within(form).getByText(DISCARD_QUESTION)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Fortsæt med at skrive' }));
    expect(scope.value).toBe('SOCIAL_DETAILS');
    expect(document.activeElement).toBe(scope);
    fireEvent.keyDown(scope, { key: 'Escape' });
    fireEvent.click(within(form).getByRole('button', { name: 'Kassér' }));
    expect(screen.queryByRole('form', { name: 'Registrér samtykke eller hjemmel' })).toBeNull();
  });

  it('a registration that did not reach the server keeps what was typed unsaved: "Annullér" and leaving the page ask first', async () => {
    const record: MockLink.MockedResponse = {
      request: {
        query: RecordConsentMutation,
        variables: { input: { planId: PLAN_ID, scope: 'SOCIAL_DETAILS', recipientKind: 'GP', recipientUnitId: null, recipientMentorId: null, recipientName: null, recipientRelation: null, basis: 'CONSENT', legalReference: null, givenOn: '2026-11-30', note: null } },
      },
      error: new Error('Failed to fetch'),
    };
    renderSection({}, [record]);
    fireEvent.click(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }));
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    fireEvent.change(within(form).getByLabelText('Hvad deles'), { target: { value: 'SOCIAL_DETAILS' } });
    fireEvent.change(within(form).getByLabelText('Med hvem'), { target: { value: 'GP' } });
    fireEvent.change(within(form).getByLabelText('Givet den'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér' }));
    expect(await within(form).findByRole('alert')).toBeTruthy();
    expect(hasUnsavedText()).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(form).getByText(DISCARD_QUESTION)).toBeTruthy();
    expect((within(form).getByLabelText('Med hvem') as HTMLSelectElement).value).toBe('GP');
  });
});

describe('the form’s list of units', () => {
  it('says so, with "Prøv igen", when the units cannot be read, and offers them once they can', async () => {
    const cache = createCache();
    cache.writeQuery({
      query: ConsentRegisterQuery,
      variables: { planId: PLAN_ID },
      data: { plan: { __typename: 'Plan', id: PLAN_ID, myStanding: 'COORDINATOR', consentWarning: null, withheldInterventionIds: [], consents: [] } } as never,
    });
    const again: MockLink.MockedResponse = {
      request: { query: ConsentRegisterQuery, variables: { planId: PLAN_ID } },
      result: { data: cache.readQuery({ query: ConsentRegisterQuery, variables: { planId: PLAN_ID } }) as never },
      maxUsageCount: Number.POSITIVE_INFINITY,
    };
    render(
      <MockedProvider
        mocks={[
          again,
          { request: { query: ConsentUnitsQuery }, error: new Error('Netværksfejl') },
          { request: { query: ConsentUnitsQuery }, result: { data: { units: [{ __typename: 'Unit', id: 'unit-social', name: 'Socialforvaltningen' }] } } },
        ]}
        cache={cache}
      >
        <ConsentSection planId={PLAN_ID} />
      </MockedProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }));
    const form = screen.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
    fireEvent.change(within(form).getByLabelText('Med hvem'), { target: { value: 'UNIT' } });
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Enhederne kunne ikke hentes');
    fireEvent.click(within(alert).getByRole('button', { name: 'Prøv igen' }));
    expect(await within(form).findByRole('option', { name: 'Socialforvaltningen' })).toBeTruthy();
    expect(within(form).queryByRole('alert')).toBeNull();
  });
});

describe('a withdrawal arriving live', () => {
  it("takes another unit's details of that kind off the cached plan at once, never the viewer's own unit's", () => {
    const cache = createCache();
    const client = new ApolloClient({ cache, link: ApolloLink.empty() });
    const health = { ...bostoette({ __typename: 'HealthIntervention', id: 'iv-psyk', title: 'Psykolog', kind: 'PSYCHOLOGIST', unitKind: 'HEALTH',
      unit: { __typename: 'Unit', id: 'unit-health', kind: 'HEALTH', name: 'Sundhedsforvaltningen' } }), legalBasis: undefined, hoursPerWeek: undefined, provider: 'Psykolog Mette Lund', sessionsPerMonth: 2, focus: 'Angst' };
    cache.writeQuery({ query: ViewerQuery, data: { me: viewers.bent } as never });
    cache.writeQuery({ query: PlanPageQuery, variables: { id: PLAN_ID }, data: { plan: perPlan({ interventions: [bostoette(), health] }) } as never });
    cache.writeQuery({ query: ConsentRegisterQuery, variables: { planId: PLAN_ID }, data: { plan: { __typename: 'Plan', id: PLAN_ID, myStanding: 'TEAM', consentWarning: null, withheldInterventionIds: [], consents: [entry({ mayWithdraw: false })] } } as never });
    applyConsentEvent(client, { kind: 'CONSENT_WITHDRAWN', planId: PLAN_ID, entityId: 'ce-health' });
    const read = (typename: string, id: string) => cache.extract()[cache.identify({ __typename: typename, id })!] as Record<string, unknown>;
    expect(read('HealthIntervention', 'iv-psyk')).toMatchObject({ provider: null, focus: null, sessionsPerMonth: null, shortTermGoal: '' });
    expect(cache.readQuery({ query: ConsentRegisterQuery, variables: { planId: PLAN_ID } })?.plan.withheldInterventionIds).toEqual(['iv-psyk']);
    // Bent's own unit's Bostøtte is untouched.
    expect(read('SocialIntervention', 'iv-bostoette')).toMatchObject({ provider: 'Bostøtteteamet, Ringe' });
  });
});
