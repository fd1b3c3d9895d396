import { registerEnumType } from 'type-graphql';

/**
 * Forløbstype (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023).
 * Which types can be granted, and under which rules, depends on the law version of the
 * decision date (modules/rules/law): no new ressourceforløb from 1 February 2026 (lov nr.
 * 1750 af 29. december 2025); from then the municipality's own cross-disciplinary forløb.
 */
export enum ProgrammeType {
  RESSOURCEFORLOEB = 'RESSOURCEFORLOEB',
  JOBAFKLARINGSFORLOEB = 'JOBAFKLARINGSFORLOEB',
  /** The municipality's own cross-disciplinary forløb after the reform (lov nr. 1750 af 29. december 2025); its length and follow-up cadence are the municipality's own settings. */
  HELHEDSORIENTERET = 'HELHEDSORIENTERET',
}

export enum ProgrammeStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

/**
 * Afslutningsårsag (Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023).
 * Which reasons a programme type may end with is law (modules/rules/law): e.g. a
 * jobafklaringsforløb ends when the citizen is declared fit (FIT_FOR_WORK), and a new
 * ressourceforløb cannot follow from 1 February 2026.
 */
export enum EndReason {
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  FLEXJOB = 'FLEXJOB',
  LEDIGHEDSYDELSE = 'LEDIGHEDSYDELSE',
  FOERTIDSPENSION = 'FOERTIDSPENSION',
  RESSOURCEFORLOEB = 'RESSOURCEFORLOEB',
  /** The municipality's own cross-disciplinary forløb follows (from 1 February 2026, lov nr. 1750/2025). */
  HELHEDSORIENTERET = 'HELHEDSORIENTERET',
  /** A new jobafklaringsforløb follows (LAB kapitel 18). */
  JOBAFKLARINGSFORLOEB = 'JOBAFKLARINGSFORLOEB',
  /** Revalidering follows (decided by 31 January 2026; lov nr. 1750/2025 ended it for new decisions). */
  REVALIDERING = 'REVALIDERING',
  /** Kontanthjælp with job search follows. */
  CASH_BENEFIT = 'CASH_BENEFIT',
  UNEMPLOYMENT_BENEFIT = 'UNEMPLOYMENT_BENEFIT',
  FIT_FOR_WORK = 'FIT_FOR_WORK',
  PENSION = 'PENSION',
  DEATH = 'DEATH',
  MOVED = 'MOVED',
  OTHER = 'OTHER',
}

/** Why a programme is suspended: periods that do not count toward its length (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3). */
export enum SuspensionReason {
  BARSEL = 'BARSEL',
}

/** What the plan's overall goal names (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3): a concrete job, a sector/job function, or an education. */
export enum GoalKind {
  JOB = 'JOB',
  SECTOR = 'SECTOR',
  EDUCATION = 'EDUCATION',
}

registerEnumType(ProgrammeType, {
  name: 'ProgrammeType',
  description: 'Forløbstype.',
  valuesConfig: {
    RESSOURCEFORLOEB: { description: 'Ressourceforløb.' },
    JOBAFKLARINGSFORLOEB: { description: 'Jobafklaringsforløb.' },
    HELHEDSORIENTERET: { description: 'Helhedsorienteret forløb.' },
  },
});
registerEnumType(ProgrammeStatus, {
  name: 'ProgrammeStatus',
  description: 'Forløbets status.',
  valuesConfig: { ACTIVE: { description: 'Aktivt.' }, ENDED: { description: 'Afsluttet.' } },
});
/** Each end reason in Danish; the decision on what follows (NEXT_STEP_LABEL) says a step in the words of the reason it ends as. */
export const END_REASON_LABEL: Readonly<Record<EndReason, string>> = {
  EMPLOYMENT: 'Beskæftigelse',
  EDUCATION: 'Uddannelse',
  FLEXJOB: 'Fleksjob',
  LEDIGHEDSYDELSE: 'Ledighedsydelse',
  FOERTIDSPENSION: 'Førtidspension',
  RESSOURCEFORLOEB: 'Ressourceforløb',
  HELHEDSORIENTERET: 'Helhedsorienteret forløb',
  JOBAFKLARINGSFORLOEB: 'Nyt jobafklaringsforløb',
  REVALIDERING: 'Revalidering',
  CASH_BENEFIT: 'Kontanthjælp med jobsøgning',
  UNEMPLOYMENT_BENEFIT: 'A-dagpenge',
  FIT_FOR_WORK: 'Raskmeldt',
  PENSION: 'Folkepension eller efterløn',
  DEATH: 'Dødsfald',
  MOVED: 'Fraflyttet kommunen',
  OTHER: 'Andet',
};

