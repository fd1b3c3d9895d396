import { IsOptional, Max, Min } from 'class-validator';
import { Field, Float, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CreateInterventionBase, Intervention, UpdateInterventionInput } from '../intervention';
import { MaxChars } from '../../core/validation';

/**
 * Social services' kinds of intervention (docs/domain.md, social area). Support for a family is under barnets lov (from
 * 1 January 2024), not lov om social service; mentor support is an employment measure (LAB kapitel 26), not a social one.
 */
export enum SocialKind {
  HOUSING_SUPPORT = 'HOUSING_SUPPORT',
  SUPPORT_CONTACT = 'SUPPORT_CONTACT',
  ADDICTION_TREATMENT = 'ADDICTION_TREATMENT',
  DEBT_COUNSELLING = 'DEBT_COUNSELLING',
  FAMILY_SUPPORT = 'FAMILY_SUPPORT',
  ESCORT = 'ESCORT',
  TEMPORARY_HOUSING = 'TEMPORARY_HOUSING',
  SOCIAL_MENTOR = 'SOCIAL_MENTOR',
}

export const SOCIAL_KIND_LABEL: Record<SocialKind, string> = {
  HOUSING_SUPPORT: 'Bostøtte',
  SUPPORT_CONTACT: 'Støtte- og kontaktperson (SEL §99)',
  ADDICTION_TREATMENT: 'Misbrugsbehandling',
  DEBT_COUNSELLING: 'Gældsrådgivning',
  FAMILY_SUPPORT: 'Familiestøtte (barnets lov)',
  ESCORT: 'Ledsagelse',
  TEMPORARY_HOUSING: 'Midlertidigt botilbud',
  SOCIAL_MENTOR: 'Social mentor',
};

registerEnumType(SocialKind, {
  name: 'SocialKind',
  description: 'Socialforvaltningens indsatstyper.',
  valuesConfig: {
    ...Object.fromEntries(Object.entries(SOCIAL_KIND_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
    SOCIAL_MENTOR: {
      description: `${SOCIAL_KIND_LABEL.SOCIAL_MENTOR}.`,
      deprecationReason: 'Mentorstøtte er en beskæftigelsesindsats (LAB kapitel 26), ikke en indsats efter serviceloven: brug beskæftigelsens MENTOR_SUPPORT.',
    },
  },
});

@ObjectType({ implements: Intervention, description: 'Socialforvaltningens indsats (bostøtte, støtte- og kontaktperson, misbrugsbehandling m.m.).' })
export class SocialIntervention extends Intervention {
  @Field(() => String, { nullable: true, description: 'Lovgrundlag, fx "SEL §85".' })
  legalBasis: string | null;

  @Field(() => String, { nullable: true, description: 'Leverandør / tilbud.' })
  provider: string | null;

  @Field(() => Float, { nullable: true, description: 'Timer om ugen.' })
  hoursPerWeek: number | null;
}

const hoursMsg = { message: 'Timer om ugen skal være mellem 0 og 37.' };
export const SOCIAL_DETAIL_KEYS = ['legalBasis', 'provider', 'hoursPerWeek'] as const;

/** A too long text names its limit, as the form's hint does ("Højst 200 tegn."). */
const legalBasisTooLong = { message: 'Lovgrundlaget må højst være 100 tegn.' };
const providerTooLong = { message: 'Leverandørens navn må højst være 200 tegn.' };

@InputType({ description: 'Ny indsats fra socialforvaltningen.' })
export class CreateSocialInterventionInput extends CreateInterventionBase {
  @Field(() => SocialKind)
  kind: SocialKind;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(100, legalBasisTooLong)
  legalBasis?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, providerTooLong)
  provider?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;
}

@InputType({ description: 'Ændring af en socialindsats (delvis, fælles og egne felter).' })
export class UpdateSocialInterventionInput extends UpdateInterventionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(100, legalBasisTooLong)
  legalBasis?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, providerTooLong)
  provider?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;
}
