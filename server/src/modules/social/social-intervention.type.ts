import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CreateInterventionBase, Intervention, UpdateInterventionInput } from '../intervention';

/** Social services' kinds of intervention (docs/domain.md, social area). */
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
  SUPPORT_CONTACT: 'Støttekontaktperson',
  ADDICTION_TREATMENT: 'Misbrugsbehandling',
  DEBT_COUNSELLING: 'Gældsrådgivning',
  FAMILY_SUPPORT: 'Familiestøtte',
  ESCORT: 'Ledsagelse',
  TEMPORARY_HOUSING: 'Midlertidigt botilbud',
  SOCIAL_MENTOR: 'Social mentor',
};

registerEnumType(SocialKind, {
  name: 'SocialKind',
  description: 'Socialforvaltningens indsatstyper.',
  valuesConfig: Object.fromEntries(Object.entries(SOCIAL_KIND_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});

@ObjectType({ implements: Intervention, description: 'Socialforvaltningens indsats (bostøtte, støttekontaktperson, misbrugsbehandling m.m.).' })
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

@InputType({ description: 'Ny indsats fra socialforvaltningen.' })
export class CreateSocialInterventionInput extends CreateInterventionBase {
  @Field(() => SocialKind)
  kind: SocialKind;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, { message: 'Lovgrundlaget er for langt.' })
  legalBasis?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'Leverandørens navn er for langt.' })
  provider?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;
}

@InputType({ description: 'Ændring af en socialindsats (delvis, fælles og egne felter).' })
export class UpdateSocialInterventionInput extends UpdateInterventionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, { message: 'Lovgrundlaget er for langt.' })
  legalBasis?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'Leverandørens navn er for langt.' })
  provider?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;
}
