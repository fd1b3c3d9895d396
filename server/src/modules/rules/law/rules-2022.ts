import { AGE_RULES_APPLY, LAW_VERSION_FIRST_DAYS, PLAN_PERIOD_MIN_MONTHS, PROGRAMME_LENGTHS } from '@samplan/schema';
import {
  firstFollowUp, followUpCount, healthTalkDecision, healthTalkGuidance, internshipPurpose, interventionGuarantee, interventionPastEnd, mentorGrantEnding, nextMeeting, nextStepDecision,
  planPeriod, programmeLength, type LengthSpec,
} from '../checks';
import { NEXT_STEP_LABEL } from '../next-step.types';
import { LawVersion, type HealthTalkSpec, type LawRules } from './law-types';
import { RULES_2013 } from './rules-2013';
import { BEK_2409, GUIDE_GE8, LOV_1160, VEJLEDNING } from './sources';

/**
 * The 2022 rules: lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb), in force 1 January 2022; they govern programmes
 * decided until 31 January 2026, and those finish under them.
 *  - a ressourceforløb lasts 1 to 3 years at a time; barsel does not count (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3);
 *  - the indsatsgaranti (LAB §113, stk. 2): unless the citizen has begun "et tilbud efter
 *    kapitel 11, 12 eller 14, en indsats efter lov om social service eller en kommunal
 *    indsats efter sundhedsloven senest 6 måneder efter, at ressourceforløbet er påbegyndt",
 *    the case goes before the rehabiliteringsteam, unless "særlige grunde" apply;
 *  - the decision on what follows moved to LAB §113, stk. 4;
 *  - otherwise as the 2013 rules (samtaler, plan period, mentor, internships, jobafklaringsforløb,
 *    next steps and end reasons): this module amends RULES_2013 as the law amended LAB.
 *  - the age rules, when one is granted (age-rules.ts): from 40 at most 5 years in all, from
 *    50 one forløb, less than 6 years to folkepension none (LAB §112, stk. 3), each unless the
 *    citizen wants it;
 *  - the right to a joint samtale with the region's sundhedskoordinator (LAB §113, stk. 3):
 *    the citizen is told of it in writing at the latest with the first concrete employment
 *    offer (bekendtgørelse nr. 2409 af 13. december 2021, §2), warned about until recorded; a
 *    citizen who asks for it about an offer before the offer has begun does not begin it until
 *    the jobcenter has decided whether it is adjusted (refused as HEALTH_TALK_PENDING), and an
 *    offer waiting for that decision is warned about (HEALTH_TALK_DECISION).
 *  - the right to a personal jobformidler (LAB §113 a): recorded on the programme by the jobcenter
 *    (jobcenter/job-facilitator.service.ts), where `jobFacilitator` says it applies.
 */
const RESSOURCEFORLOEB_LENGTH: LengthSpec = { ...PROGRAMME_LENGTHS.RULES_2022.RESSOURCEFORLOEB!, source: `${LOV_1160}; ${VEJLEDNING('6.3')}` };

/**
 * What counts for the indsatsgaranti, by unit and kind. LAB kapitel 11 (vejledning og
 * opkvalificering: courses, reading and dyslexia teaching, education guidance), kapitel 12
 * (virksomhedspraktik) and kapitel 14 (løntilskud); measures under lov om social service
 * (not family support, under barnets lov since 2024 — see below — nor a "social mentor": mentor support is
 * LAB kapitel 26); the municipality's measures under sundhedsloven (not psychiatric
 * treatment, which the region gives). Ordinary paid hours and mentor support are no offer
 * under kapitel 11, 12 or 14.
 */
export const GUARANTEE_QUALIFYING: Readonly<Record<string, readonly string[]>> = {
  EMPLOYMENT: ['COURSE', 'READING_TEACHING', 'EDUCATION_GUIDANCE', 'INTERNSHIP', 'WAGE_SUBSIDY'],
  SOCIAL: ['HOUSING_SUPPORT', 'SUPPORT_CONTACT', 'ADDICTION_TREATMENT', 'DEBT_COUNSELLING', 'ESCORT', 'TEMPORARY_HOUSING'],
  HEALTH: ['PHYSICAL_TRAINING', 'PHYSIOTHERAPY', 'PSYCHOLOGIST', 'COPING_COURSE', 'MINDFULNESS', 'DIET_GUIDANCE', 'REHABILITATION'],
};

/**
 * Kinds that counted while they were given under lov om social service, by the last day they
 * were, as `unit:kind`: family support was a measure under serviceloven (§ 52) until barnets
 * lov (lov nr. 721 af 13. juni 2023) took it over on 1 January 2024. One begun by then counts.
 */
export const GUARANTEE_QUALIFYING_UNTIL: Readonly<Record<string, string>> = {
  'SOCIAL:FAMILY_SUPPORT': '2023-12-31',
};

/**
 * The employment offers the samtale with the sundhedskoordinator concerns: the offers under LAB
 * kapitel 11, 12 and 14 that count for the indsatsgaranti (courses, teaching, education
 * guidance, an internship, wage subsidy). The written guidance comes with the first of them.
 */
const HEALTH_TALK: HealthTalkSpec = { offers: GUARANTEE_QUALIFYING.EMPLOYMENT, source: `LAB §113, stk. 3 (${LOV_1160})` };

export const RULES_2022: LawRules = {
  ...RULES_2013,
  version: LawVersion.RULES_2022,
  effectiveFrom: LAW_VERSION_FIRST_DAYS.RULES_2022,
  title: `Reglerne fra 1. januar 2022 (${LOV_1160})`,
  types: {
    ...RULES_2013.types,
    RESSOURCEFORLOEB: {
      refusal: null,
      ageRules: AGE_RULES_APPLY.RULES_2022.RESSOURCEFORLOEB,
      length: RESSOURCEFORLOEB_LENGTH,
      minPlanMonths: PLAN_PERIOD_MIN_MONTHS.RULES_2022.RESSOURCEFORLOEB,
      planPeriodSource: VEJLEDNING('5.3'),
      suspension: { source: VEJLEDNING('6.3') },
      healthTalk: HEALTH_TALK,
      jobFacilitator: { source: `LAB §113 a (${LOV_1160})` },
      warnings: [
        interventionGuarantee({ qualifying: GUARANTEE_QUALIFYING, qualifyingUntil: GUARANTEE_QUALIFYING_UNTIL, warnDays: 30, source: `LAB §113, stk. 2 (${LOV_1160})` }),
        firstFollowUp({ days: 7, source: VEJLEDNING('5.2') }),
        followUpCount({ required: 4, graceDays: 7, shownForDays: 30, source: VEJLEDNING('5.5') }),
        nextMeeting({ overdueAfterDays: 14, source: `${VEJLEDNING('5.3 og 5.5')}; ${GUIDE_GE8}` }),
        planPeriod({ warnDays: 14, minMonths: 6, source: VEJLEDNING('5.3') }),
        programmeLength(RESSOURCEFORLOEB_LENGTH),
        nextStepDecision({ windowMonths: 1, teamWindowMonths: 3, labels: NEXT_STEP_LABEL, source: `LAB §113, stk. 4; ${VEJLEDNING('6.5')}` }),
        mentorGrantEnding({ days: 14, source: VEJLEDNING('7') }),
        internshipPurpose({ source: VEJLEDNING('6.2') }),
        interventionPastEnd({ source: VEJLEDNING('5.3') }),
        healthTalkGuidance({ offers: HEALTH_TALK.offers, source: `${HEALTH_TALK.source}; ${BEK_2409}` }),
        healthTalkDecision(HEALTH_TALK),
      ],
    },
  },
};
