import { addDays, LAW_VERSION_FIRST_DAYS, lawVersionOn, type LawVersionName } from '@samplan/schema';
import { registerEnumType } from 'type-graphql';
import { EndReason, type ProgrammeType } from '../../plan/plan.enums';
import { NextStep } from '../next-step.types';
import { LawVersion, type LawRules, type TypeLaw } from './law-types';
import { RULES_2013 } from './rules-2013';
import { RULES_2022 } from './rules-2022';
import { REFORM_2026 } from './rules-2026';

export { LawVersion, type LawRules, type Refusal, type TypeLaw } from './law-types';

/** Every law version, oldest first. A new law is a new module appended here. */
export const LAW_VERSIONS: readonly LawRules[] = [RULES_2013, RULES_2022, REFORM_2026];

registerEnumType(LawVersion, {
  name: 'LawVersion',
  description: 'Lovgrundlag: de regler, der gælder for forløbet, valgt ud fra afgørelsesdatoen. Et igangværende forløb afsluttes efter de regler, det blev bevilget efter.',
  valuesConfig: {
    RULES_2013: { description: 'Reglerne fra 2013 (reformen af førtidspension og fleksjob): afgørelser til og med 31. december 2021.' },
    RULES_2022: { description: 'Reglerne fra 1. januar 2022 (lov nr. 1160 af 8. juni 2021, bedre ressourceforløb): afgørelser fra 1. januar 2022 til og med 31. januar 2026.' },
    REFORM_2026: { description: 'Reglerne fra 1. februar 2026 (lov nr. 1750 af 29. december 2025): afgørelser fra 1. februar 2026.' },
  },
});

// The shared table of first days names exactly the versions of the enum (a compile-time check).
const FIRST_DAY_OF: Record<LawVersion, string> = LAW_VERSION_FIRST_DAYS;
const ENUM_NAMES: Record<LawVersionName, LawVersion> = LawVersion;
void FIRST_DAY_OF;
void ENUM_NAMES;

/** The version in force on a day: the last one whose first day is on or before it (the first version covers anything earlier). */
export function lawInForce(day: string): LawRules {
  return lawRules(lawVersionOn(day));
}

/** The law version that governs a programme with this decision date (afgørelsesdato). */
export function lawVersionFor(decisionDate: string): LawVersion {
  return lawInForce(decisionDate).version;
}

export function lawRules(version: LawVersion | string): LawRules {
  const found = LAW_VERSIONS.find((v) => v.version === version);
  if (!found) throw new Error(`Unknown law version ${version}`);
  return found;
}

/** What the programme's own law version says about its type. */
export function typeLaw(version: LawVersion | string, type: ProgrammeType | string): TypeLaw {
  return lawRules(version).types[type as ProgrammeType];
}

/**
 * Whether a programme of this type, granted under `version`, runs on under a transition rule on
 * `day`: the law in force that day grants no new programme of its type, while the law it was
 * granted under did. A ressourceforløb decided before 1 February 2026 is finished under the rules
 * it was granted under (lov nr. 1750 af 29. december 2025, the transition rule). The one place the
 * rule is decided: the staff's programme and the citizen's Min plan both read it from here.
 */
export function underTransitionRule(type: ProgrammeType | string, version: LawVersion | string, day: string): boolean {
  const grantedThen = typeLaw(version, type)?.refusal == null;
  const grantedOnDay = lawInForce(day).types[type as ProgrammeType]?.refusal == null;
  return grantedThen && !grantedOnDay;
}

/** Next steps that can be decided on `day` for a programme of this type. */
export function nextStepsOn(type: ProgrammeType | string, day: string): readonly NextStep[] {
  return lawInForce(day).nextSteps[type as ProgrammeType] ?? [];
}

/** End reasons that can be recorded on `day` for a programme of this type. */
export function endReasonsOn(type: ProgrammeType | string, day: string): readonly EndReason[] {
  return lawInForce(day).endReasons[type as ProgrammeType] ?? [];
}

/** Next steps that need the rehabiliteringsteam under the law in force on `day`. */
export function teamStepsOn(day: string): readonly NextStep[] {
  return lawInForce(day).teamSteps;
}

/** A decided next step whose end reason is named otherwise. */
export const STEP_ENDS_AS: Readonly<Record<string, EndReason>> = { [NextStep.NEW_PROGRAMME]: EndReason.RESSOURCEFORLOEB, [NextStep.NEW_JOBAFKLARING]: EndReason.JOBAFKLARINGSFORLOEB };

/**
 * The end reasons a programme may be ended with today: those the law in force today has for
 * its type, and the one matching the step decided to follow it, when the law on the day of
 * that decision had it — a jobafklaringsforløb whose municipality decided in January 2026
 * that a ressourceforløb follows ends "to a ressourceforløb" also after 1 February (lov nr.
 * 1750/2025 stops only ressourceforløb decided from that day).
 */
export function endReasonsFor(type: ProgrammeType | string, today: string, decided?: { step: string; decidedOn: string } | null): readonly EndReason[] {
  const now = endReasonsOn(type, today);
  if (!decided) return now;
  // "Nyt ressourceforløb" follows a ressourceforløb: it ends "to a ressourceforløb".
  const reason = STEP_ENDS_AS[decided.step] ?? decided.step;
  const then = endReasonsOn(type, decided.decidedOn).filter((r) => r === reason && !now.includes(r));
  return [...now, ...then];
}

/**
 * The next steps a decision dated any day from `from` to `to` may take for this type: those
 * of every law in force in between, in the order of the first. A decision is checked against
 * the law on its own day (next-step.service.ts); the form offers all of these, so a decision
 * taken before a reform and recorded after it can be entered.
 */
export function nextStepsBetween(type: ProgrammeType | string, from: string, to: string): readonly NextStep[] {
  const days = [from, ...Object.values(LAW_VERSION_FIRST_DAYS).filter((first) => first > from && first <= to)];
  const steps: NextStep[] = [];
  for (const day of days) for (const step of nextStepsOn(type, day)) if (!steps.includes(step)) steps.push(step);
  return steps;
}

/**
 * The steps of nextStepsBetween that the law in force on `to` no longer offers, each with the
 * last day a decision could take it: a ressourceforløb decided before 1 February 2026 shows
 * "Nyt ressourceforløb" and "Revalidering" as offered until 31 January 2026 (lov nr. 1750 af
 * 29. december 2025), so the form can say so and a later date is refused in those words.
 */
export function nextStepLastDays(type: ProgrammeType | string, from: string, to: string): Array<{ step: NextStep; lastDay: string }> {
  const firsts = Object.values(LAW_VERSION_FIRST_DAYS).filter((first) => first > from && first <= to).sort();
  const days = [from, ...firsts];
  const offeredNow = nextStepsOn(type, to);
  const last = new Map<NextStep, string>();
  days.forEach((day, i) => {
    const until = i + 1 < days.length ? addDays(days[i + 1], -1) : to;
    for (const step of nextStepsOn(type, day)) last.set(step, until);
  });
  return nextStepsBetween(type, from, to).filter((step) => !offeredNow.includes(step)).map((step) => ({ step, lastDay: last.get(step)! }));
}
