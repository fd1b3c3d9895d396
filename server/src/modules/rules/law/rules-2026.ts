import { LAW_VERSION_FIRST_DAYS, PROGRAMME_LENGTHS, RESSOURCEFORLOEB_ABOLISHED_MESSAGE } from '@samplan/schema';
import { EndReason } from '../../plan/plan.enums';
import {
  firstFollowUp, followUpCadence, internshipPurpose, interventionPastEnd, jobafklaringCount, mentorGrantEnding, nextMeeting, nextStepDecision,
  notGrantable, planPeriod, programmeLength, type LengthSpec,
} from '../checks';
import { NEXT_STEP_LABEL, NextStep } from '../next-step.types';
import { LawVersion, type LawRules } from './law-types';
import { asForRessourceforloeb, GUIDE_GE8, LAB_JOBAFKLARING, LOV_1750, OWN_FRAME, VEJLEDNING } from './sources';

/**
 * The reform: lov nr. 1750 af 29. december 2025, in force 1 February 2026.
 *  - no new ressourceforløb or revalidering (running ones finish under the rules that
 *    granted them, RULES_2013 / RULES_2022);
 *  - no requirement for a jobcenter or a rehabiliteringsteam: no next step needs the team;
 *  - long cross-disciplinary efforts are the municipality's own responsibility: the
 *    municipality's own forløb (HELHEDSORIENTERET), whose length and follow-up cadence are the
 *    municipality's own settings (none by default) and which records the citizen's consent
 *    to a joint plan across legal areas;
 *  - jobafklaringsforløb continue: up to 2 years at a time, as a rule two, ending when the
 *    citizen is declared fit.
 * A new main employment law is expected from 1 January 2027: a new module next to this one.
 */
// The refusal's words and the bounds are the shared ones (@samplan/schema), which "Nyt forløb" checks before sending.
const ABOLISHED = RESSOURCEFORLOEB_ABOLISHED_MESSAGE;
const JOBAFKLARING_LENGTH: LengthSpec = { ...PROGRAMME_LENGTHS.REFORM_2026.JOBAFKLARINGSFORLOEB!, source: LAB_JOBAFKLARING };
const OWN_LENGTH: LengthSpec = { ...PROGRAMME_LENGTHS.REFORM_2026.HELHEDSORIENTERET!, source: OWN_FRAME };

/** The checks every kind of forløb has; `cite` says each source for the kind (asForRessourceforloeb). */
function everyForloeb(cite: (source: string) => string = (source) => source) {
  return {
    booked: nextMeeting({ overdueAfterDays: 14, source: cite(`${VEJLEDNING('5.3 og 5.5')}; ${GUIDE_GE8}`) }),
    plan: planPeriod({ warnDays: 14, minMonths: null, source: cite(VEJLEDNING('5.3')) }),
    decision: nextStepDecision({ windowMonths: 1, teamWindowMonths: 3, labels: NEXT_STEP_LABEL, source: `${cite(VEJLEDNING('6.5'))}; ${LOV_1750}` }),
    mentor: mentorGrantEnding({ days: 14, source: cite(VEJLEDNING('7')) }),
    internship: internshipPurpose({ source: cite(VEJLEDNING('6.2')) }),
    pastEnd: interventionPastEnd({ source: cite(VEJLEDNING('5.3')) }),
  };
}
const running = everyForloeb();
const jobafklaring = everyForloeb((source) => asForRessourceforloeb(source));
const own = everyForloeb((source) => asForRessourceforloeb(source, OWN_FRAME));

