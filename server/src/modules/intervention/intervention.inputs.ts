import { charCount, INTERVENTION_END_REASON_MAX, tooLongMessage } from '@samplan/schema';
import { ArrayMaxSize, IsInt, IsOptional, IsUUID, ValidateBy, type ValidationArguments } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsFilledText, IsInstant, IsIsoDay, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { ActivityStatus, InterventionStatus } from './intervention.enums';
import { BaseVersionField } from '../../core/db/versioned-update';

const titleMsg = { subject: 'Titlen' };

/**
 * The reason for an end or annulment, at most so long as stored: trimmed, as the service stores
 * it, and counted as MaxChars counts (the words and count of `interventionEndReasonProblem`).
 * Whether the status asks for one, or allows one, is the service's rule: it depends on the
 * status the intervention has after the change.
 */
function IsEndReason(): PropertyDecorator {
  const message = ({ value }: ValidationArguments) => tooLongMessage('Begrundelsen', INTERVENTION_END_REASON_MAX, String(value).trim());
  const validate = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && charCount(value.trim()) <= INTERVENTION_END_REASON_MAX);
  return ValidateBy({ name: 'isEndReason', validator: { validate, defaultMessage: message } }, { message });
}

const END_REASON = `Begrundelse, når indsatsen sættes til Afsluttet (kan udelades) eller Annulleret (skal udfyldes); højst ${INTERVENTION_END_REASON_MAX} tegn.`;

/** What every unit's create input shares; each unit module extends it with its own kind and facts. */
@InputType('NewInterventionCommonInput', { description: 'Fælles felter for en ny indsats; hver forvaltnings egen input-type udvider dem.' })
export abstract class CreateInterventionBase {
  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field({ description: 'Titel.' })
  @IsFilledText(TEXT_LIMITS.title, titleMsg)
  title: string;

  @Field({ defaultValue: '', description: 'Kortsigtet mål.' })
  @MaxChars(TEXT_LIMITS.short, { trimmed: true, message: `Det kortsigtede mål må højst være ${TEXT_LIMITS.short} tegn.` })
  shortTermGoal: string;

  @Field(() => InterventionStatus, { defaultValue: InterventionStatus.PLANNED })
  status: InterventionStatus;

  @Field(() => String, { nullable: true, description: 'Startdato.' })
  @IsOptional()
  @IsIsoDay()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Slutdato.' })
  @IsOptional()
  @IsIsoDay()
  endDate?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Delmål indsatsen understøtter.' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'Ukendt delmål.' })
  subGoalIds: string[];

  @Field({ defaultValue: '', description: 'Noter (kun forvaltninger på planen).' })
  @MaxChars(TEXT_LIMITS.long, { message: `Noterne må højst være ${TEXT_LIMITS.long} tegn.` })
  notes: string;

  @Field(() => String, { nullable: true, description: END_REASON })
  @IsEndReason()
  endReason?: string | null;
}

@InputType({ description: 'Fælles ændring af en indsats (delvis): kun felter der sendes, ændres.' })
export class UpdateInterventionInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Den version, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.title, titleMsg)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true, message: `Det kortsigtede mål må højst være ${TEXT_LIMITS.short} tegn.` })
  shortTermGoal?: string | null;

  @Field(() => InterventionStatus, { nullable: true })
  @IsOptional()
  status?: InterventionStatus | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIsoDay()
  startDate?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIsoDay()
  endDate?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'Ukendt delmål.' })
  subGoalIds?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.long, { message: `Noterne må højst være ${TEXT_LIMITS.long} tegn.` })
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `${END_REASON} Sendes den med en status, der hverken er Afsluttet eller Annulleret, afvises den; en indsats, der sættes i gang igen, mister sin begrundelse.`,
  })
  @IsEndReason()
  endReason?: string | null;
}

/** Where an activity takes place: stored trimmed, an empty text as none (activity.service.ts). */
const PLACE = `Sted, fx adresse eller lokale; højst ${TEXT_LIMITS.title} tegn.`;
const PLACE_TOO_LONG = `Stedet må højst være ${TEXT_LIMITS.title} tegn.`;
const ASSIGNEE_TOO_LONG = `Navnet på den ansvarlige må højst være ${TEXT_LIMITS.title} tegn.`;

@InputType({ description: 'Ny aktivitet i en indsats.' })
export class CreateActivityInput {
  @Field(() => ID)
  interventionId: string;

  @Field()
  @IsFilledText(TEXT_LIMITS.title, titleMsg)
  title: string;

  @Field({ description: 'Tidspunkt / frist.' })
  @IsInstant('Skal være et tidspunkt.')
  dueAt: string;

  @Field({ defaultValue: '' })
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: ASSIGNEE_TOO_LONG })
  assignee: string;

  @Field(() => String, { nullable: true, description: PLACE })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: PLACE_TOO_LONG })
  place?: string | null;

  @Field({ defaultValue: '' })
  @MaxChars(TEXT_LIMITS.long, { message: `Noterne må højst være ${TEXT_LIMITS.long} tegn.` })
  notes: string;
}

@InputType({ description: 'Ændring af en aktivitet (delvis).' })
export class UpdateActivityInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.title, titleMsg)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsInstant('Skal være et tidspunkt.')
  dueAt?: string | null;

  @Field(() => ActivityStatus, { nullable: true })
  @IsOptional()
  status?: ActivityStatus | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: ASSIGNEE_TOO_LONG })
  assignee?: string | null;

  @Field(() => String, { nullable: true, description: `${PLACE} Tom tekst fjerner stedet.` })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: PLACE_TOO_LONG })
  place?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.long, { message: `Noterne må højst være ${TEXT_LIMITS.long} tegn.` })
  notes?: string | null;
}
