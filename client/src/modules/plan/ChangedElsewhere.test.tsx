import type { MockLink } from '@apollo/client/testing';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { PlanHistoryQuery } from '../live/events';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';

/**
 * A colleague's change is marked ("Ny · Ændret af …") on the card that shows what they
 * changed: the forløb's own facts on "Forløb", a decision on what follows on "Efter forløbet",
 * the citizen's contact details on those. Not on "Advarsler": the rules' reading of the plan
 * is nobody's change.
 */

const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
const job = { __typename: 'Unit', id: 'unit-employment', kind: 'EMPLOYMENT', name: 'Jobcenter Faaborg-Midtfyn' };

/** A stored change by Bent, after Anna's read position (none): new to her. */
function bentsChange(kind: string, entityId: string, recordType: string, summary: string) {
  return {
    __typename: 'PlanEvent',
    seq: '12',
    kind,
    planId: PLAN_ID,
    entityType: recordType.toUpperCase(),
    entityId,
    at: '2026-11-23T09:41:00.000Z',
    summary,
    actor: bent,
    unit: job,
    title: null,
    changes: [],
    overwrote: [],
    record: { __typename: recordType },
  };
}

function history(item: unknown): MockLink.MockedResponse {
  return {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: null, first: 20, before: null } },
    result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [item], olderCursor: null } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/** A plan with a warning, so that "Advarsler" is on the page. */
const withWarning = () => {
  const plan = perPlan();
  return perPlan({
    programme: {
      ...plan.programme,
      warningLevel: 'WARNING',
      warnings: [{ __typename: 'Warning', rule: 'NEXT_STEP_DECISION', severity: 'WARNING', message: 'Beslut, hvad der skal ske efter forløbet.', dueDate: '2027-01-01', source: null, subjectId: null, forReader: true }],
    },
  });
};

const flagOf = (testId: string) => within(screen.getByTestId(testId)).queryByTestId('changed-flag');

it('a colleague moving the end date marks "Forløb", not "Advarsler" nor "Efter forløbet"', async () => {
  renderPlanPage({
    viewer: 'anna',
    plan: withWarning(),
    sectionMocks: [history(bentsChange('PROGRAMME_UPDATED', 'pr-per', 'Programme', 'Bent Sørensen ændrede forløbets slutdato til 2027-12-01'))],
  });
  const flag = await within(screen.getByTestId('programme-section')).findByTestId('changed-flag');
  expect(flag.textContent).toMatch(/^Ny Ændret af Bent Sørensen \(Jobcenter Faaborg-Midtfyn\)/);
  expect(screen.getByTestId('warnings')).toBeTruthy();
  expect(flagOf('warnings')).toBeNull();
  expect(flagOf('next-step-section')).toBeNull();
});

it('a colleague deciding what follows marks "Efter forløbet", not "Forløb"', async () => {
  renderPlanPage({
    viewer: 'anna',
    sectionMocks: [history(bentsChange('PROGRAMME_UPDATED', 'pr-per', 'NextStepDecision', 'Bent Sørensen besluttede indsatsen efter forløbet: Fleksjob'))],
  });
  const flag = await within(screen.getByTestId('next-step-section')).findByTestId('changed-flag');
  expect(flag.textContent).toMatch(/^Ny Ændret af Bent Sørensen/);
  expect(flagOf('programme-section')).toBeNull();
});

it('a colleague correcting the contact details marks them', async () => {
  renderPlanPage({
    viewer: 'anna',
    sectionMocks: [history(bentsChange('CITIZEN_CONTACT_UPDATED', 'c-per', 'Citizen', 'Bent Sørensen rettede Per Hansens kontaktoplysninger'))],
  });
  const flag = await within(screen.getByTestId('citizen-contact')).findByTestId('changed-flag');
  expect(flag.textContent).toMatch(/^Ny Ændret af Bent Sørensen/);
});

it('the contact form open when a colleague saves the details says so, and keeps what was typed', async () => {
  const plan = perPlan();
  const { serverSends } = renderPlanPage({ viewer: 'anna', plan });
  const contact = screen.getByTestId('citizen-contact');
  fireEvent.click(within(contact).getByRole('button', { name: 'Ret kontaktoplysninger' }));
  const form = within(contact).getByRole('form', { name: 'Kontaktoplysninger for Per Hansen' });
  const address = within(form).getByLabelText('Adresse', { exact: false }) as HTMLInputElement;
  fireEvent.change(address, { target: { value: 'Algade 1, 5750 Ringe' } });

  // The plan read again after the colleague's save (the live event).
  act(() => serverSends(perPlan({ citizen: { ...plan.citizen, phone: '40 50 60 70', version: 2 } })));

  expect(await within(form).findByText('En anden har gemt en ændring af kontaktoplysningerne, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.')).toBeTruthy();
  expect(address.value).toBe('Algade 1, 5750 Ringe');
  expect(within(form).getByRole('button', { name: 'Gem' })).toBeTruthy();
});
