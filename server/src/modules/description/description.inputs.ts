import { IsBoolean, IsIn, IsInt, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { BaseVersionField } from '../../core/db/versioned-update';
import { DescriptionKind } from './description.entity';
import { MaxChars } from '../../core/validation';

/** How long one section may be: room for the citizen's own account, not for whole case files. */
export const DESCRIPTION_TEXT_MAX = 10_000;

@InputType({ description: 'Ret et afsnit i planens samlede beskrivelse.' })
export class UpdateDescriptionSectionInput {
  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field(() => DescriptionKind, { description: 'Afsnittet.' })
  @IsIn(Object.values(DescriptionKind), { message: 'Ukendt afsnit.' })
  kind: DescriptionKind;

  @Field({ description: 'Teksten; tom tekst tømmer afsnittet.' })
  @MaxChars(DESCRIPTION_TEXT_MAX, { trimmed: true, message: `Teksten må højst være ${DESCRIPTION_TEXT_MAX.toLocaleString('da-DK')} tegn.` })
  text: string;

  @Field({ description: 'Skrevet med borgerens egne ord.' })
  @IsBoolean({ message: 'Angiv, om teksten er skrevet med borgerens egne ord.' })
  inCitizensOwnWords: boolean;

  @Field(() => Int, { description: 'Den version, der blev læst (0 for et afsnit, der ikke er skrevet endnu).' })
  @IsInt({ message: 'Versionen skal være et helt tal.' })
  @Min(0, { message: 'Versionen skal være 0 eller mere.' })
  expectedVersion: number;

  @BaseVersionField(0)
  baseVersion?: number | null;
}
