import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsIsoDay, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { CreateInterventionBase, Intervention, UpdateInterventionInput } from '../intervention';

/** The jobcenter's kinds of intervention (STAR’s vejledning om ressourceforløb 2020, afsnit 6.1 employment and education). */
export enum JobcenterKind {
  INTERNSHIP = 'INTERNSHIP',
  WAGE_SUBSIDY = 'WAGE_SUBSIDY',
  ORDINARY_HOURS = 'ORDINARY_HOURS',
  MENTOR_SUPPORT = 'MENTOR_SUPPORT',
  COURSE = 'COURSE',
  READING_TEACHING = 'READING_TEACHING',
  EDUCATION_GUIDANCE = 'EDUCATION_GUIDANCE',
}

export const JOBCENTER_KIND_LABEL: Record<JobcenterKind, string> = {
  INTERNSHIP: 'Virksomhedspraktik',
  WAGE_SUBSIDY: 'Løntilskudsjob',
  ORDINARY_HOURS: 'Ordinære løntimer',
  MENTOR_SUPPORT: 'Mentorstøtte',
  COURSE: 'Kursus',
  READING_TEACHING: 'Læse- og ordblindeundervisning',
  EDUCATION_GUIDANCE: 'Uddannelsesvejledning',
};

/** Why an internship is given: one of the three purposes of STAR’s vejledning om ressourceforløb 2020, afsnit 6.2. */
export enum InternshipPurpose {
  ORDINARY_HOURS = 'ORDINARY_HOURS',
  SKILLS = 'SKILLS',
  CLARIFY_JOB_GOAL = 'CLARIFY_JOB_GOAL',
}

/** The jobcenter's decision after the samtale with the sundhedskoordinator (LAB §113, stk. 3). */
export enum HealthTalkOutcome {
  ADJUSTED = 'ADJUSTED',
  MAINTAINED = 'MAINTAINED',
}

export const HEALTH_TALK_OUTCOME_LABEL: Record<HealthTalkOutcome, string> = {
  ADJUSTED: 'Tilbuddet tilpasses',
  MAINTAINED: 'Tilbuddet fastholdes',
};

