import type { TypedDocumentNode } from '@apollo/client';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createCache } from '../core/apollo';
import { makeFragmentData } from '../gql';
import type { AdminStaffFragment, AdminUnitFragment } from '../gql/graphql';
import { AdminStaffFragment as StaffFragment, AdminUnitFragment as UnitFragment, AdminUnitsQuery, StaffMembersQuery } from '../modules/admin/admin';

/** The municipality's units as an administrator sees them: two social units (one closed) and an employment unit. */
export function unit(overrides: Partial<AdminUnitFragment> = {}) {
  const fields: AdminUnitFragment = { id: 'unit-psyk', name: 'Socialpsykiatri', kind: 'SOCIAL', closedAt: null, version: 1, ...overrides };
  return { __typename: 'Unit' as const, ...fields };
}

/** A unit as a staff member's `unit { id name }`. */
export const unitRef = (u: { id: string; name: string }) => ({ __typename: 'Unit' as const, id: u.id, name: u.name });

export const psykiatri = unit();
export const jobcenterSyd = unit({ id: 'unit-job', name: 'Jobcenter Syd', kind: 'EMPLOYMENT' });
export const gamleSocial = unit({ id: 'unit-old', name: 'Gamle Socialforvaltning', closedAt: '2026-10-01T08:00:00.000Z' });

export function staffMember(overrides: Partial<AdminStaffFragment> = {}) {
  const fields: AdminStaffFragment = {
    id: 'u-karen',
    name: 'Karen Holm',
    email: 'karen@faaborg.dk',
    subject: null,
    phone: null,
    role: 'CASEWORKER',
    status: 'ACTIVE',
    invitedAt: '2026-11-01T09:00:00.000Z',
    activatedAt: '2026-11-02T07:30:00.000Z',
    deactivatedAt: null,
    reactivatedAt: null,
    awaitingApproval: false,
    invitedById: null,
    invitedByName: null,
    approvedByName: null,
    approvedAt: null,
    pendingChange: null,
    coordinatedProgrammes: 0,
    activeMentorGrants: 0,
    version: 1,
    unit: unitRef(psykiatri),
    ...overrides,
  };
  return { __typename: 'StaffMember' as const, ...fields };
}

/** A mocked response whose data and variables are typed by the generated document. */
export function mockOf<TData, TVariables extends Record<string, unknown>>(
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  result: { data: TData } | { errors: ReadonlyArray<Record<string, unknown>> },
  options: { maxUsageCount?: number } = {},
): MockLink.MockedResponse {
  return { request: { query, variables }, result: result as MockLink.MockedResponse['result'], ...options };
}

export const unitsMock = (units: AdminUnitFragment[], options?: { maxUsageCount?: number }) =>
  mockOf(AdminUnitsQuery, {}, { data: { units: units.map((u) => makeFragmentData(u, UnitFragment)) } }, options);

export const staffMock = (staff: AdminStaffFragment[], options?: { maxUsageCount?: number }) =>
  mockOf(StaffMembersQuery, {}, { data: { staffMembers: staff.map((s) => makeFragmentData(s, StaffFragment)) } }, options);

/** An error the server sends, as Apollo hands it on: code, message and what the code carries. */
export function refusal(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

export function renderWith(mocks: MockLink.MockedResponse[], ui: ReactNode) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      {ui}
    </MockedProvider>,
  );
}
