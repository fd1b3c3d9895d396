import type { Actor } from '../../core/auth/actor';
import { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';
import { citizenMayReceive } from './citizen-events';

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

  it('once it has ended: its ending only, nothing after', () => {
    expect(citizenMayReceive(per, ending, access(true))).toBe(true);
    expect(citizenMayReceive(per, withdrawal, access(true))).toBe(false);
    expect(citizenMayReceive(per, newCoordinator, access(true))).toBe(false);
    expect(citizenMayReceive(per, endMoved, access(true))).toBe(false);
  });
});
