import { charCount } from '@samplan/schema';
import { graphql } from '../../gql';
import type { Role, StaffStatus } from '../../gql/graphql';

/**
 * Administration: the municipality's own units and staff, and the log of what
 * its administrators did. Every operation is the administrator's alone; the server refuses
 * anyone else, and the menu only offers the page to them.
 */
export const canAdminister = (role: string | null | undefined): boolean => role === 'ADMINISTRATOR';

/** The values of an enum in the order given by their places (a Record, so a value the schema adds is a type error here until it has one). */
const inOrder = <T extends string>(places: Readonly<Record<T, number>>): readonly T[] =>
  (Object.keys(places) as T[]).sort((a, b) => places[a] - places[b]);

/** Every staff role, in the order the forms list them: the day-to-day roles first (a citizen's account is not made here). */
export const ROLES = inOrder<Exclude<Role, 'CITIZEN'>>({ CASEWORKER: 0, LEADER: 1, MENTOR: 2, ADMINISTRATOR: 3 });

/** In the order a person moves through them. */
export const STAFF_STATUSES = inOrder<StaffStatus>({ INVITED: 0, ACTIVE: 1, DEACTIVATED: 2 });

/** The status filter's choice, after the statuses, of everyone waiting for an administrator's yes. */
export const AWAITING_APPROVAL = 'AWAITING_APPROVAL';

type Waiting = { id: string; status: StaffStatus; awaitingApproval: boolean; invitedById?: string | null; pendingChange?: { requestedById: string } | null };

/** Whether a person waits for an administrator's yes, as their card says "Afventer godkendelse": their invitation, or a change of their role or unit. */
export const awaitsApproval = (s: Waiting): boolean => s.awaitingApproval || !!s.pendingChange;

/**
 * What on a person's card the viewer may approve. Four eyes: not an invitation the viewer made, nor
 * a change the viewer asked for or of the viewer themself; not a withdrawn (deactivated) invitation,
 * which is reactivated first (the server refuses approving it); and nothing while no other
 * administrator is active to approve it (`approvers`, `changeApprovers`).
 */
export function approvable(s: Waiting, viewerId: string | null | undefined, approvers: number, changeApprovers: number) {
  const invitation = s.awaitingApproval && s.status !== 'DEACTIVATED' && (!viewerId || s.invitedById !== viewerId) && approvers > 0;
  const change = !!s.pendingChange && (!viewerId || (s.pendingChange.requestedById !== viewerId && s.id !== viewerId)) && changeApprovers > 0;
  return { invitation, change };
}

/**
 * Whether a role works in a unit: a caseworker always does (their unit decides which
 * interventions they write), a leader may lead one unit or the whole municipality, and a
 * mentor (often external) or an administrator belongs to none.
 */
export function unitRule(role: Role | ''): 'required' | 'optional' | 'none' {
  if (role === 'CASEWORKER') return 'required';
  if (role === 'LEADER') return 'optional';
  return 'none';
}

/** A list in the order the server gives it (by name), with a new item in its place. */
export function sortedByName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => nameOf(a).localeCompare(nameOf(b), 'da'));
}

/** The server's usual limit on a short text such as a name (TEXT_LIMITS.title). */
export const NAME_MAX = 200;

/** What is wrong with a unit's or a person's name before it is sent, or null. */
/** A unit's name is shorter: the server takes at most 100 characters (units.types.ts). */
export const UNIT_NAME_MAX = 100;

export function checkName(name: string, what: string, max: number = NAME_MAX): string | null {
  const text = name.trim();
  if (!text) return `Skriv ${what}.`;
  if (charCount(text) > max) return `Navnet må højst være ${max} tegn.`;
  return null;
}

export const AdminUnitFragment = graphql(`
  fragment AdminUnit on Unit {
    id
    name
    kind
    closedAt
    version
  }
`);

/** All units, closed ones too: the administrator may reopen them, and staff may still sit in one. */
export const AdminUnitsQuery = graphql(`
  query AdminUnits {
    units(includeClosed: true) {
      ...AdminUnit
    }
  }
`);

export const CreateUnitMutation = graphql(`
  mutation CreateUnit($input: CreateUnitInput!) {
    createUnit(input: $input) {
      ...AdminUnit
    }
  }
`);

export const RenameUnitMutation = graphql(`
  mutation RenameUnit($input: RenameUnitInput!) {
    renameUnit(input: $input) {
      ...AdminUnit
    }
  }
`);

export const CloseUnitMutation = graphql(`
  mutation CloseUnit($unitId: ID!, $expectedVersion: Int!) {
    closeUnit(unitId: $unitId, expectedVersion: $expectedVersion) {
      ...AdminUnit
    }
  }
`);

