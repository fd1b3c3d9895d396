import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Which rule a warning comes from (docs/domain.md rules 1–8, and those the later laws add).
 * Which rules apply to a programme is decided by its type and its law version (./law).
 */
export enum WarningRule {
  /** Rule 1 — indsatsgaranti (LAB §113, stk. 2, from lov nr. 1160 af 8. juni 2021): ressourceforløb under the 2022 rules. */
  INTERVENTION_GUARANTEE = 'INTERVENTION_GUARANTEE',
  /** Rule 7 — first samtale within a week of the rehabiliteringsteam's meeting: a recommendation (STAR’s vejledning om ressourceforløb 2020, afsnit 5.2). */
  FIRST_FOLLOW_UP = 'FIRST_FOLLOW_UP',
  /** Rule 2 — at least 4 samtaler in the first 6 months of a ressourceforløb (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5). */
  FOLLOW_UP_COUNT = 'FOLLOW_UP_COUNT',
  /** Rule 2 — a next samtale is always booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8). */
  NEXT_MEETING = 'NEXT_MEETING',
  /** The municipality's own follow-up cadence for its cross-disciplinary forløb (its own setting). */
  FOLLOW_UP_CADENCE = 'FOLLOW_UP_CADENCE',
  /** Rule 3 — the plan period runs out (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
  PLAN_PERIOD = 'PLAN_PERIOD',
  /** Rule 4 — programme length within the bounds of its law version (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; lov nr. 1160 af 8. juni 2021). */
  PROGRAMME_LENGTH = 'PROGRAMME_LENGTH',
  /** The programme's type cannot be granted under the rules of its decision date (e.g. a ressourceforløb decided from 1 February 2026). */
  NOT_GRANTABLE = 'NOT_GRANTABLE',
  /** Rule 5 — decision on what follows, before the programme ends (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). */
  NEXT_STEP_DECISION = 'NEXT_STEP_DECISION',
  /** Rule 6 — a mentor grant lasts up to 6 months; renewal is a new grant (STAR’s vejledning om ressourceforløb 2020, afsnit 7). */
  MENTOR_GRANT_ENDING = 'MENTOR_GRANT_ENDING',
  /** Rule 8 — an internship states its purpose (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2). */
  INTERNSHIP_PURPOSE = 'INTERNSHIP_PURPOSE',
  /** An intervention still open (planned, active or paused) after its end date (the plan is kept up to date, STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
  INTERVENTION_PAST_END = 'INTERVENTION_PAST_END',
  /** The citizen has had an employment offer, and no written guidance on the samtale with the sundhedskoordinator is recorded (LAB §113, stk. 3). */
  HEALTH_TALK_GUIDANCE = 'HEALTH_TALK_GUIDANCE',
  /** The citizen asked for the samtale with the sundhedskoordinator about an employment offer, and the jobcenter has not yet decided whether the offer is adjusted (LAB §113, stk. 3). */
  HEALTH_TALK_DECISION = 'HEALTH_TALK_DECISION',
  /** A third jobafklaringsforløb: as a rule a citizen has two (LAB kapitel 18). */
  JOBAFKLARING_COUNT = 'JOBAFKLARING_COUNT',
}

/** How urgent: INFO (a deadline ahead), WARNING (act now), OVERDUE (the deadline has passed). */
export enum WarningSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  OVERDUE = 'OVERDUE',
}

export const SEVERITY_RANK: Record<WarningSeverity, number> = { INFO: 1, WARNING: 2, OVERDUE: 3 };

/**
 * Who can do what a warning advises, by the right the action needs on the plan (plan-guard.ts):
 * a health caseworker on the team is not told to grant mentor support that only the jobcenter grants.
 */
export enum WarningActor {
  /** The coordinating caseworker: the plan period, registering samtaler, the programme's own facts (COORDINATE). */
  COORDINATOR = 'COORDINATOR',
  /** A decision under the employment legislation, such as mentor support (planPolicy.decide). */
  EMPLOYMENT_DECISION = 'EMPLOYMENT_DECISION',
  /** The decision on the forløb itself, its end and what follows (planPolicy.decideWhatFollows). */
  PROGRAMME_DECISION = 'PROGRAMME_DECISION',
  /** The unit that owns the intervention the warning is about (its subjectId; planPolicy.manageUnitWork). */
  INTERVENTION_UNIT = 'INTERVENTION_UNIT',
}

/** A part of a warning's message that advises an action: `act` to those who can take it (`who`), `others` to the rest. */
export interface WarningAdvice {
  who: readonly WarningActor[];
  act: string;
  others: string;
}

export type WarningPart = string | WarningAdvice;