registerEnumType(HealthTalkOutcome, {
  name: 'HealthTalkOutcome',
  description: 'Jobcenterets stillingtagen efter samtalen med sundhedskoordinator: om tilbuddet skal tilpasses (LAB §113, stk. 3).',
  valuesConfig: Object.fromEntries(Object.entries(HEALTH_TALK_OUTCOME_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});

registerEnumType(JobcenterKind, {
  name: 'JobcenterKind',
  description: 'Beskæftigelsesindsatsernes typer.',
  valuesConfig: Object.fromEntries(Object.entries(JOBCENTER_KIND_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});
registerEnumType(InternshipPurpose, {
  name: 'InternshipPurpose',
  description: 'Formål med virksomhedspraktik (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2).',
  valuesConfig: {
    ORDINARY_HOURS: { description: 'Opnå ordinære løntimer.' },
    SKILLS: { description: 'Optræning af specifikke kompetencer.' },
    CLARIFY_JOB_GOAL: { description: 'Afklaring af jobmål og kompetencer.' },
  },
});

@ObjectType({ implements: Intervention, description: 'Beskæftigelsesindsats (praktik, løntilskud, løntimer, kurser, vejledning).' })
export class JobcenterIntervention extends Intervention {
  @Field(() => String, { nullable: true, description: 'Virksomhed (praktiksted/arbejdsgiver).' })
  companyName: string | null;

  @Field(() => Float, { nullable: true, description: 'Timer om ugen.' })
  hoursPerWeek: number | null;

  @Field(() => InternshipPurpose, { nullable: true, description: 'Formål med praktikken (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2).' })
  internshipPurpose: InternshipPurpose | null;

  @Field(() => String, { nullable: true, description: 'Kursets navn (fx truckcertifikat).' })
  courseName: string | null;

  // The samtale with the sundhedskoordinator about this offer (LAB §113, stk. 3; health-talk.service.ts).
  // Each description's first words are its label in the plan's history.

  @Field(() => String, {
    nullable: true,
    description: 'Bad om samtale med sundhedskoordinator (dagen, borgeren bad om en samtale med sundhedskoordinator og koordinerende sagsbehandler om tilbuddet, fordi det ikke tager tilstrækkeligt hensyn til helbredet; LAB §113, stk. 3).',
  })
  healthTalkAskedOn: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Bedt om, før tilbuddet blev påbegyndt (så påbegyndes tilbuddet ikke, før jobcenteret har taget stilling til, om det skal tilpasses; LAB §113, stk. 3).',
  })
  healthTalkBeforeStart: boolean | null;

  @Field(() => String, { nullable: true, description: 'Jobcenteret tog stilling (dagen, jobcenteret tog stilling til, om tilbuddet skal tilpasses efter samtalen; LAB §113, stk. 3).' })
  healthTalkDecidedOn: string | null;

  @Field(() => HealthTalkOutcome, { nullable: true, description: 'Jobcenterets stillingtagen (om tilbuddet tilpasses eller fastholdes efter samtalen med sundhedskoordinator).' })
  healthTalkOutcome: HealthTalkOutcome | null;

  @Field(() => String, { nullable: true, description: 'Note til stillingtagen (jobcenterets note om, hvordan tilbuddet tilpasses, eller hvorfor det fastholdes).' })
  healthTalkDecisionNote: string | null;
}

const noteMsg = { message: `Noten må højst være ${TEXT_LIMITS.short} tegn.` };

@InputType({ description: 'Borgeren har bedt om en samtale med sundhedskoordinator om et beskæftigelsesrettet tilbud (LAB §113, stk. 3).' })
export class RecordHealthTalkRequestInput {
  @Field(() => ID, { description: 'Tilbuddet (beskæftigelsesindsatsen).' })
  id: string;

  @Field(() => Int, { description: 'Den version, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @Field({ description: 'Dagen, borgeren bad om samtalen (ikke frem i tiden).' })
  @IsIsoDay()
  askedOn: string;
}

@InputType({ description: 'Jobcenterets stillingtagen efter samtalen med sundhedskoordinator: om tilbuddet tilpasses (LAB §113, stk. 3).' })
export class RecordHealthTalkDecisionInput {
  @Field(() => ID, { description: 'Tilbuddet (beskæftigelsesindsatsen).' })
  id: string;

  @Field(() => Int, { description: 'Den version, du har læst.' })
  @IsInt()
  expectedVersion: number;

  @Field({ description: 'Dagen, jobcenteret tog stilling (ikke før borgeren bad om samtalen, ikke frem i tiden).' })
  @IsIsoDay()
  decidedOn: string;

  @Field(() => HealthTalkOutcome)
  outcome: HealthTalkOutcome;

  @Field(() => String, { nullable: true, description: 'Note (kan udelades).' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { ...noteMsg, trimmed: true })
  note?: string | null;
}

const hoursMsg = { message: 'Timer om ugen skal være mellem 0 og 37.' };

export const JOBCENTER_DETAIL_KEYS = ['companyName', 'hoursPerWeek', 'internshipPurpose', 'courseName'] as const;

/** A too long text names its limit, as the form's hint does ("Højst 200 tegn."). */
const companyNameTooLong = { message: 'Virksomhedens navn må højst være 200 tegn.' };
const courseNameTooLong = { message: 'Kursets navn må højst være 200 tegn.' };

@InputType({ description: 'Ny beskæftigelsesindsats.' })
export class CreateJobcenterInterventionInput extends CreateInterventionBase {
  @Field(() => JobcenterKind)
  kind: JobcenterKind;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, companyNameTooLong)
  companyName?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;

  @Field(() => InternshipPurpose, { nullable: true }) @IsOptional()
  internshipPurpose?: InternshipPurpose | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, courseNameTooLong)
  courseName?: string | null;
}

@InputType({ description: 'Ændring af en beskæftigelsesindsats (delvis, fælles og egne felter).' })
export class UpdateJobcenterInterventionInput extends UpdateInterventionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, companyNameTooLong)
  companyName?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;

  @Field(() => InternshipPurpose, { nullable: true }) @IsOptional()
  internshipPurpose?: InternshipPurpose | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxChars(200, courseNameTooLong)
  courseName?: string | null;
}
