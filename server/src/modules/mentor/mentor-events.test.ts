import type { Actor } from '../../core/auth/actor';
import { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';
import { mentorMayReceive, mentorView } from './mentor-events';

/**
 * A mentor receives an event only if it passes twice (STAR’s vejledning om ressourceforløb
 * 2020, afsnit 5.8): at the event's own time (a grant of theirs existed and was in its
 * period, and the item was shared) and at delivery time (a grant is active, the item is
 * still shared). The live and replay paths against a real server: test/live/live-mentor-replay.test.ts.
 */
const mikkel: Actor = { userId: 'mikkel', username: 'mikkel', subject: 'mikkel', name: 'Mikkel', role: Role.MENTOR, municipalityId: 'm1', unitId: null, unitKind: null };
const NOW = new Date('2026-03-10T12:00:00Z');
const created = Date.parse('2026-03-01T09:00:00Z');

const access = (over: Partial<PlanAccess> = {}): PlanAccess => ({
  planId: 'p1', programmeId: 'pr1', citizenId: 'c1', municipalityId: 'm1', coordinatorId: 'anna', teamUnitIds: [],
  mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-01', endDate: '2026-08-31', createdAt: created }],
  mentorSharedIds: ['a1'],
  ...over,
});

const activity = (at: string, sharedWithMentor: boolean, kind = 'ACTIVITY_UPDATED', id = 'a1') => ({
  kind, planId: 'p1', municipalityId: 'm1', at: new Date(at), payload: { entity: { __typename: 'Activity', id, title: 'Møde', sharedWithMentor } },
});

describe('mentorMayReceive', () => {
  it('an item shared then and now, under a grant active then and now', () => {
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), access(), NOW)).toBe(true);
  });

  it('not an event from before the grant was given, even on its start day', () => {
    expect(mentorMayReceive(mikkel, activity('2026-03-01T08:59:00Z', true), access(), NOW)).toBe(false);
  });

  it('not an event from before the grant period began', () => {
    const later = access({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-08', endDate: '2026-08-31', createdAt: created }] });
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), later, NOW)).toBe(false);
  });

  it('not an item that was not shared when it changed, though it is shared now', () => {
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', false), access(), NOW)).toBe(false);
  });

  it('a social activity only under a consent for the mentor that held then as well as now', () => {
    const periods = [
      { scope: 'SOCIAL_DETAILS', mentorId: null, from: Date.parse('2026-03-02T09:00:00Z'), until: Date.parse('2026-03-04T09:00:00Z') },
      { scope: 'SOCIAL_DETAILS', mentorId: null, from: Date.parse('2026-03-08T09:00:00Z'), until: null },
    ];
    const social = access({ mentorConsentScopes: { a1: 'SOCIAL_DETAILS' }, mentorConsentPeriods: periods });
    expect(mentorMayReceive(mikkel, activity('2026-03-03T10:00:00Z', true), social, NOW)).toBe(true);
    // Changed while the citizen had withdrawn his word, which he has given again since.
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), social, NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, activity('2026-03-09T10:00:00Z', true), social, NOW)).toBe(true);
    // A consent for health details covers no social activity.
    const health = access({ mentorConsentScopes: { a1: 'SOCIAL_DETAILS' }, mentorConsentPeriods: [{ scope: 'HEALTH_DETAILS', mentorId: null, from: created, until: null }] });
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), health, NOW)).toBe(false);
  });

  it('a social activity under a consent that names a mentor: that mentor only, and only while it names them now', () => {
    const named = (mentorId: string, until: number | null = null) =>
      access({ mentorConsentScopes: { a1: 'SOCIAL_DETAILS' }, mentorConsentPeriods: [{ scope: 'SOCIAL_DETAILS', mentorId, from: created, until }] });
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), named('mikkel'), NOW)).toBe(true);
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), named('lene'), NOW)).toBe(false);
    // Held for him when it changed, withdrawn since (another mentor's entry keeping the item in mentorSharedIds).
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), named('mikkel', Date.parse('2026-03-06T09:00:00Z')), NOW)).toBe(false);
  });

  it('not an item that was shared then but is no longer', () => {
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), access({ mentorSharedIds: [] }), NOW)).toBe(false);
  });

  it('an unshare under their grant, as a bare fact that names nothing of the item', () => {
    const unshare = {
      ...activity('2026-03-05T10:00:00Z', false, 'MENTOR_SHARING_CHANGED'),
      payload: { entity: { __typename: 'Activity', id: 'a1', title: 'Møde hos psykiater', sharedWithMentor: false }, changes: [{ field: 'sharedWithMentor', before: true, after: false }] },
    };
    expect(mentorMayReceive(mikkel, unshare, access({ mentorSharedIds: [] }), NOW)).toBe(true);
    expect(mentorView(unshare)).toEqual({ entity: null, summary: 'Et punkt er ikke længere delt med dig' });
    // Not one from before their grant, and not once no grant of theirs is active.
    expect(mentorMayReceive(mikkel, { ...unshare, at: new Date('2026-03-01T08:59:00Z') }, access({ mentorSharedIds: [] }), NOW)).toBe(false);
    const ended = access({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-01', endDate: '2026-03-09', createdAt: created }], mentorSharedIds: [] });
    expect(mentorMayReceive(mikkel, unshare, ended, NOW)).toBe(false);
  });

  it("the citizen's word for the mentor withdrawn, as a bare fact (what was shared under it leaves their view); no other withdrawal", () => {
    const withdrawal = (recipientKind: string) => ({
      kind: 'CONSENT_WITHDRAWN', planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-05T10:00:00Z'),
      payload: { entity: { __typename: 'ConsentEntry', id: 'ce1', scope: 'SOCIAL_DETAILS', recipientKind, recipientName: 'Hanne Hansen' } },
    });
    expect(mentorMayReceive(mikkel, withdrawal('MENTOR'), access(), NOW)).toBe(true);
    expect(mentorView(withdrawal('MENTOR'))).toEqual({ entity: null, summary: 'Et punkt er ikke længere delt med dig' });
    expect(mentorMayReceive(mikkel, withdrawal('NETWORK_PERSON'), access(), NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, withdrawal('WHOLE_TEAM'), access(), NOW)).toBe(false);
  });

  it("the withdrawal of an entry that names a mentor reaches that mentor only: another mentor had nothing under it", () => {
    const named = (recipientMentorId: string) => ({
      kind: 'CONSENT_WITHDRAWN', planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-05T10:00:00Z'),
      payload: { entity: { __typename: 'ConsentEntry', id: 'ce2', scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientMentorId } },
    });
    expect(mentorMayReceive(mikkel, named('mikkel'), access(), NOW)).toBe(true);
    expect(mentorMayReceive(mikkel, named('mette'), access(), NOW)).toBe(false);
  });

  it('not a sharing change that takes nothing back (an unshare of what was not shared)', () => {
    const nothing = {
      ...activity('2026-03-05T10:00:00Z', false, 'MENTOR_SHARING_CHANGED'),
      payload: { entity: { __typename: 'Activity', id: 'a1', title: 'Møde', sharedWithMentor: false }, changes: [] },
    };
    expect(mentorMayReceive(mikkel, nothing, access({ mentorSharedIds: [] }), NOW)).toBe(false);
  });

  it('nothing once no grant is active, even what was shared under an earlier one', () => {
    const ended = access({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-01', endDate: '2026-03-09', createdAt: created }] });
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), ended, NOW)).toBe(false);
  });

  it('nothing once the programme has ended, though the grant was cut to a day still to come', () => {
    expect(mentorMayReceive(mikkel, activity('2026-03-05T10:00:00Z', true), access({ programmeEnded: true }), NOW)).toBe(false);
  });

  it('their access ending reaches them though their view has just closed: their own grant ended early, or the programme ended', () => {
    const at = new Date('2026-03-10T11:00:00Z');
    // Ended early with a day already past: no grant of theirs is active when it is delivered.
    const endedGrant = { kind: 'MENTOR_GRANT_ENDED', planId: 'p1', municipalityId: 'm1', at, payload: { entity: { __typename: 'MentorGrant', id: 'g1', mentorId: 'mikkel', endDate: '2026-03-09' } } };
    const cut = access({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-01', endDate: '2026-03-09', createdAt: created }] });
    expect(mentorMayReceive(mikkel, endedGrant, cut, NOW)).toBe(true);
    expect(mentorView(endedGrant)).toEqual({ entity: null, summary: 'Din mentorbevilling er afsluttet' });
    // Not another mentor's grant, and not to a mentor whose grant came after.
    const mettes = { ...endedGrant, payload: { entity: { ...endedGrant.payload.entity, mentorId: 'mette' } } };
    expect(mentorMayReceive(mikkel, mettes, cut, NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, { ...endedGrant, at: new Date('2026-02-20T10:00:00Z') }, cut, NOW)).toBe(false);

    const programmeEnded = {
      kind: 'PROGRAMME_UPDATED', planId: 'p1', municipalityId: 'm1', at,
      payload: { entity: { __typename: 'Programme', id: 'pr1', status: 'ENDED', endReason: 'HEALTH' }, changes: [{ field: 'status', before: 'ACTIVE', after: 'ENDED' }] },
    };
    expect(mentorMayReceive(mikkel, programmeEnded, access({ programmeEnded: true }), NOW)).toBe(true);
    // Not to a mentor whose grant on the plan ended long before (they mentor other citizens now).
    const longGone = access({ programmeEnded: true, mentorGrants: [{ mentorId: 'mikkel', startDate: '2025-01-01', endDate: '2025-06-30', createdAt: Date.parse('2025-01-01T09:00:00Z') }] });
    expect(mentorMayReceive(mikkel, programmeEnded, longGone, NOW)).toBe(false);
    // A bare fact: nothing of the programme (its end reason is not the mentor's to know).
    expect(mentorView(programmeEnded)).toEqual({ entity: null, summary: 'Forløbet er afsluttet' });
    // Any other change of the programme is not the mentor's.
    const moved = { ...programmeEnded, payload: { entity: programmeEnded.payload.entity, changes: [{ field: 'endDate', before: '2027-01-01', after: '2027-02-01' }] } };
    expect(mentorMayReceive(mikkel, moved, access(), NOW)).toBe(false);
  });

  it('a grant called off before its first day (a mentor picked by mistake) reaches its mentor as a bare fact: nothing of the grant', () => {
    // Granted on 2026-03-05 from next week, called off on 2026-03-10: stored as ending the day before it starts.
    const calledOff = {
      kind: 'MENTOR_GRANT_ENDED', planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-10T11:00:00Z'),
      payload: { entity: {
        __typename: 'MentorGrant', id: 'g2', planId: 'p1', mentorId: 'mikkel', purpose: 'Støtte efter indlæggelsen', goals: ['Tage sin medicin'],
        focusAreas: ['Misbrug'], startDate: '2026-03-17', endDate: '2026-03-16', endedEarly: true,
      } },
    };
    const neverBegun = access({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-17', endDate: '2026-03-16', createdAt: Date.parse('2026-03-05T09:00:00Z') }] });
    expect(mentorMayReceive(mikkel, calledOff, neverBegun, NOW)).toBe(true);
    expect(mentorView(calledOff)).toEqual({ entity: null, summary: 'Din mentorbevilling er aflyst' });
    // A renewal called off while the mentor's running grant goes on: the same bare fact.
    expect(mentorMayReceive(mikkel, calledOff, access(), NOW)).toBe(true);
    expect(JSON.stringify(mentorView(calledOff))).not.toMatch(/medicin|indlæggelsen|Misbrug/);
    // A grant that had begun: its ending is a bare fact too, said as an end, not a call-off.
    const begun = { ...calledOff, payload: { entity: { ...calledOff.payload.entity, startDate: '2026-03-01', endDate: '2026-03-09' } } };
    expect(mentorView(begun)).toEqual({ entity: null, summary: 'Din mentorbevilling er afsluttet' });
  });

  it("the citizen's word for the mentor recorded, as a bare fact (what is shared under it may now be theirs); not one for a unit or another mentor", () => {
    const recorded = (entity: Record<string, unknown>) => ({
      kind: 'CONSENT_RECORDED', planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-05T10:00:00Z'),
      payload: { entity: { __typename: 'ConsentEntry', id: 'ce3', scope: 'SOCIAL_DETAILS', note: 'Per vil gerne have hjælp til misbrugsbehandlingen', ...entity } },
    });
    expect(mentorMayReceive(mikkel, recorded({ recipientKind: 'MENTOR' }), access(), NOW)).toBe(true);
    expect(mentorMayReceive(mikkel, recorded({ recipientKind: 'MENTOR', recipientMentorId: 'mikkel' }), access(), NOW)).toBe(true);
    expect(mentorView(recorded({ recipientKind: 'MENTOR' }))).toEqual({ entity: null, summary: 'Det, der er delt med dig, er opdateret' });
    expect(mentorMayReceive(mikkel, recorded({ recipientKind: 'MENTOR', recipientMentorId: 'mette' }), access(), NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, recorded({ recipientKind: 'UNIT', recipientUnitId: 'u1' }), access(), NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, recorded({ recipientKind: 'WHOLE_TEAM' }), access(), NOW)).toBe(false);
    // Not before their grant, nor once no grant of theirs is active.
    expect(mentorMayReceive(mikkel, { ...recorded({ recipientKind: 'MENTOR' }), at: new Date('2026-02-20T10:00:00Z') }, access(), NOW)).toBe(false);
    const ended = access({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-01', endDate: '2026-03-09', createdAt: created }] });
    expect(mentorMayReceive(mikkel, recorded({ recipientKind: 'MENTOR' }), ended, NOW)).toBe(false);
  });

  it('their own tasks, not another mentor\'s', () => {
    const task = (mentorId: string) => ({ kind: 'MENTOR_TASK_LOGGED', planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-05T10:00:00Z'), payload: { entity: { __typename: 'MentorTask', id: 't1', mentorId } } });
    expect(mentorMayReceive(mikkel, task('mikkel'), access(), NOW)).toBe(true);
    expect(mentorMayReceive(mikkel, task('mette'), access(), NOW)).toBe(false);
  });
});

describe('a booked samtale, for the next samtale the mentor sees', () => {
  const booking = (kind: string) => ({
    kind, planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-05T10:00:00Z'),
    payload: { entity: { __typename: 'BookedMeeting', id: 'b1', agenda: 'Helbred', guests: [{ name: 'Jens', relation: 'bror' }], startsAt: '2026-03-20T09:00:00Z' } },
  });

  it('booked, moved or called off reaches the mentor while the latest held samtale is shared with them, as a bare fact', () => {
    for (const kind of ['MEETING_BOOKED', 'MEETING_MOVED', 'MEETING_CANCELLED']) {
      expect(mentorMayReceive(mikkel, booking(kind), access({ mentorNextSamtaleShared: true }), NOW)).toBe(true);
      expect(mentorView(booking(kind))).toEqual({ entity: null, summary: 'Den næste samtale er ændret' });
    }
  });

  it('only when the write changed the next samtale the mentor sees, as its writer stored it; one written before that was stored, as before', () => {
    const shared = access({ mentorNextSamtaleShared: true });
    const told = (kind: string, changed: boolean) => ({ ...booking(kind), payload: { ...booking(kind).payload, mentorNextSamtaleChanged: changed } });
    for (const kind of ['MEETING_BOOKED', 'MEETING_MOVED', 'MEETING_CANCELLED']) {
      expect(mentorMayReceive(mikkel, told(kind, true), shared, NOW)).toBe(true);
      // Another samtale booked after the one they see, moved or called off: nothing they see changed.
      expect(mentorMayReceive(mikkel, told(kind, false), shared, NOW)).toBe(false);
    }
    // Changed then, but the latest held samtale is no longer shared.
    expect(mentorMayReceive(mikkel, told('MEETING_BOOKED', true), access({ mentorNextSamtaleShared: false }), NOW)).toBe(false);
  });

  it('not when the latest held samtale is not shared, nor its fremmøde', () => {
    expect(mentorMayReceive(mikkel, booking('MEETING_BOOKED'), access({ mentorNextSamtaleShared: false }), NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, booking('MEETING_BOOKED'), access(), NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, booking('MEETING_ATTENDANCE_RECORDED'), access({ mentorNextSamtaleShared: true }), NOW)).toBe(false);
  });
});

describe('an intervention ended or taken up again, for the steps of it the mentor sees', () => {
  // Bostøtte (social): steps a1 (shared with the mentor, still planned) and a9 (not shared).
  const statusChange = (before: string, after: string, id = 'i1') => ({
    kind: 'INTERVENTION_STATUS_CHANGED', planId: 'p1', municipalityId: 'm1', at: new Date('2026-03-05T10:00:00Z'),
    payload: {
      entity: { __typename: 'SocialIntervention', id, title: 'Bostøtte', status: after, shortTermGoal: 'Styr på økonomien', legalBasis: 'SEL §85' },
      changes: [{ field: 'status', before, after }, { field: 'endDate', before: null, after: '2026-03-05' }],
    },
  });
  const withStep = (over: Partial<PlanAccess> = {}) => access({ mentorPlannedStepsByIntervention: { i1: ['a1'] }, ...over });

  it('ended (Afsluttet, Annulleret) or taken up again reaches a mentor with a planned step of it shared, as a bare fact', () => {
    for (const [before, after, summary] of [
      ['ACTIVE', 'COMPLETED', 'En indsats med aktiviteter, der er delt med dig, er afsluttet'],
      ['PLANNED', 'CANCELLED', 'En indsats med aktiviteter, der er delt med dig, er afsluttet'],
      ['COMPLETED', 'ACTIVE', 'En indsats med aktiviteter, der er delt med dig, er genoptaget'],
      ['CANCELLED', 'PLANNED', 'En indsats med aktiviteter, der er delt med dig, er genoptaget'],
    ]) {
      expect(mentorMayReceive(mikkel, statusChange(before, after), withStep(), NOW)).toBe(true);
      // Nothing of the intervention: no record, so no title and no changes either (plan-event-record.resolver.ts).
      expect(mentorView(statusChange(before, after))).toEqual({ entity: null, summary });
    }
    expect(JSON.stringify(mentorView(statusChange('ACTIVE', 'CANCELLED')))).not.toMatch(/Bostøtte|økonomien|SEL|Annull|CANCELLED/);
  });

  it('not a status change that ends nothing, nor one from an end to the other', () => {
    for (const [before, after] of [['PLANNED', 'ACTIVE'], ['ACTIVE', 'PAUSED'], ['COMPLETED', 'CANCELLED']]) {
      expect(mentorMayReceive(mikkel, statusChange(before, after), withStep(), NOW)).toBe(false);
    }
  });

  it('not an intervention with no planned step shared with the mentor now', () => {
    expect(mentorMayReceive(mikkel, statusChange('ACTIVE', 'COMPLETED', 'i2'), withStep(), NOW)).toBe(false);
    expect(mentorMayReceive(mikkel, statusChange('ACTIVE', 'COMPLETED'), access(), NOW)).toBe(false);
    // Unshared since (the loader lists the intervention's steps among those shared: none now).
    expect(mentorMayReceive(mikkel, statusChange('ACTIVE', 'COMPLETED'), withStep({ mentorSharedIds: [] }), NOW)).toBe(false);
  });

  it('a step of a social intervention only under the citizen\'s word for this mentor, then and now', () => {
    const named = (mentorId: string) => withStep({
      mentorConsentScopes: { a1: 'SOCIAL_DETAILS' }, mentorConsentPeriods: [{ scope: 'SOCIAL_DETAILS', mentorId, from: created, until: null }],
    });
    expect(mentorMayReceive(mikkel, statusChange('ACTIVE', 'COMPLETED'), named('mikkel'), NOW)).toBe(true);
    expect(mentorMayReceive(mikkel, statusChange('ACTIVE', 'COMPLETED'), named('lene'), NOW)).toBe(false);
  });

  it('not from before their grant, nor once no grant of theirs is active', () => {
    expect(mentorMayReceive(mikkel, { ...statusChange('ACTIVE', 'COMPLETED'), at: new Date('2026-03-01T08:59:00Z') }, withStep(), NOW)).toBe(false);
    const ended = withStep({ mentorGrants: [{ mentorId: 'mikkel', startDate: '2026-03-01', endDate: '2026-03-09', createdAt: created }] });
    expect(mentorMayReceive(mikkel, statusChange('ACTIVE', 'COMPLETED'), ended, NOW)).toBe(false);
  });
});
