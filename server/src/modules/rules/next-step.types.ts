import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsIsoDay, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { BaseVersionField } from '../../core/db/versioned-update';

/**
 * What follows a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5): the kinds of decision the guidance names,
 * and those the later laws add. Which are offered depends on the programme type and the law
 * in force on the day of the decision (modules/rules/law): no new ressourceforløb or
 * revalidering from 1 February 2026 (lov nr. 1750 af 29. december 2025).
 */
export enum NextStep {
  NEW_PROGRAMME = 'NEW_PROGRAMME',
  RESSOURCEFORLOEB = 'RESSOURCEFORLOEB',
  NEW_JOBAFKLARING = 'NEW_JOBAFKLARING',
  HELHEDSORIENTERET = 'HELHEDSORIENTERET',
  FLEXJOB = 'FLEXJOB',
  FOERTIDSPENSION = 'FOERTIDSPENSION',
  REVALIDERING = 'REVALIDERING',
  CASH_BENEFIT = 'CASH_BENEFIT',
  UNEMPLOYMENT_BENEFIT = 'UNEMPLOYMENT_BENEFIT',
  PENSION = 'PENSION',
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  OTHER = 'OTHER',
}

export const NEXT_STEP_LABEL: Record<NextStep, string> = {
  NEW_PROGRAMME: 'Nyt ressourceforløb',
  RESSOURCEFORLOEB: 'Ressourceforløb',
  NEW_JOBAFKLARING: 'Nyt jobafklaringsforløb',
  HELHEDSORIENTERET: 'Helhedsorienteret forløb',
  FLEXJOB: 'Fleksjob',
  FOERTIDSPENSION: 'Førtidspension',
  REVALIDERING: 'Revalidering',
  CASH_BENEFIT: 'Kontanthjælp med jobsøgning',
  UNEMPLOYMENT_BENEFIT: 'A-dagpenge',
  PENSION: 'Folkepension eller efterløn',
  // In the words of the end reason it leads to (END_REASON_LABEL), so the two lists say the same.
  EMPLOYMENT: 'Beskæftigelse',
  EDUCATION: 'Uddannelse',
  OTHER: 'Andet',
};

registerEnumType(NextStep, {
  name: 'NextStep',
  description: 'Indsatsen efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).',
  valuesConfig: Object.fromEntries(Object.entries(NEXT_STEP_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});

/**
 * A decision under the employment legislation is taken by a caseworker of an employment
 * unit; a coordinator from another unit "kan ikke træffe afgørelse efter
 * beskæftigelseslovgivningen" (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1) and proposes instead.
 */
export enum NextStepStatus {
  PROPOSED = 'PROPOSED',
  DECIDED = 'DECIDED',
}

registerEnumType(NextStepStatus, {
  name: 'NextStepStatus',
  description: 'Om indsatsen efter forløbet er besluttet eller kun foreslået.',
  valuesConfig: {
    PROPOSED: { description: 'Foreslået (af en koordinator uden for beskæftigelse; en sagsbehandler fra beskæftigelse træffer beslutningen, STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).' },
    DECIDED: { description: 'Besluttet.' },
  },
});

@ObjectType({ description: 'Beslutning om indsatsen efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5, LAB §113, stk. 4): truffet før forløbet slutter.' })
export class NextStepDecision {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'Forløbet.' })
  programmeId: string;

  @Field(() => NextStep, { description: 'Hvad der skal ske efter forløbet.' })
  step: NextStep;

  @Field({ description: 'Betegnelse på dansk.' })
  stepLabel: string;

  @Field(() => NextStepStatus, { description: 'Besluttet eller kun foreslået.' })
  status: NextStepStatus;

  @Field({ description: 'Besluttet (eller foreslået) den (ÅÅÅÅ-MM-DD).' })
  decidedOn: string;

  @Field({ description: 'Bemærkning.' })
  note: string;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  version: number;

  decidedById: string | null;
}

@ObjectType({ description: 'En indsats efter forløbet, som loven ikke længere giver: den sidste dag, en beslutning kunne træffe den (fx nyt ressourceforløb til og med 31. januar 2026).' })
export class NextStepLastDay {
  @Field(() => NextStep, { description: 'Indsatsen.' })
  step: NextStep;

  @Field({ description: 'Sidste beslutningsdag (ÅÅÅÅ-MM-DD).' })
  lastDay: string;
}

@InputType({ description: 'Beslutning om indsatsen efter forløbet (kun koordinator).' })
export class DecideNextStepInput {
  @Field(() => ID, { description: 'Forløbet.' })
  @IsUUID('all', { message: 'Ukendt forløb.' })
  programmeId: string;

  @Field(() => NextStep, { description: 'Hvad der skal ske efter forløbet.' })
  @IsIn(Object.values(NextStep), { message: 'Ukendt beslutning.' })
  step: NextStep;

  @Field(() => String, { nullable: true, description: 'Besluttet den (ÅÅÅÅ-MM-DD); i dag, hvis tom.' })
  @IsOptional()
  @IsIsoDay()
  decidedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Bemærkning.' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true, message: `Bemærkningen må højst være ${TEXT_LIMITS.short} tegn.` })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'Versionen, der blev læst, når en beslutning ændres (tom første gang).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @BaseVersionField()
  baseVersion?: number | null;
}
