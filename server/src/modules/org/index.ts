export { Municipality } from './municipality.entity';
export { Unit } from './unit.entity';
export { User } from './user.entity';
export { Role, UnitCode } from './org.enums';
export { UserResolver } from './user.resolver';
export { loadActor } from './actor.service';
