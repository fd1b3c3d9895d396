import type { ApolloCache } from '@apollo/client';
import { getFragmentData, type FragmentType } from '../../gql';
import type { AdministrationLogQuery as AdministrationLogData } from '../../gql/graphql';
import { AdminStaffFragment, AdminUnitFragment, AdminUnitsQuery, sortedByName, StaffMembersQuery } from './admin';

/**
 * A staff member or unit in its list, in the server's order (by name), whoever brings it: the
 * answer to this window's own change, or the live word of it (administrationLive.ts), which may
 * come first. The record is written as it is now (every card showing it has its new name, role,
 * unit or status); a new one (an invitation, a unit just created) is added once, and a renamed
 * one moves to its new place.
 */
export function placeStaff(cache: ApolloCache, member: FragmentType<typeof AdminStaffFragment>): void {
  const data = getFragmentData(AdminStaffFragment, member);
  if (olderThanShown(cache.readFragment({ fragment: AdminStaffFragment, fragmentName: 'AdminStaff', id: cache.identify({ __typename: 'StaffMember', id: data.id }) }), data)) return;
  cache.writeFragment({ fragment: AdminStaffFragment, fragmentName: 'AdminStaff', data });
  cache.updateQuery({ query: StaffMembersQuery }, (current) =>
    current ? { staffMembers: onceByName(current.staffMembers, member, (m) => getFragmentData(AdminStaffFragment, m)) } : current,
  );
}

export function placeUnit(cache: ApolloCache, unit: FragmentType<typeof AdminUnitFragment>): void {
  const data = getFragmentData(AdminUnitFragment, unit);
  if (olderThanShown(cache.readFragment({ fragment: AdminUnitFragment, fragmentName: 'AdminUnit', id: cache.identify({ __typename: 'Unit', id: data.id }) }), data)) return;
  cache.writeFragment({ fragment: AdminUnitFragment, fragmentName: 'AdminUnit', data });
  cache.updateQuery({ query: AdminUnitsQuery }, (current) => (current ? { units: onceByName(current.units, unit, (u) => getFragmentData(AdminUnitFragment, u)) } : current));
}

/**
 * A record older than the one shown is not written over it: this window's answer and the live
 * word of another administrator's later change can arrive in either order, and the card must
 * not go back to the state before that change (an active person again after a deactivation).
 */
function olderThanShown(shown: { version: number } | null, incoming: { version: number }): boolean {
  return !!shown && shown.version > incoming.version;
}

/** The list with the item in it once (added when new), by name. */
function onceByName<T>(items: readonly T[], item: T, fields: (x: T) => { id: string; name: string }): T[] {
  const { id } = fields(item);
  return sortedByName(items.some((x) => fields(x).id === id) ? items : [...items, item], (x) => fields(x).name);
}

type LogPage = AdministrationLogData['administrationLog'];

/**
 * The log as shown with its newest lines on top: the first page read anew, then the lines
 * already shown that it does not hold (older pages fetched with "Vis ældre"), which "Vis
 * ældre" goes on from. When more lines came than a page holds, the lines shown are not
 * reached: the new page stands alone, with its own way on to the older ones.
 */
export function withNewestLines(shown: LogPage, newest: LogPage): LogPage {
  const fresh = new Set(newest.entries.map((e) => e.id));
  const older = shown.entries.filter((e) => !fresh.has(e.id));
  const reached = older.length < shown.entries.length || !newest.nextCursor;
  if (!reached) return newest;
  return { ...newest, entries: [...newest.entries, ...older], nextCursor: older.length ? shown.nextCursor : newest.nextCursor };
}
