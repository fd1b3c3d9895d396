import { LAW_VERSION_FIRST_DAYS, OWN_PROGRAMME_NOT_IN_FORCE_MESSAGE, PLAN_PERIOD_MIN_MONTHS, PROGRAMME_LENGTHS } from '@samplan/schema';
import { EndReason } from '../../plan/plan.enums';
import {
  firstFollowUp, followUpCadence, followUpCount, internshipPurpose, interventionPastEnd, jobafklaringCount, mentorGrantEnding,
  nextMeeting, nextStepDecision, planPeriod, programmeLength, type LengthSpec,
} from '../checks';
import { NEXT_STEP_LABEL, NextStep } from '../next-step.types';
import { LawVersion, type LawRules } from './law-types';
import { asForRessourceforloeb, GUIDE_GE8, LAB_JOBAFKLARING, LOV_1750, VEJLEDNING } from './sources';

/**
 * The 2013 rules (reform of førtidspension og fleksjob, in force 1 January 2013) as STAR’s vejledning om ressourceforløb 2020
 * describes them; they govern programmes decided until 31 December 2021.
 *  - a ressourceforløb lasts 1 to 5 years at a time (afsnit 6.3); barsel does not count;
 *  - at least 4 samtaler in the first 6 months of a ressourceforløb (afsnit 5.5);
 *  - the plan is set for at least 6 months at a time (afsnit 5.3);
 *  - no indsatsgaranti yet (it came with lov nr. 1160 af 8. juni 2021).
 * Jobafklaringsforløb: up to 2 years at a time; as a rule two. The rules that apply to a
 * jobafklaringsforløb are those of the plan and of samtaler being booked, the first samtale after the team
 * meeting, the decision on what follows, mentor grants and internships — not the 4-in-6
 * count nor the 6-month plan minimum, which the vejledning sets for ressourceforløb.
 */
// The bounds are the shared table's (@samplan/schema), which "Nyt forløb" checks before sending.
const RESSOURCEFORLOEB_LENGTH: LengthSpec = { ...PROGRAMME_LENGTHS.RULES_2013.RESSOURCEFORLOEB!, source: VEJLEDNING('6.3') };
const JOBAFKLARING_LENGTH: LengthSpec = { ...PROGRAMME_LENGTHS.RULES_2013.JOBAFKLARINGSFORLOEB!, source: LAB_JOBAFKLARING };

/** The checks every kind of forløb has; `cite` says each source for the kind (asForRessourceforloeb). */
function everyForloeb(cite: (source: string) => string = (source) => source) {
  return {
    booked: nextMeeting({ overdueAfterDays: 14, source: cite(`${VEJLEDNING('5.3 og 5.5')}; ${GUIDE_GE8}`) }),
    afterTeam: firstFollowUp({ days: 7, source: cite(VEJLEDNING('5.2')) }),
    plan: planPeriod({ warnDays: 14, minMonths: null, source: cite(VEJLEDNING('5.3')) }),
    decision: nextStepDecision({ windowMonths: 1, teamWindowMonths: 3, labels: NEXT_STEP_LABEL, source: cite(VEJLEDNING('6.5')) }),
    mentor: mentorGrantEnding({ days: 14, source: cite(VEJLEDNING('7')) }),
    internship: internshipPurpose({ source: cite(VEJLEDNING('6.2')) }),
    pastEnd: interventionPastEnd({ source: cite(VEJLEDNING('5.3')) }),
  };
}
const { booked, afterTeam, decision, mentor, internship, pastEnd } = everyForloeb();
const jobafklaring = everyForloeb((source) => asForRessourceforloeb(source));

