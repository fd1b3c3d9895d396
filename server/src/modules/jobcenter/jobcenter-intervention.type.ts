import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, InputType, ObjectType, registerEnumType } from 'type-graphql';
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
}

const hoursMsg = { message: 'Timer om ugen skal være mellem 0 og 37.' };

export const JOBCENTER_DETAIL_KEYS = ['companyName', 'hoursPerWeek', 'internshipPurpose', 'courseName'] as const;

@InputType({ description: 'Ny beskæftigelsesindsats.' })
export class CreateJobcenterInterventionInput extends CreateInterventionBase {
  @Field(() => JobcenterKind)
  kind: JobcenterKind;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'Virksomhedens navn er for langt.' })
  companyName?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;

  @Field(() => InternshipPurpose, { nullable: true }) @IsOptional()
  internshipPurpose?: InternshipPurpose | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'Kursets navn er for langt.' })
  courseName?: string | null;
}

@InputType({ description: 'Ændring af en beskæftigelsesindsats (delvis, fælles og egne felter).' })
export class UpdateJobcenterInterventionInput extends UpdateInterventionInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'Virksomhedens navn er for langt.' })
  companyName?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, hoursMsg) @Max(37, hoursMsg)
  hoursPerWeek?: number | null;

  @Field(() => InternshipPurpose, { nullable: true }) @IsOptional()
  internshipPurpose?: InternshipPurpose | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'Kursets navn er for langt.' })
  courseName?: string | null;
}
