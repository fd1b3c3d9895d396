import { ArrayMaxSize, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsFilledText, IsIsoDay, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { BaseVersionField } from '../../core/db/versioned-update';

/**
 * A task's time, in whole minutes: from 1 to a whole day (the table's CHECK holds the same
 * bounds). One rule for a task logged and for one corrected, in the same words and with the
 * same code (BAD_USER_INPUT at `minutes`): the choices of "Tid" end at a working day of 8
 * hours, and a longer task, logged or corrected, is typed under "Anden tid", which the client
 * checks in these words before it sends (client/src/modules/mentor/minutes.ts).
 */
export const TASK_MINUTES = { min: 1, max: 1440 } as const;
export const TASK_MINUTES_TOO_FEW = 'Mindst 1 minut.';
export const TASK_MINUTES_TOO_MANY = `Højst 24 timer (${TASK_MINUTES.max} minutter).`;

/** The rule above, on each input that sets a task's time. */
function TaskMinutes(): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(TASK_MINUTES.min, { message: TASK_MINUTES_TOO_FEW })(target, key);
    Max(TASK_MINUTES.max, { message: TASK_MINUTES_TOO_MANY })(target, key);
  };
}

@InputType({ description: 'Ny mentorbevilling (højst 6 måneder, STAR’s vejledning om ressourceforløb 2020, afsnit 7).' })
export class CreateMentorGrantInput {
  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field(() => ID, { description: 'Mentoren (en bruger med rollen mentor).' })
  @IsUUID('all', { message: 'Ukendt mentor.' })
  mentorId: string;

  @Field({ description: 'Formål.' })
  @IsFilledText(TEXT_LIMITS.short, { subject: 'Formålet' })
  purpose: string;

  @Field(() => [String], { description: 'Mål i prioriteret rækkefølge, fx "komme op om morgenen og møde i praktikken".' })
  @ArrayMaxSize(10, { message: 'Højst 10 mål.' })
  @IsFilledText(TEXT_LIMITS.title, { each: true, subject: 'Et mål' })
  goals: string[];

  @Field(() => [String], { defaultValue: [], description: 'Fokusområder: mindst ét (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8); uden afvises bevillingen.' })
  @ArrayMaxSize(10, { message: 'Højst 10 fokusområder.' })
  @IsFilledText(TEXT_LIMITS.title, { each: true, subject: 'Et fokusområde' })
  focusAreas: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Delmål mentor skal kende.' })
  @ArrayMaxSize(50, { message: 'Højst 50 delmål.' })
  @IsUUID('all', { each: true, message: 'Ukendt delmål.' })
  subGoalIds: string[];

  @Field({ description: 'Start.' })
  @IsIsoDay()
  startDate: string;

  @Field({ description: 'Slut.' })
  @IsIsoDay()
  endDate: string;

  @Field(() => ID, { nullable: true, description: 'Forlængelse af denne bevilling (en ny bevilling).' })
  @IsOptional()
  @IsUUID('all', { message: 'Ukendt bevilling.' })
  previousGrantId?: string | null;
}

@InputType({ description: 'Log en mentoropgave.' })
export class LogMentorTaskInput {
  @Field(() => ID)
  grantId: string;

  @Field({ description: 'Dato.' })
  @IsIsoDay()
  date: string;

  @Field(() => Int, { description: 'Minutter.' })
  @TaskMinutes()
  minutes: number;

  @Field({ description: 'Hvad.' })
  @IsFilledText(TEXT_LIMITS.title, { subject: 'Titlen' })
  title: string;

  @Field({ defaultValue: '' })
  @MaxChars(TEXT_LIMITS.long, { message: `Noten må højst være ${TEXT_LIMITS.long} tegn.` })
  note: string;

  @Field({ defaultValue: '' })
  @MaxChars(TEXT_LIMITS.short, { message: `»Hvordan gik det?« må højst være ${TEXT_LIMITS.short} tegn.` })
  outcome: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true, message: `Næste skridt må højst være ${TEXT_LIMITS.short} tegn.` })
  nextStep?: string | null;
}

@InputType({ description: 'Ret en af mine mentoropgaver.' })
export class UpdateMentorTaskInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Dato: inden for bevillingen og ikke efter i dag, som når opgaven logges.' })
  @IsOptional()
  @IsIsoDay()
  date?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @TaskMinutes()
  minutes?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.title, { subject: 'Titlen' })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.long, { trimmed: true })
  note?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true })
  outcome?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true })
  nextStep?: string | null;
}

/** endMentorGrant's arguments: a class, so that type-graphql validates the day like any input. */
@ArgsType()
export class EndMentorGrantArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIsoDay()
  endDate?: string | null;
}

/** removeMentorTask's arguments: the entry and the version the mentor read. */
@ArgsType()
export class RemoveMentorTaskArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  @IsInt()
  expectedVersion: number;
}
