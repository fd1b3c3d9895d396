import type { ServerModule } from '../../core/module';
import { AdministrationLogResolver } from './admin-log.resolver';
import { AdministrationChangesResolver } from './administration-changes.resolver';
import { StaffResolver } from './staff.resolver';
import { UnitsResolver } from './units.resolver';

export { StaffMember, StaffStatus } from './staff.types';

/** The municipality's own organisation, run by its administrators: its units and staff, and the log of what they did. */
export const adminModule: ServerModule = {
  name: 'admin',
  resolvers: [StaffResolver, UnitsResolver, AdministrationLogResolver, AdministrationChangesResolver],
};
