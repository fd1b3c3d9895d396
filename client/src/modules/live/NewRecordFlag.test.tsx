import type { MockLink } from '@apollo/client/testing';
import { screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, praktik, renderPlanPage } from '../../test-support/plan-page';
import { formatWhen } from '../../core/format';
import { PlanCitizenWordsQuery } from '../description/description.documents';
import { PlanHistoryQuery, type PlanEvent } from './events';
import { flagTextOf } from './PlanLive';

/**
 * What a colleague made anew reads as made, not changed: a new intervention is flagged
 * "Ny · Oprettet af …" on its card, and a first decision on what follows the forløb "Ny ·
 * Besluttet af …" on "Efter forløbet", with "traf beslutning om" in the list of changes.
 */

const bent = { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' };
const social = { __typename: 'Unit', id: 'unit-social', kind: 'SOCIAL', name: 'Socialforvaltningen' };

const perUser = { __typename: 'User', id: 'u-per', name: 'Per Hansen' };

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

/** Per's open request for a samtale, as "Borgerens egne ord" reads it. */
function perAsked(): MockLink.MockedResponse {
  const request = {
    __typename: 'CitizenMeetingRequest', id: 'r-1', text: 'Jeg vil gerne tale om praktikken.', wishedTime: 'En formiddag', wishedMode: 'PHONE',
    requestedAt: '2026-11-23T09:41:00.000Z', handledAt: null, handledBy: null, version: 1,
  };
  return {
    request: { query: PlanCitizenWordsQuery, variables: { planId: PLAN_ID } },
    result: {
      data: {
        plan: {
          __typename: 'Plan', id: PLAN_ID, citizen: { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen' },
          citizenOwnWords: { __typename: 'CitizenOwnWords', id: PLAN_ID, sections: [], heldMeetings: [], meetingRequests: [request], lastSeen: null },
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

it('the citizen asking for a samtale flags the request "Ny · Sendt af …", not "Ændret af": the kind is MEETING_REQUESTED, not …_CREATED', async () => {
  const asked = { ...bentsChange('MEETING_REQUESTED', 'r-1', 'ønske om en samtale', { __typename: 'CitizenMeetingRequest' }, 'Per Hansen bad om en samtale'), actor: perUser, unit: null };
  renderPlanPage({ viewer: 'anna', sectionMocks: [history(asked), perAsked()] });
  const request = await screen.findByTestId('citizen-request');
  const flag = await within(request).findByTestId('changed-flag');
  expect(flag.textContent).toMatch(/^Ny Sendt af Per Hansen · /);
});

describe('the flag on a card, by the kind of change', () => {
  const at = '2026-07-01T08:32:00Z';
  const now = new Date('2026-07-01T12:00:00Z');
  const event = (kind: string, actor = bent, unit: typeof social | null = social) => ({ ...bentsChange(kind, 'x-1', 'titel', { __typename: 'X' }, ''), actor, unit, at }) as unknown as PlanEvent;

  it('says a record made anew as made, whatever its kind is called', () => {
    expect(flagTextOf(event('MEETING_REQUESTED', perUser, null), now)).toBe('Sendt af Per Hansen · i dag kl. 10.32');
    expect(flagTextOf(event('MEETING_BOOKED'), now)).toBe('Booket af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
    expect(flagTextOf(event('MEETING_COMMENT_WRITTEN', perUser, null), now)).toBe('Skrevet af Per Hansen · i dag kl. 10.32');
    expect(flagTextOf(event('INTERVENTION_CREATED'), now)).toBe('Oprettet af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
  });

  it('says a change as a change', () => {
    expect(flagTextOf(event('MEETING_MOVED'), now)).toBe(`Ændret af Bent Sørensen (Socialforvaltningen) · ${formatWhen(at, now)}`);
    expect(flagTextOf(event('MEETING_REQUEST_HANDLED'), now)).toMatch(/^Ændret af /);
  });
});
