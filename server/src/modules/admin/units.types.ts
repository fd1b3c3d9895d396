import { IsEnum, IsUUID } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsFilledText } from '../../core/validation';
import { UnitKind } from '../org';
import { ExpectedVersionField } from './admin-version';

/** A unit's name, as an administrator types it (trimmed by the service). */
const NAME_LIMIT = 100;
const NAME_MESSAGE = `Skriv enhedens navn (højst ${NAME_LIMIT} tegn).`;

@InputType({ description: 'En ny enhed: navn og art.' })
export class CreateUnitInput {
  @Field({ description: 'Enhedens navn, e.g. "Socialpsykiatri"; entydigt blandt kommunens åbne enheder.' })
  @IsFilledText(NAME_LIMIT, NAME_MESSAGE)
  name: string;

  @Field(() => UnitKind, { description: 'Enhedens art: hvilke indsatser dens medarbejdere arbejder med.' })
  @IsEnum(UnitKind, { message: 'Ukendt art.' })
  kind: UnitKind;
}

@InputType({ description: 'Et nyt navn til en enhed.' })
export class RenameUnitInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Ukendt enhed.' })
  unitId: string;

  @Field({ description: 'Det nye navn; entydigt blandt kommunens åbne enheder.' })
  @IsFilledText(NAME_LIMIT, NAME_MESSAGE)
  name: string;

  @ExpectedVersionField('enheden')
  expectedVersion: number;
}

/** A closing or reopening: which unit, and the version the administrator confirmed it on. */
@ArgsType()
export class UnitVersionArgs {
  @Field(() => ID)
  unitId: string;

  @ExpectedVersionField('enheden')
  expectedVersion: number;
}
