export { Municipality } from './municipality.entity';
export { Unit } from './unit.entity';
export { User } from './user.entity';
export { Role, UNIT_KIND_LABEL, UnitKind } from './org.enums';
export { UserResolver } from './user.resolver';
export { loadActor } from './actor.service';
import type { ServerModule } from '../../core/module';
import { signInLoader } from './actor.service';
import { Municipality } from './municipality.entity';
import { orgLoaders } from './org.loaders';
import { Unit } from './unit.entity';
import { User } from './user.entity';
import { UserResolver } from './user.resolver';

/** Municipalities, units and users; who a verified token names. */
export const orgModule: ServerModule = {
  name: 'org',
  entities: [Municipality, Unit, User],
  resolvers: [UserResolver],
  loaders: orgLoaders,
  loadActor: signInLoader,
};
