import type { Actor } from '../../core/auth/actor';
import { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';
import { citizenMayReceive, citizenView } from './citizen-events';

/** Per, signed in to his own plan. */
const per: Actor = { userId: 'u-per', username: 'per', subject: 'per', name: 'Per Hansen', role: Role.CITIZEN, municipalityId: 'm1', unitId: null, unitKind: null, citizenId: 'c-per' };
const access = (programmeEnded: boolean): PlanAccess => ({
  planId: 'p1', programmeId: 'pr1', citizenId: 'c-per', municipalityId: 'm1', coordinatorId: 'u-anna', teamUnitIds: [], mentorGrants: [], programmeEnded,
});
const event = (entity: Record<string, unknown>, changes: Array<{ field: string }> = []) => ({
  kind: 'X', planId: 'p1', municipalityId: 'm1', at: new Date('2026-11-30T10:00:00Z'), payload: { entity, changes },
});

describe('what reaches the citizen of an ended forløb (Min plan follows a running forløb only)', () => {
  const ending = event({ __typename: 'Programme', id: 'pr1' }, [{ field: 'status' }, { field: 'endReason' }]);
  const withdrawal = event({ __typename: 'ConsentEntry', id: 'ce1' }, [{ field: 'withdrawnAt' }]);
  const newCoordinator = event({ __typename: 'CoordinatorAssignment', id: 'ca1' });
  const endMoved = event({ __typename: 'Programme', id: 'pr1' }, [{ field: 'endDate' }]);

  it('while it runs: a consent withdrawn and a new coordinator reach him as a refresh', () => {
    expect(citizenMayReceive(per, withdrawal, access(false))).toBe(true);
    expect(citizenMayReceive(per, newCoordinator, access(false))).toBe(true);
  });

  it('while it runs: its end date moved reaches him as a refresh (Min plan says until when it runs); a staff-only fact of it does not', () => {
    expect(citizenMayReceive(per, endMoved, access(false))).toBe(true);
    expect(citizenView(endMoved)).toEqual({ entity: null, summary: 'Din plan er opdateret', anonymous: false });
    expect(citizenMayReceive(per, event({ __typename: 'Programme', id: 'pr1' }, [{ field: 'teamMeetingDate' }]), access(false))).toBe(false);
  });

  it('its end date moved carries the days before and after, of that field only; a bare refresh of another kind carries no value', () => {
    expect(citizenView({ ...endMoved, kind: 'PROGRAMME_UPDATED' }).valuesOf).toEqual({ typeName: 'CitizenProgramme', fields: ['endDate'] });
    for (const kind of ['CONSENT_WITHDRAWN', 'COORDINATOR_ASSIGNED', 'ACTIVITY_UPDATED']) expect(citizenView({ ...withdrawal, kind }).valuesOf).toBeUndefined();
  });

  it('once it has ended: its ending only, nothing after', () => {
    expect(citizenMayReceive(per, ending, access(true))).toBe(true);
    expect(citizenMayReceive(per, withdrawal, access(true))).toBe(false);
    expect(citizenMayReceive(per, newCoordinator, access(true))).toBe(false);
    expect(citizenMayReceive(per, endMoved, access(true))).toBe(false);
  });
});

describe('what reaches the citizen of a step in their plan (Kommende aftaler)', () => {
  const activity = { __typename: 'Activity', id: 'a1', title: 'Besøg i den nye lejlighed', notes: 'Intern note' };
  const created = { ...event(activity), kind: 'ACTIVITY_CREATED' };
  const updated = (...fields: string[]) => ({ ...event(activity, fields.map((field) => ({ field }))), kind: 'ACTIVITY_UPDATED' });

  it('a step added, moved, renamed or marked done or cancelled reaches him', () => {
    expect(citizenMayReceive(per, created, access(false))).toBe(true);
    for (const field of ['dueAt', 'title', 'status']) expect(citizenMayReceive(per, updated(field), access(false))).toBe(true);
    expect(citizenMayReceive(per, updated('notes', 'dueAt'), access(false))).toBe(true);
  });

  it('a step moved to another place reaches him: where it is, is on his page', () => {
    expect(citizenMayReceive(per, updated('place'), access(false))).toBe(true);
  });

  it('a change of its notes, who is responsible or its sharing with the mentor alone does not, nor one with nothing changed', () => {
    for (const field of ['notes', 'assignee', 'sharedWithMentor']) expect(citizenMayReceive(per, updated(field), access(false))).toBe(false);
    expect(citizenMayReceive(per, { ...event(activity), kind: 'MENTOR_SHARING_CHANGED' }, access(false))).toBe(false);
  });

  it('as a bare refresh: no record, so nothing of the step itself', () => {
    expect(citizenView(created)).toEqual({ entity: null, summary: 'Din plan er opdateret', anonymous: false });
  });
});
