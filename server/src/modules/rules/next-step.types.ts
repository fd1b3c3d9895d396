import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TEXT_LIMITS } from '../../core/validation';

/** What follows a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5): the kinds of decision the guidance names. */
export enum NextStep {
  NEW_PROGRAMME = 'NEW_PROGRAMME',
  FLEXJOB = 'FLEXJOB',
  FOERTIDSPENSION = 'FOERTIDSPENSION',
  REVALIDERING = 'REVALIDERING',
  CASH_BENEFIT = 'CASH_BENEFIT',
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  OTHER = 'OTHER',
}

export const NEXT_STEP_LABEL: Record<NextStep, string> = {
  NEW_PROGRAMME: 'Nyt ressourceforløb',
  FLEXJOB: 'Fleksjob',
  FOERTIDSPENSION: 'Førtidspension',
  REVALIDERING: 'Revalidering',
  CASH_BENEFIT: 'Kontanthjælp med jobsøgning',
  EMPLOYMENT: 'Ordinær beskæftigelse',
  EDUCATION: 'Uddannelse',
  OTHER: 'Andet',
};

registerEnumType(NextStep, {
  name: 'NextStep',
  description: 'Indsatsen efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).',
  valuesConfig: Object.fromEntries(Object.entries(NEXT_STEP_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});

@ObjectType({ description: 'Beslutning om indsatsen efter forløbet (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5, LAB §113 stk. 2): truffet før forløbet slutter.' })
export class NextStepDecision {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'Forløbet.' })
  programmeId: string;

  @Field(() => NextStep, { description: 'Hvad der skal ske efter forløbet.' })
  step: NextStep;

  @Field({ description: 'Betegnelse på dansk.' })
  stepLabel: string;

  @Field({ description: 'Besluttet den (ÅÅÅÅ-MM-DD).' })
  decidedOn: string;

  @Field({ description: 'Bemærkning.' })
  note: string;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  version: number;

  decidedById: string | null;
}

const DAY = { strict: true, strictSeparator: true };

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
  @IsISO8601(DAY, { message: 'Skal være en dato (ÅÅÅÅ-MM-DD).' })
  decidedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Bemærkning.' })
  @IsOptional()
  @MaxLength(TEXT_LIMITS.short, { message: `Bemærkningen må højst være ${TEXT_LIMITS.short} tegn.` })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'Versionen, der blev læst, når en beslutning ændres (tom første gang).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
