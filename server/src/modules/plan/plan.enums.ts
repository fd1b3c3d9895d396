import { registerEnumType } from 'type-graphql';

/** Forløbstype (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023). */
export enum ProgrammeType {
  RESSOURCEFORLOEB = 'RESSOURCEFORLOEB',
  JOBAFKLARINGSFORLOEB = 'JOBAFKLARINGSFORLOEB',
}

export enum ProgrammeStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

/** Afslutningsårsag (Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023). */
export enum EndReason {
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  FLEXJOB = 'FLEXJOB',
  FOERTIDSPENSION = 'FOERTIDSPENSION',
  MOVED = 'MOVED',
  OTHER = 'OTHER',
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
  },
});
registerEnumType(ProgrammeStatus, {
  name: 'ProgrammeStatus',
  description: 'Forløbets status.',
  valuesConfig: { ACTIVE: { description: 'Aktivt.' }, ENDED: { description: 'Afsluttet.' } },
});
registerEnumType(EndReason, {
  name: 'EndReason',
  description: 'Afslutningsårsag.',
  valuesConfig: {
    EMPLOYMENT: { description: 'Beskæftigelse.' },
    EDUCATION: { description: 'Uddannelse.' },
    FLEXJOB: { description: 'Fleksjob.' },
    FOERTIDSPENSION: { description: 'Førtidspension.' },
    MOVED: { description: 'Fraflyttet kommunen.' },
    OTHER: { description: 'Andet.' },
  },
});
registerEnumType(GoalKind, {
  name: 'GoalKind',
  description: 'Hvad beskæftigelses- eller uddannelsesmålet angiver.',
  valuesConfig: {
    JOB: { description: 'Et konkret job.' },
    SECTOR: { description: 'En branche eller jobfunktion.' },
    EDUCATION: { description: 'En uddannelse.' },
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
  valuesConfig: { ACTIVE: { description: 'Igang.' }, ACHIEVED: { description: 'Nået.' }, DROPPED: { description: 'Opgivet.' } },
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
    PHONE: { description: 'Telefon (muligt når borgeren er i et beskæftigelsestilbud, STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' },
    VIDEO: { description: 'Video.' },
  },
});
