import { parseCpr } from '@samplan/schema';
import { IsInt, IsOptional, ValidateBy, ValidateIf } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { BaseVersionField } from '../../core/db/versioned-update';
import { IsFilledText, IsPhone, MaxChars, TEXT_LIMITS } from '../../core/validation';

/** A CPR number by the rule both tiers share (@samplan/schema parseCpr): its own Danish message for what is wrong. */
function IsCpr(): PropertyDecorator {
  const problem = (value: unknown) => (typeof value === 'string' ? parseCpr(value) : null);
  return ValidateBy({
    name: 'isCpr',
    validator: {
      validate: (value: unknown) => problem(value)?.ok === true,
      defaultMessage: (args) => {
        const result = problem(args?.value);
        return result && !result.ok ? result.problem : 'Skriv CPR-nummeret med 10 cifre, fx 010190-1234.';
      },
    },
  });
}

/** A citizen's phone and address, as registered and as corrected later: one rule for both. */
@InputType({ description: 'Borgerens telefon og adresse.' })
abstract class CitizenContactFields {
  @Field(() => String, { nullable: true, description: 'Telefon, fx "20 11 22 33"; tom tekst: intet nummer.' })
  @IsOptional()
  @ValidateIf((o: CitizenContactFields) => !!o.phone?.trim())
  @IsPhone()
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Adresse; tom tekst: ingen adresse.' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: `Adressen må højst være ${TEXT_LIMITS.title} tegn.` })
  address?: string | null;
}

@InputType({ description: 'Ny borger, registreret ved CPR-nummer. Fødselsdatoen udledes af CPR-nummeret.' })
export class RegisterCitizenInput extends CitizenContactFields {
  @Field({ description: 'CPR-nummer: 10 cifre, med eller uden bindestreg efter det 6. (DDMMÅÅ-LLLL).' })
  @IsCpr()
  cpr: string;

  @Field({ description: 'Navn.' })
  @IsFilledText(TEXT_LIMITS.title, { subject: 'Navn' })
  name: string;

}

@InputType({ description: 'Borgerens kontaktoplysninger, rettet af en medarbejder på borgerens plan. Kun de felter, der sendes, ændres; tom tekst sletter.' })
export class UpdateCitizenContactInput extends CitizenContactFields {
  @Field(() => ID, { description: 'Planen, medarbejderen retter fra (adgangen følger planen).' })
  planId: string;

  @Field(() => Int, { description: 'Den version af kontaktoplysningerne, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

}

@InputType({ description: 'Ret borgerens CPR-nummer ("Ret CPR-nummer"), fx når det blev tastet forkert ved registreringen. Kun den koordinerende sagsbehandler på borgerens igangværende forløb.' })
export class CorrectCitizenCprInput {
  @Field(() => ID, { description: 'Borgerens igangværende plan (adgangen følger planen).' })
  planId: string;

  @Field(() => Int, { description: 'Den version af borgerens oplysninger, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @Field({ description: 'Det rigtige CPR-nummer: 10 cifre, med eller uden bindestreg efter det 6. (DDMMÅÅ-LLLL).' })
  @IsCpr()
  cpr: string;

  @Field({ description: 'Begrundelse (højst 500 tegn); står i borgerens adgangslog.' })
  reason: string;
}

@InputType({ description: 'Luk borgerens adgang til Min plan, eller åbn den igen. Kun den koordinerende sagsbehandler på borgerens igangværende forløb.' })
export class CitizenAccessInput {
  @Field(() => ID, { description: 'Borgerens igangværende plan (adgangen følger planen).' })
  planId: string;

  @Field(() => Int, { description: 'Den version af borgerens oplysninger, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @Field({ description: 'Begrundelse (højst 500 tegn); står i borgerens adgangslog.' })
  reason: string;
}
