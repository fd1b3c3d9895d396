import type { MockLink } from '@apollo/client/testing';
import { screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, praktik, renderPlanPage } from '../../test-support/plan-page';
import { PlanHistoryQuery } from './events';

/**
 * What a colleague made anew reads as made, not changed: a new intervention is flagged
 * "Ny · Oprettet af …" on its card, and a first decision on what follows the forløb "Ny ·
 * Besluttet af …" on "Efter forløbet", with "traf beslutning om" in the list of changes.
 */

const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
const social = { __typename: 'Unit', id: 'unit-social', kind: 'SOCIAL', name: 'Socialforvaltningen' };

/** A stored change by Bent, after Anna's read position (none): new to her; `summary` as the server words it. */
function bentsChange(kind: string, entityId: string, title: string, record: Record<string, unknown>, summary: string) {
  return {
    __typename: 'PlanEvent',
    seq: '12',
    kind,
    planId: PLAN_ID,
    entityType: String(record.__typename).toUpperCase(),
    entityId,
    at: '2026-11-23T09:41:00.000Z',
    summary,
    actor: bent,
    unit: social,
    title,
    changes: [],
    overwrote: [],
    record,
  };
}

function history(item: unknown): MockLink.MockedResponse {
  return {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: null, first: 20, before: null } },
    result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [item], olderCursor: null } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const feedLines = () => screen.getAllByTestId('feed-item').map((li) => li.querySelector('.feed-summary')!.textContent);

it('a colleague creating an intervention flags its card "Ny · Oprettet af …"', async () => {
  const created = praktik({ id: 'iv-new', title: 'Mentorforløb i butik' });
  renderPlanPage({
    viewer: 'anna',
    plan: perPlan({ interventions: [praktik(), created] }),
    sectionMocks: [history(bentsChange('INTERVENTION_CREATED', 'iv-new', 'Mentorforløb i butik', { __typename: 'JobcenterIntervention' }, 'Bent Sørensen (Socialforvaltningen) tilføjede indsatsen Mentorforløb i butik'))],
  });
  const card = screen.getAllByTestId('intervention').find((c) => c.textContent!.includes('Mentorforløb i butik'))!;
  const flag = await within(card).findByTestId('changed-flag');
  expect(flag.textContent).toMatch(/^Ny Oprettet af Bent Sørensen \(Socialforvaltningen\) · /);
  expect(feedLines()).toEqual(['Ny Bent Sørensen (Socialforvaltningen) tilføjede indsatsen Mentorforløb i butik']);
});

it('a colleague deciding what follows for the first time reads "traf beslutning om", flagged "Besluttet af"; a later decision is a change', async () => {
  const decision = { __typename: 'NextStepDecision', version: 1, decisionStatus: 'DECIDED', stepLabel: 'Fleksjob' };
  const { unmount } = renderPlanPage({
    viewer: 'anna',
    sectionMocks: [history(bentsChange('PROGRAMME_UPDATED', 'pr-per', 'indsatsen efter forløbet', decision, 'Bent Sørensen (Socialforvaltningen) besluttede indsatsen efter forløbet: Fleksjob'))],
  });
  const flag = await within(screen.getByTestId('next-step-section')).findByTestId('changed-flag');
  expect(flag.textContent).toMatch(/^Ny Besluttet af Bent Sørensen \(Socialforvaltningen\) · /);
  expect(feedLines()).toEqual(['Ny Bent Sørensen (Socialforvaltningen) traf beslutning om indsatsen efter forløbet: Fleksjob']);
  unmount();

  const changed = { ...bentsChange('PROGRAMME_UPDATED', 'pr-per', 'indsatsen efter forløbet', { ...decision, version: 2, stepLabel: 'Ordinær uddannelse' }, 'Bent Sørensen (Socialforvaltningen) besluttede indsatsen efter forløbet: Ordinær uddannelse'),
    changes: [{ __typename: 'FieldChange', field: 'step', label: 'Indsats', before: 'Fleksjob', after: 'Ordinær uddannelse' }] };
  renderPlanPage({ viewer: 'anna', sectionMocks: [history(changed)] });
  const later = await within(screen.getByTestId('next-step-section')).findByTestId('changed-flag');
  expect(later.textContent).toMatch(/^Ny Ændret af Bent Sørensen/);
  expect(feedLines()).toEqual(['Ny Bent Sørensen (Socialforvaltningen) ændrede indsatsen efter forløbet: Indsats Fleksjob → Ordinær uddannelse']);
});