registerEnumType(WarningRule, {
  name: 'WarningRule',
  description: 'Regel: the rule a warning comes from. Which rules apply depends on the programme type and its law version.',
  valuesConfig: {
    INTERVENTION_GUARANTEE: { description: 'Indsatsgaranti: et tilbud efter LAB kapitel 11, 12 eller 14, en indsats efter serviceloven eller en kommunal indsats efter sundhedsloven senest 6 måneder efter forløbets start; ellers forelægges sagen for rehabiliteringsteamet, medmindre særlige grunde taler imod (LAB §113, stk. 2; ressourceforløb efter reglerne fra 2022).' },
    FIRST_FOLLOW_UP: { description: 'Første samtale anbefales senest en uge efter mødet i rehabiliteringsteamet (STAR’s vejledning om ressourceforløb 2020, afsnit 5.2). En anbefaling.' },
    FOLLOW_UP_COUNT: { description: 'Mindst 4 samtaler i de første 6 måneder af et ressourceforløb (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' },
    NEXT_MEETING: { description: 'Næste samtale er altid aftalt (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8).' },
    FOLLOW_UP_CADENCE: { description: 'Kommunens egen ramme for, hvor ofte der holdes samtaler i et helhedsorienteret forløb.' },
    PLAN_PERIOD: { description: 'Planperioden udløber: planen fastsættes for mindst 6 måneder ad gangen eller til forløbets slutning (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).' },
    PROGRAMME_LENGTH: { description: 'Forløbets længde inden for rammen i de regler, der gælder for afgørelsen; barsel tæller ikke med (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; lov nr. 1160 af 8. juni 2021).' },
    NOT_GRANTABLE: { description: 'Forløbstypen kan ikke bevilges efter de regler, der gælder for afgørelsesdatoen (fx ressourceforløb fra 1. februar 2026, lov nr. 1750 af 29. december 2025).' },
    NEXT_STEP_DECISION: { description: 'Beslutning om indsatsen efter forløbet, før det slutter (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).' },
    MENTOR_GRANT_ENDING: { description: 'Mentorbevilling udløber; en ny periode er en ny bevilling på op til 6 måneder (STAR’s vejledning om ressourceforløb 2020, afsnit 7).' },
    INTERNSHIP_PURPOSE: { description: 'Virksomhedspraktik skal have et formål (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2).' },
    INTERVENTION_PAST_END: { description: 'En indsats står stadig som planlagt, aktiv eller sat på pause efter sin slutdato; planen skal opdateres løbende (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).' },
    HEALTH_TALK_GUIDANCE: { description: 'Vejledning om retten til en samtale med sundhedskoordinator og koordinerende sagsbehandler, senest med det første beskæftigelsesrettede tilbud (LAB §113, stk. 3; bekendtgørelse nr. 2409 af 13. december 2021, §2).' },
    HEALTH_TALK_DECISION: { description: 'Borgeren har bedt om en samtale med sundhedskoordinator om et beskæftigelsesrettet tilbud: jobcenteret tager stilling til, om tilbuddet skal tilpasses, og bedt om, før tilbuddet er påbegyndt, påbegyndes det ikke før da (LAB §113, stk. 3).' },
    JOBAFKLARING_COUNT: { description: 'Borgerens tredje (eller senere) jobafklaringsforløb: som udgangspunkt gives to (LAB kapitel 18).' },
  },
});

registerEnumType(WarningSeverity, {
  name: 'WarningSeverity',
  description: 'Alvor: INFO (frist forude), WARNING (handl nu), OVERDUE (fristen er overskredet).',
  valuesConfig: {
    INFO: { description: 'Til orientering (en frist nærmer sig).' },
    WARNING: { description: 'Handl nu (handl inden fristen).' },
    OVERDUE: { description: 'Overskredet (fristen er passeret).' },
  },
});

@ObjectType({ description: 'Advarsel: a deadline or requirement from the rules, with what to do about it.' })
export class Warning {
  @Field(() => WarningRule, { description: 'Regel (kode).' })
  rule: WarningRule;

  @Field(() => WarningSeverity, { description: 'Alvor.' })
  severity: WarningSeverity;

  @Field(() => String, { nullable: true, description: 'Frist (ÅÅÅÅ-MM-DD), når reglen har en.' })
  dueDate: string | null;

  @Field({ description: 'Besked på dansk: hvad er problemet, og hvad skal der gøres.' })
  message: string;

  @Field({ description: 'Kilde: reglens offentlige kilde (lov eller vejledning), fx "STAR’s vejledning om ressourceforløb 2020, afsnit 5.5".' })
  source: string;

  @Field(() => ID, { nullable: true, description: 'Indsatsen eller mentorbevillingen advarslen gælder, når den gælder én.' })
  subjectId: string | null;

  /**
   * Whether what the message advises is the reader's to do (warning-viewer.ts): false when every
   * advice in it is said as another's action ("Jobcenteret vurderer …"), so that the client does
   * not label as "Handl nu" what the reader cannot act on. A warning that advises nothing of
   * anyone in particular is for every reader.
   */
  @Field({ description: 'Til læseren: om rådet i beskeden er læserens at handle på. Falsk, når beskeden kun siger, hvem der gør det (fx "Jobcenteret vurderer …").' })
  forReader: boolean;

  /**
   * The message in its parts, when one of them advises an action (no field): `message` says each
   * advice as to those who can act (the form fingerprints were taken of before `facts`);
   * Programme.warnings says it as fits the reader (warning-viewer.ts).
   */
  parts?: readonly WarningPart[];

  /**
   * What the warning says apart from its wording (no field): the counts, days, titles and choices
   * its message is made from ("2 af 4 samtaler", the day a samtale was agreed for, the
   * intervention's title). The fingerprint is taken of these with the rule, severity, due date and
   * subject, never of the Danish text, so rewording a message changes no recorded set.
   */
  facts?: WarningFacts;

  /**
   * The unit that owns the intervention the warning is about (no field), from the programme's
   * facts: INTERVENTION_UNIT advice is said as a thing to do to its caseworkers (warning-viewer.ts)
   * without reading the intervention again.
   */
  unitId?: string | null;
}

/** A warning's facts by name: each a value its message shows (warning-rules.ts, fingerprint). */
export type WarningFacts = Readonly<Record<string, string | number | boolean | null>>;
