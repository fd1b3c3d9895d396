import { EXTENSION_REASON_MAX, FOLLOW_UP_PARTICIPANTS_MAX, REGISTERED_IN_ERROR_REASON_MAX } from '@samplan/schema';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsFilledText, IsInstant, IsIsoDay, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { Area, EndReason, GoalKind, MeetingMode, ProgressScale, ProgrammeType, SubGoalStatus } from './plan.enums';
import { BaseVersionField } from '../../core/db/versioned-update';

const required = (what: string) => ({ subject: what });

@InputType({ description: 'Nyt forløb med plan, team og koordinator (den der opretter).' })
export class CreateProgrammeInput {
  @Field(() => ID, { description: 'Borgeren.' })
  @IsUUID('all', { message: 'Ukendt borger.' })
  citizenId: string;

  @Field(() => ProgrammeType, { description: 'Forløbstype.' })
  type: ProgrammeType;

  @Field({ description: 'Afgørelsesdato: den dag forløbet blev besluttet; den afgør, hvilke regler der gælder (ÅÅÅÅ-MM-DD).' })
  @IsIsoDay()
  decisionDate: string;

  @Field({ description: 'Startdato.' })
  @IsIsoDay()
  startDate: string;

  @Field({ description: 'Slutdato til og med (fastsat i afgørelsen; kan ikke forlænges).' })
  @IsIsoDay()
  endDate: string;

  @Field(() => String, { nullable: true, description: 'Dato for mødet i rehabiliteringsteamet, når der var et.' })
  @IsOptional()
  @IsIsoDay()
  teamMeetingDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Helhedsorienteret forløb (påkrævet): dagen, borgeren gav samtykke til en fælles plan på tværs af lovområder.' })
  @IsOptional()
  @IsIsoDay()
  jointPlanConsentOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Ressourceforløb efter reglerne fra 2022: borgeren ønsker selv forløbet, så aldersreglerne ikke står i vejen (fra 40 år højst 5 år i alt, fra 50 år ét forløb, under 6 år til folkepension intet; lov nr. 1160 af 8. juni 2021).' })
  @IsOptional()
  @IsBoolean()
  citizenRequested?: boolean | null;

  @Field({ description: 'Beskæftigelses- eller uddannelsesmål.' })
  @IsFilledText(TEXT_LIMITS.short, required('Målet'))
  employmentGoal: string;

  @Field(() => GoalKind, { description: 'Hvad målet angiver.' })
  goalKind: GoalKind;

  @Field({ description: 'Planperiodens slut: for et ressourceforløb mindst 6 måneder frem eller til forløbets slutning (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).' })
  @IsIsoDay()
  planPeriodEnd: string;

  @Field(() => [ID], { description: 'Enhederne på planen, ved id (koordinatorens egen tilføjes altid; ikke lukkede enheder).' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'Ukendt enhed.' })
  teamUnits: string[];
}

