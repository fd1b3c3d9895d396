import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Which rule of the source documents a warning comes from (docs/domain.md rules 1–8). */
export enum WarningRule {
  /** Rule 1 — indsatsgaranti (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8). */
  INTERVENTION_GUARANTEE = 'INTERVENTION_GUARANTEE',
  /** Rule 7 — first follow-up within a week (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8; STAR’s vejledning om ressourceforløb 2020, afsnit 5.2). */
  FIRST_FOLLOW_UP = 'FIRST_FOLLOW_UP',
  /** Rule 2 — at least 4 follow-up meetings in the first 6 months (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5). */
  FOLLOW_UP_COUNT = 'FOLLOW_UP_COUNT',
  /** Rule 2 — a next meeting is always booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8). */
  NEXT_MEETING = 'NEXT_MEETING',
  /** Rule 3 — the plan covers at least the next 6 months (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
  PLAN_PERIOD = 'PLAN_PERIOD',
  /** Rule 4 — programme length within the bounds of its type (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023). */
  PROGRAMME_LENGTH = 'PROGRAMME_LENGTH',
  /** Rule 5 — decision on what follows, before the programme ends (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). */
  NEXT_STEP_DECISION = 'NEXT_STEP_DECISION',
  /** Rule 6 — a mentor grant lasts at most 6 months; renewal is a new grant (STAR’s vejledning om ressourceforløb 2020, afsnit 7). */
  MENTOR_GRANT_ENDING = 'MENTOR_GRANT_ENDING',
  /** Rule 8 — an internship states its purpose (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2). */
  INTERNSHIP_PURPOSE = 'INTERNSHIP_PURPOSE',
}

/** How urgent: INFO (a deadline ahead), WARNING (act now), OVERDUE (the deadline has passed). */
export enum WarningSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  OVERDUE = 'OVERDUE',
}

export const SEVERITY_RANK: Record<WarningSeverity, number> = { INFO: 1, WARNING: 2, OVERDUE: 3 };

registerEnumType(WarningRule, {
  name: 'WarningRule',
  description: 'Regel: the rule of the source documents a warning comes from.',
  valuesConfig: {
    INTERVENTION_GUARANTEE: { description: 'Indsatsgaranti: en indsats skal være i gang inden for de første 6 måneder (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8).' },
    FIRST_FOLLOW_UP: { description: 'Første opfølgningssamtale senest en uge efter start (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8; STAR’s vejledning om ressourceforløb 2020, afsnit 5.2).' },
    FOLLOW_UP_COUNT: { description: 'Mindst 4 opfølgningssamtaler i de første 6 måneder (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' },
    NEXT_MEETING: { description: 'Næste samtale er altid aftalt (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8).' },
    PLAN_PERIOD: { description: 'Planen dækker mindst de næste 6 måneder (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).' },
    PROGRAMME_LENGTH: { description: 'Forløbets længde inden for rammen for forløbstypen (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023).' },
    NEXT_STEP_DECISION: { description: 'Beslutning om indsatsen efter forløbet, før det slutter (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).' },
    MENTOR_GRANT_ENDING: { description: 'Mentorbevilling udløber; en ny periode er en ny bevilling på højst 6 måneder (STAR’s vejledning om ressourceforløb 2020, afsnit 7).' },
    INTERNSHIP_PURPOSE: { description: 'Virksomhedspraktik skal have et formål (STAR’s vejledning om ressourceforløb 2020, afsnit 6.2).' },
  },
});

registerEnumType(WarningSeverity, {
  name: 'WarningSeverity',
  description: 'Alvor: INFO (frist forude), WARNING (handl nu), OVERDUE (fristen er overskredet).',
  valuesConfig: {
    INFO: { description: 'Til orientering: en frist nærmer sig.' },
    WARNING: { description: 'Advarsel: handl inden fristen.' },
    OVERDUE: { description: 'Overskredet: fristen er passeret.' },
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
}