registerEnumType(EndReason, {
  name: 'EndReason',
  description: 'Afslutningsårsag.',
  valuesConfig: Object.fromEntries(Object.entries(END_REASON_LABEL).map(([k, v]) => [k, { description: `${v}.` }])),
});
registerEnumType(SuspensionReason, {
  name: 'SuspensionReason',
  description: 'Hvorfor forløbet er suspenderet: perioder, der ikke tæller med i forløbets varighed.',
  valuesConfig: {
    BARSEL: { description: 'Graviditet, barsel eller adoption (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).' },
  },
});
registerEnumType(GoalKind, {
  name: 'GoalKind',
  description: 'Hvad beskæftigelses- eller uddannelsesmålet angiver.',
  valuesConfig: {
    JOB: { description: 'Konkret job.' },
    SECTOR: { description: 'Branche eller jobfunktion.' },
    EDUCATION: { description: 'Uddannelse.' },
  },
});

/** Indsatsområde of a sub-goal (STAR’s vejledning om ressourceforløb 2020, afsnit 6.1). */
export enum Area {
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  SOCIAL = 'SOCIAL',
  HEALTH = 'HEALTH',
}

export enum SubGoalStatus {
  ACTIVE = 'ACTIVE',
  ACHIEVED = 'ACHIEVED',
  DROPPED = 'DROPPED',
}

/** Progress is measured on a 1–5 scale or as a percentage (progressionsmåling, KL: Fra førtidspension til ressourceforløb, kap. 4). */
export enum ProgressScale {
  ONE_TO_FIVE = 'ONE_TO_FIVE',
  PERCENT = 'PERCENT',
}

export enum MeetingMode {
  IN_PERSON = 'IN_PERSON',
  PHONE = 'PHONE',
  VIDEO = 'VIDEO',
}

registerEnumType(Area, {
  name: 'Area',
  description: 'Indsatsområde.',
  valuesConfig: {
    EMPLOYMENT: { description: 'Beskæftigelse.' },
    EDUCATION: { description: 'Uddannelse.' },
    SOCIAL: { description: 'Socialt.' },
    HEALTH: { description: 'Helbred.' },
  },
});
registerEnumType(SubGoalStatus, {
  name: 'SubGoalStatus',
  description: 'Delmålets status.',
  valuesConfig: { ACTIVE: { description: 'I gang.' }, ACHIEVED: { description: 'Nået.' }, DROPPED: { description: 'Opgivet.' } },
});
registerEnumType(ProgressScale, {
  name: 'ProgressScale',
  description: 'Skala for progressionsmåling.',
  valuesConfig: { ONE_TO_FIVE: { description: '1–5.' }, PERCENT: { description: '0–100 %.' } },
});
registerEnumType(MeetingMode, {
  name: 'MeetingMode',
  description: 'Hvordan opfølgningssamtalen blev holdt.',
  valuesConfig: {
    IN_PERSON: { description: 'Fremmøde.' },
    PHONE: { description: 'Telefon (tæller som samtale: lov nr. 295 af 20. marts 2023 udvidede brugen af samtaler over telefon og video; før da kun når borgeren var i et beskæftigelsestilbud, STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' },
    VIDEO: { description: 'Video (tæller som samtale, lov nr. 295 af 20. marts 2023).' },
  },
});