@InputType({ description: 'Ændring af et forløb. Et ressourceforløbs eller jobafklaringsforløbs slutdato kan kun flyttes tidligere; kun en suspension (barsel) flytter den senere (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3). Et helhedsorienteret forløbs slutdato flyttes begge veje inden for kommunens ramme (lov nr. 1750 af 29. december 2025).' })
export class UpdateProgrammeInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Den version, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Ny slutdato (tidligere end den nuværende; for et helhedsorienteret forløb også senere, inden for kommunens længste varighed). Sendt med endReason: dagen, forløbet afsluttes pr., tidligst dets første dag.' })
  @IsOptional()
  @IsIsoDay()
  endDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Begrundelse for forlængelsen af et helhedsorienteret forløb (en senere slutdato): skal gives, når kommunen ikke har fastsat en længste varighed; står i planens historik. Højst ${EXTENSION_REASON_MAX} tegn.`,
  })
  // Its length, and whether it is asked, are the service's (extensionReasonProblem, checkLaterEnd), in the form's words.
  @IsOptional()
  extensionReason?: string | null;

  @Field(() => EndReason, { nullable: true, description: 'Afslut forløbet med denne årsag (kræver en beslutning om indsatsen efter forløbet, undtagen ved dødsfald og fraflytning).' })
  @IsOptional()
  endReason?: EndReason | null;

  @Field(() => String, { nullable: true, description: 'Dato for mødet i rehabiliteringsteamet.' })
  @IsOptional()
  @IsIsoDay()
  teamMeetingDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Indsatsgaranti: dagen, sagen blev forelagt rehabiliteringsteamet (LAB §113, stk. 2).' })
  @IsOptional()
  @IsIsoDay()
  guaranteeTeamDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Dagen, borgeren skriftligt blev vejledt om retten til en samtale med sundhedskoordinator og koordinerende sagsbehandler (LAB §113, stk. 3; bekendtgørelse nr. 2409 af 13. december 2021, §2).' })
  @IsOptional()
  @IsIsoDay()
  healthTalkGuidedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Indsatsgaranti: de særlige grunde, der taler imod at forelægge sagen for rehabiliteringsteamet (LAB §113, stk. 2).' })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.short, required('De særlige grunde'))
  guaranteeSpecialReasons?: string | null;
}

@InputType({ description: 'Ændring af planen (kun koordinator).' })
export class UpdatePlanInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Den version, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Beskæftigelses- eller uddannelsesmål.' })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.short, required('Målet'))
  employmentGoal?: string | null;

  @Field(() => GoalKind, { nullable: true })
  @IsOptional()
  goalKind?: GoalKind | null;

  @Field(() => String, { nullable: true, description: 'Planperiodens start.' })
  @IsOptional()
  @IsIsoDay()
  periodStart?: string | null;

  @Field(() => String, { nullable: true, description: 'Planperiodens slut.' })
  @IsOptional()
  @IsIsoDay()
  periodEnd?: string | null;
}

@InputType({ description: 'Skift af koordinerende sagsbehandler (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).' })
export class ReassignCoordinatorInput {
  @Field(() => ID, { description: 'Forløbet.' })
  programmeId: string;

  @Field(() => ID, { description: 'Den nye koordinator.' })
  @IsUUID('all', { message: 'Ukendt bruger.' })
  userId: string;

  @Field({ description: 'Begrundelse.' })
  @IsFilledText(TEXT_LIMITS.short, required('Begrundelsen'))
  reason: string;

  @Field({ description: 'Borgeren er hørt før skiftet.' })
  citizenConsulted: boolean;
}

@InputType({ description: 'Nyt delmål.' })
export class CreateSubGoalInput {
  @Field(() => ID)
  planId: string;

  @Field(() => Area)
  area: Area;

  @Field({ description: 'Delmålet.' })
  @IsFilledText(TEXT_LIMITS.short, required('Delmålet'))
  text: string;

  @Field({ description: 'Begrundelse.' })
  @IsFilledText(TEXT_LIMITS.long, required('Begrundelsen'))
  reason: string;
}

@InputType({ description: 'Ændring af et delmål.' })
export class UpdateSubGoalInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.short, required('Delmålet'))
  text?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFilledText(TEXT_LIMITS.long, required('Begrundelsen'))
  reason?: string | null;

  @Field(() => SubGoalStatus, { nullable: true })
  @IsOptional()
  status?: SubGoalStatus | null;
}

@InputType({ description: 'Progressionsmåling på et delmål.' })
export class RecordProgressInput {
  @Field(() => ID)
  subGoalId: string;

  @Field({ description: 'Målt den.' })
  @IsIsoDay()
  measuredOn: string;

  @Field(() => ProgressScale)
  scale: ProgressScale;

  @Field(() => Int, { description: '1–5 eller 0–100.' })
  @IsInt()
  @Min(0, { message: 'Værdien skal være mindst 0.' })
  @Max(100, { message: 'Værdien må højst være 100.' })
  value: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.long, { trimmed: true, message: `Kommentaren må højst være ${TEXT_LIMITS.long} tegn.` })
  comment?: string | null;
}

@InputType({ description: 'En afholdt opfølgningssamtale; næste samtale skal være aftalt (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' })
export class RecordFollowUpInput {
  @Field(() => ID)
  planId: string;

  @Field({ description: 'Afholdt.' })
  @IsInstant('Skal være et tidspunkt.')
  heldAt: string;

  @Field(() => MeetingMode)
  @IsIn(Object.values(MeetingMode))
  mode: MeetingMode;

  @Field(() => [String], { description: 'Deltagere.' })
  @ArrayMaxSize(FOLLOW_UP_PARTICIPANTS_MAX, { message: `Højst ${FOLLOW_UP_PARTICIPANTS_MAX} deltagere.` })
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, each: true, message: `Et deltagernavn må højst være ${TEXT_LIMITS.title} tegn.` })
  participants: string[];

  @Field({ description: 'Resumé.' })
  @IsFilledText(TEXT_LIMITS.long, required('Resuméet'))
  summary: string;

  @Field({ description: 'Næste samtale (skal være aftalt).' })
  @IsInstant('Næste samtale skal være et tidspunkt.')
  nextMeetingAt: string;

  @Field({ defaultValue: false, description: 'Del med mentor.' })
  sharedWithMentor: boolean;
}

@InputType({ description: 'Markér et forløb som registreret ved en fejl, eller tag markeringen tilbage: begrundelsen står i planens historik og i adgangsloggen.' })
export class ProgrammeCorrectionInput {
  @Field(() => ID, { description: 'Forløbet.' })
  id: string;

  @Field(() => Int, { description: 'Den version, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @Field({ description: `Begrundelse (1–${REGISTERED_IN_ERROR_REASON_MAX} tegn).` })
  // Its length is the service's (registeredInErrorReasonProblem), in the form's words, at the field.
  reason: string;
}
