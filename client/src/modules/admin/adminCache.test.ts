import { createCache } from '../../core/apollo';
import { getFragmentData, makeFragmentData } from '../../gql';
import { jobcenterSyd, psykiatri, staffMember, unit } from '../../test-support/admin';
import { AdminStaffFragment, AdminUnitFragment, AdminUnitsQuery, StaffMembersQuery } from './admin';
import { placeStaff, placeUnit } from './adminCache';

const karen = staffMember();
const birgit = staffMember({ id: 'u-birgit', name: 'Birgit Aagaard', email: 'birgit@faaborg.dk', role: 'MENTOR', unit: null, status: 'INVITED', activatedAt: null });

function cacheWith(staff: ReturnType<typeof staffMember>[], units: ReturnType<typeof unit>[]) {
  const cache = createCache();
  cache.writeQuery({ query: StaffMembersQuery, data: { staffMembers: staff.map((s) => makeFragmentData(s, AdminStaffFragment)) } });
  cache.writeQuery({ query: AdminUnitsQuery, data: { units: units.map((u) => makeFragmentData(u, AdminUnitFragment)) } });
  return cache;
}

const staffNames = (cache: ReturnType<typeof createCache>) =>
  cache.readQuery({ query: StaffMembersQuery })!.staffMembers.map((m) => getFragmentData(AdminStaffFragment, m).name);
const unitNames = (cache: ReturnType<typeof createCache>) => cache.readQuery({ query: AdminUnitsQuery })!.units.map((u) => getFragmentData(AdminUnitFragment, u).name);

describe('Administration: a change in its list, from the live word and from the answer alike', () => {
  it('adds an invited member once, in their place by name, whichever of the two comes first', () => {
    const cache = cacheWith([karen], [psykiatri]);
    // The live word of the invitation may come before the answer to this window's own invitation.
    placeStaff(cache, makeFragmentData(birgit, AdminStaffFragment));
    placeStaff(cache, makeFragmentData(birgit, AdminStaffFragment));
    expect(staffNames(cache)).toEqual(['Birgit Aagaard', 'Karen Holm']);
  });

  it('moves a renamed member to their new place, and adds a new unit once', () => {
    const cache = cacheWith([birgit, karen], [jobcenterSyd, psykiatri]);
    placeStaff(cache, makeFragmentData({ ...birgit, name: 'Åse Aagaard' }, AdminStaffFragment));
    expect(staffNames(cache)).toEqual(['Karen Holm', 'Åse Aagaard']);
    const ungeenheden = unit({ id: 'unit-unge', name: 'Ungeenheden', kind: 'EMPLOYMENT' });
    placeUnit(cache, makeFragmentData(ungeenheden, AdminUnitFragment));
    placeUnit(cache, makeFragmentData(ungeenheden, AdminUnitFragment));
    expect(unitNames(cache)).toEqual(['Jobcenter Syd', 'Socialpsykiatri', 'Ungeenheden']);
  });
});
