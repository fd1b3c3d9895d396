import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CreateInterventionBase, Intervention, UpdateInterventionInput } from '../intervention';
import { MaxChars } from '../../core/validation';

/** Health's kinds of intervention (docs/domain.md, health area). */
export enum HealthKind {
  PHYSICAL_TRAINING = 'PHYSICAL_TRAINING',
  PHYSIOTHERAPY = 'PHYSIOTHERAPY',
  PSYCHOLOGIST = 'PSYCHOLOGIST',
  COPING_COURSE = 'COPING_COURSE',
  MINDFULNESS = 'MINDFULNESS',
  PSYCHIATRIC_TREATMENT = 'PSYCHIATRIC_TREATMENT',
  DIET_GUIDANCE = 'DIET_GUIDANCE',
  REHABILITATION = 'REHABILITATION',
}

export const HEALTH_KIND_LABEL: Record<HealthKind, string> = {
  PHYSICAL_TRAINING: 'Fysisk træning',
  PHYSIOTHERAPY: 'Fysioterapi',
  PSYCHOLOGIST: 'Psykolog',
  COPING_COURSE: 'Kursus i at håndtere angst, stress eller smerter',
  MINDFULNESS: 'Mindfulness',
  PSYCHIATRIC_TREATMENT: 'Psykiatrisk behandling',
  DIET_GUIDANCE: 'Kostvejledning',
  REHABILITATION: 'Genoptræning',
};

registerEnumType(HealthKind, {
  name: 'HealthKind',
  description: 'Sundhedsforvaltningens indsatstyper.',
  valuesConfig: Object.fromEntries(Object.entries(HEALTH_KIND_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});

@ObjectType({ implements: Intervention, description: 'Sundhedsforvaltningens indsats (træning, psykolog, kurser, behandling).' })
export class HealthIntervention extends Intervention {
  @Field(() => String, { nullable: true, description: 'Behandler / leverandør.' })
  provider: string | null;

  @Field(() => Int, { nullable: true, description: 'Sessioner om måneden.' })
  sessionsPerMonth: number | null;

  @Field(() => String, { nullable: true, description: 'Fokus (fx angst, smerter, energi).' })
  focus: string | null;
}

const sessionsMsg = { message: 'Sessioner om måneden skal være mellem 0 og 31.' };
export const HEALTH_DETAIL_KEYS = ['provider', 'sessionsPerMonth', 'focus'] as const;

/** A too long text names its limit, as the form's hint does ("Højst 200 tegn."). */
const providerTooLong = { message: 'Behandlerens navn må højst være 200 tegn.' };
const focusTooLong = { message: 'Fokus må højst være 200 tegn.' };

@InputType({ description: 'Ny indsats fra sundhedsforvaltningen.' })
export class CreateHealthInterventionInput extends CreateInterventionBase {
  @Field(() => HealthKind)
  kind: HealthKind;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, providerTooLong)
  provider?: string | null;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0, sessionsMsg) @Max(31, sessionsMsg)
  sessionsPerMonth?: number | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, focusTooLong)
  focus?: string | null;
}

@InputType({ description: 'Ændring af en sundhedsindsats (delvis, fælles og egne felter).' })
export class UpdateHealthInterventionInput extends UpdateInterventionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, providerTooLong)
  provider?: string | null;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0, sessionsMsg) @Max(31, sessionsMsg)
  sessionsPerMonth?: number | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, focusTooLong)
  focus?: string | null;
}