export const RULES_2013: LawRules = {
  version: LawVersion.RULES_2013,
  effectiveFrom: LAW_VERSION_FIRST_DAYS.RULES_2013,
  title: 'Reglerne fra 2013 (reformen af førtidspension og fleksjob)',
  types: {
    RESSOURCEFORLOEB: {
      refusal: null,
      length: RESSOURCEFORLOEB_LENGTH,
      minPlanMonths: PLAN_PERIOD_MIN_MONTHS.RULES_2013.RESSOURCEFORLOEB,
      planPeriodSource: VEJLEDNING('5.3'),
      suspension: { source: VEJLEDNING('6.3') },
      warnings: [
        afterTeam,
        followUpCount({ required: 4, graceDays: 7, shownForDays: 30, source: VEJLEDNING('5.5') }),
        booked,
        planPeriod({ warnDays: 14, minMonths: 6, source: VEJLEDNING('5.3') }),
        programmeLength(RESSOURCEFORLOEB_LENGTH),
        decision, mentor, internship, pastEnd,
      ],
    },
    JOBAFKLARINGSFORLOEB: {
      refusal: null,
      length: JOBAFKLARING_LENGTH,
      minPlanMonths: null,
      planPeriodSource: asForRessourceforloeb(VEJLEDNING('5.3')),
      suspension: null,
      warnings: [
        jobafklaring.afterTeam, jobafklaring.booked, jobafklaring.plan,
        programmeLength(JOBAFKLARING_LENGTH),
        jobafklaringCount({ asARule: 2, source: LAB_JOBAFKLARING }),
        jobafklaring.decision, jobafklaring.mentor, jobafklaring.internship, jobafklaring.pastEnd,
      ],
    },
    HELHEDSORIENTERET: {
      refusal: {
        rule: 'PROGRAMME_TYPE_NOT_IN_FORCE',
        message: OWN_PROGRAMME_NOT_IN_FORCE_MESSAGE,
        source: LOV_1750,
      },
      length: null,
      minPlanMonths: null,
      planPeriodSource: VEJLEDNING('5.3'),
      suspension: null,
      warnings: [booked, followUpCadence({ source: LOV_1750 }), planPeriod({ warnDays: 14, minMonths: null, source: VEJLEDNING('5.3') }), decision, mentor, internship, pastEnd],
    },
  },
  nextSteps: {
    // No step "Ledighedsydelse": it is no decision of its own but what a citizen visiteret til fleksjob
    // receives until employed in one (lov om aktiv socialpolitik § 74 a), so the decision is "Fleksjob",
    // and the forløb may end with either reason.
    RESSOURCEFORLOEB: [NextStep.NEW_PROGRAMME, NextStep.FLEXJOB, NextStep.FOERTIDSPENSION, NextStep.REVALIDERING, NextStep.CASH_BENEFIT, NextStep.EMPLOYMENT, NextStep.EDUCATION, NextStep.PENSION, NextStep.OTHER],
    JOBAFKLARINGSFORLOEB: [
      NextStep.NEW_JOBAFKLARING, NextStep.RESSOURCEFORLOEB, NextStep.FLEXJOB, NextStep.FOERTIDSPENSION, NextStep.REVALIDERING, NextStep.UNEMPLOYMENT_BENEFIT,
      NextStep.CASH_BENEFIT, NextStep.EMPLOYMENT, NextStep.EDUCATION, NextStep.PENSION, NextStep.OTHER,
    ],
    HELHEDSORIENTERET: [],
  },
  // Sager om ressourceforløb, jobafklaringsforløb, fleksjob og førtidspension went before the rehabiliteringsteam (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3 og 6.5).
  teamSteps: [NextStep.NEW_PROGRAMME, NextStep.RESSOURCEFORLOEB, NextStep.NEW_JOBAFKLARING, NextStep.FLEXJOB, NextStep.FOERTIDSPENSION],
  endReasons: {
    // Each step that may follow (nextSteps above) has its end reason.
    RESSOURCEFORLOEB: [
      EndReason.EMPLOYMENT, EndReason.EDUCATION, EndReason.FLEXJOB, EndReason.LEDIGHEDSYDELSE, EndReason.FOERTIDSPENSION, EndReason.RESSOURCEFORLOEB,
      EndReason.REVALIDERING, EndReason.CASH_BENEFIT, EndReason.PENSION, EndReason.DEATH, EndReason.MOVED, EndReason.OTHER,
    ],
    JOBAFKLARINGSFORLOEB: [
      EndReason.FIT_FOR_WORK, EndReason.EMPLOYMENT, EndReason.EDUCATION, EndReason.FLEXJOB, EndReason.LEDIGHEDSYDELSE, EndReason.UNEMPLOYMENT_BENEFIT,
      EndReason.JOBAFKLARINGSFORLOEB, EndReason.RESSOURCEFORLOEB, EndReason.FOERTIDSPENSION, EndReason.REVALIDERING, EndReason.CASH_BENEFIT,
      EndReason.PENSION, EndReason.DEATH, EndReason.MOVED, EndReason.OTHER,
    ],
    HELHEDSORIENTERET: [],
  },
};