export const REFORM_2026: LawRules = {
  version: LawVersion.REFORM_2026,
  effectiveFrom: LAW_VERSION_FIRST_DAYS.REFORM_2026,
  title: `Reglerne fra 1. februar 2026 (${LOV_1750})`,
  types: {
    RESSOURCEFORLOEB: {
      refusal: { rule: 'RESSOURCEFORLOEB_ABOLISHED', message: ABOLISHED, source: LOV_1750 },
      length: null,
      minPlanMonths: null,
      planPeriodSource: VEJLEDNING('5.3'),
      suspension: null,
      warnings: [notGrantable(ABOLISHED, LOV_1750), running.booked, running.plan, running.decision, running.mentor, running.internship, running.pastEnd],
    },
    JOBAFKLARINGSFORLOEB: {
      refusal: null,
      length: JOBAFKLARING_LENGTH,
      minPlanMonths: null,
      planPeriodSource: asForRessourceforloeb(VEJLEDNING('5.3')),
      suspension: null,
      // Where a team meeting is still held and recorded, the first samtale after it is recommended.
      warnings: [
        firstFollowUp({ days: 7, source: asForRessourceforloeb(VEJLEDNING('5.2')) }), jobafklaring.booked, jobafklaring.plan, programmeLength(JOBAFKLARING_LENGTH),
        jobafklaringCount({ asARule: 2, source: LAB_JOBAFKLARING }), jobafklaring.decision, jobafklaring.mentor, jobafklaring.internship, jobafklaring.pastEnd,
      ],
    },
    HELHEDSORIENTERET: {
      refusal: null,
      length: OWN_LENGTH,
      minPlanMonths: null,
      planPeriodSource: OWN_FRAME,
      suspension: null,
      // No length warning: the length is fixed in the decision, checked then against the
      // municipality's setting of the day, which may be lowered later for new forløb only.
      warnings: [own.booked, followUpCadence({ source: OWN_FRAME }), own.plan, own.decision, own.mentor, own.internship, own.pastEnd],
    },
  },
  nextSteps: {
    // No step "Ledighedsydelse": it is no decision of its own but what a citizen visiteret til fleksjob
    // receives until employed in one (lov om aktiv socialpolitik § 74 a), so the decision is "Fleksjob",
    // and the forløb may end with either reason.
    // A ressourceforløb has no step "A-dagpenge", as it has no such end reason (endReasons below; the end
    // reasons of a ressourceforløb after Faaborg-Midtfyns borgerpjece om ressourceforløb and målgruppeanalyse
    // af ressourceforløb og jobafklaringsforløb 2023).
    RESSOURCEFORLOEB: [NextStep.HELHEDSORIENTERET, NextStep.FLEXJOB, NextStep.FOERTIDSPENSION, NextStep.CASH_BENEFIT, NextStep.EMPLOYMENT, NextStep.EDUCATION, NextStep.PENSION, NextStep.OTHER],
    JOBAFKLARINGSFORLOEB: [
      NextStep.NEW_JOBAFKLARING, NextStep.HELHEDSORIENTERET, NextStep.FLEXJOB, NextStep.FOERTIDSPENSION, NextStep.UNEMPLOYMENT_BENEFIT,
      NextStep.CASH_BENEFIT, NextStep.EMPLOYMENT, NextStep.EDUCATION, NextStep.PENSION, NextStep.OTHER,
    ],
    HELHEDSORIENTERET: [
      NextStep.HELHEDSORIENTERET, NextStep.FLEXJOB, NextStep.FOERTIDSPENSION, NextStep.UNEMPLOYMENT_BENEFIT, NextStep.CASH_BENEFIT,
      NextStep.EMPLOYMENT, NextStep.EDUCATION, NextStep.PENSION, NextStep.OTHER,
    ],
  },
  teamSteps: [],
  endReasons: {
    // Each step that may follow (nextSteps above) has its end reason; revalidering only when decided before the reform (law-version.ts).
    RESSOURCEFORLOEB: [
      EndReason.EMPLOYMENT, EndReason.EDUCATION, EndReason.FLEXJOB, EndReason.LEDIGHEDSYDELSE, EndReason.FOERTIDSPENSION, EndReason.HELHEDSORIENTERET,
      EndReason.CASH_BENEFIT, EndReason.PENSION, EndReason.DEATH, EndReason.MOVED, EndReason.OTHER,
    ],
    JOBAFKLARINGSFORLOEB: [
      EndReason.FIT_FOR_WORK, EndReason.EMPLOYMENT, EndReason.EDUCATION, EndReason.FLEXJOB, EndReason.LEDIGHEDSYDELSE, EndReason.UNEMPLOYMENT_BENEFIT,
      EndReason.JOBAFKLARINGSFORLOEB, EndReason.FOERTIDSPENSION, EndReason.HELHEDSORIENTERET, EndReason.CASH_BENEFIT, EndReason.PENSION, EndReason.DEATH, EndReason.MOVED, EndReason.OTHER,
    ],
    HELHEDSORIENTERET: [
      EndReason.EMPLOYMENT, EndReason.EDUCATION, EndReason.FLEXJOB, EndReason.LEDIGHEDSYDELSE, EndReason.FOERTIDSPENSION, EndReason.HELHEDSORIENTERET, EndReason.UNEMPLOYMENT_BENEFIT,
      EndReason.CASH_BENEFIT, EndReason.PENSION, EndReason.DEATH, EndReason.MOVED, EndReason.OTHER,
    ],
  },
};