export const ReopenUnitMutation = graphql(`
  mutation ReopenUnit($unitId: ID!, $expectedVersion: Int!) {
    reopenUnit(unitId: $unitId, expectedVersion: $expectedVersion) {
      ...AdminUnit
    }
  }
`);

export const AdminStaffFragment = graphql(`
  fragment AdminStaff on StaffMember {
    id
    name
    email
    subject
    phone
    role
    status
    invitedAt
    activatedAt
    deactivatedAt
    reactivatedAt
    awaitingApproval
    invitedById
    invitedByName
    approvedByName
    approvedAt
    pendingChange {
      role
      requestedById
      requestedByName
      requestedAt
      unit {
        id
        name
      }
    }
    coordinatedProgrammes
    activeMentorGrants
    version
    unit {
      id
      name
    }
  }
`);

export const StaffMembersQuery = graphql(`
  query StaffMembers {
    staffMembers {
      ...AdminStaff
    }
  }
`);

export const InviteStaffMutation = graphql(`
  mutation InviteStaff($input: InviteStaffInput!) {
    inviteStaff(input: $input) {
      ...AdminStaff
    }
  }
`);

/** Four eyes: another administrator than the one who invited says yes, and only then does a sign-in bind the invitation. */
export const ApproveStaffInvitationMutation = graphql(`
  mutation ApproveStaffInvitation($userId: ID!, $expectedVersion: Int!) {
    approveStaffInvitation(userId: $userId, expectedVersion: $expectedVersion) {
      ...AdminStaff
    }
  }
`);

/** Four eyes on a change of role or unit of someone who has signed in: another administrator than the one who asked says yes, and it takes effect. */
export const ApproveStaffChangeMutation = graphql(`
  mutation ApproveStaffChange($userId: ID!, $expectedVersion: Int!) {
    approveStaffChange(userId: $userId, expectedVersion: $expectedVersion) {
      ...AdminStaff
    }
  }
`);

export const WithdrawStaffChangeMutation = graphql(`
  mutation WithdrawStaffChange($userId: ID!, $expectedVersion: Int!) {
    withdrawStaffChange(userId: $userId, expectedVersion: $expectedVersion) {
      ...AdminStaff
    }
  }
`);

export const ChangeStaffMutation = graphql(`
  mutation ChangeStaff($input: ChangeStaffInput!) {
    changeStaff(input: $input) {
      ...AdminStaff
    }
  }
`);

export const RenameStaffMutation = graphql(`
  mutation RenameStaff($input: RenameStaffInput!) {
    renameStaff(input: $input) {
      ...AdminStaff
    }
  }
`);

export const ChangeStaffPhoneMutation = graphql(`
  mutation ChangeStaffPhone($input: ChangeStaffPhoneInput!) {
    changeStaffPhone(input: $input) {
      ...AdminStaff
    }
  }
`);

export const DeactivateStaffMutation = graphql(`
  mutation DeactivateStaff($userId: ID!, $expectedVersion: Int!, $seenCoordinatedProgrammes: Int, $seenActiveMentorGrants: Int) {
    deactivateStaff(
      userId: $userId
      expectedVersion: $expectedVersion
      seenCoordinatedProgrammes: $seenCoordinatedProgrammes
      seenActiveMentorGrants: $seenActiveMentorGrants
    ) {
      ...AdminStaff
    }
  }
`);

export const ReactivateStaffMutation = graphql(`
  mutation ReactivateStaff($userId: ID!, $expectedVersion: Int!, $seenActiveMentorGrants: Int) {
    reactivateStaff(userId: $userId, expectedVersion: $expectedVersion, seenActiveMentorGrants: $seenActiveMentorGrants) {
      ...AdminStaff
    }
  }
`);

/**
 * What the municipality's administrators change, as they change it (another administrator, or
 * the same one in another window): the unit or staff member as they are now. `readAgain` comes
 * first, and again when the server may have missed changes: the page reads its lists again.
 */
export const AdministrationChangesSubscription = graphql(`
  subscription AdministrationChanges {
    administrationChanges {
      readAgain
      logChanged
      staffMember {
        ...AdminStaff
      }
      unit {
        ...AdminUnit
      }
    }
  }
`);

/** Entries per page of the administration log (the server's default). */
export const LOG_PAGE_SIZE = 50;

export const AdministrationLogQuery = graphql(`
  query AdministrationLog($first: Int!, $after: String) {
    administrationLog(first: $first, after: $after) {
      nextCursor
      entries {
        id
        at
        actorName
        action
        summary
      }
    }
  }
`);
