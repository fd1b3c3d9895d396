import type { EndReason, ProgrammeType } from '../../plan/plan.enums';
import type { NextStep } from '../next-step.types';
import type { LengthSpec, RuleFn } from '../checks';

/**
 * The law version that governs a programme, chosen from its decision date (afgørelsesdato).
 * A running programme finishes under the rules that granted it.
 */
export enum LawVersion {
  /** Reform of førtidspension og fleksjob (from 1 January 2013) until 31 December 2021; STAR’s vejledning om ressourceforløb 2020 describes these rules. */
  RULES_2013 = 'RULES_2013',
  /** Lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb), in force 1 January 2022 until 31 January 2026. */
  RULES_2022 = 'RULES_2022',
  /** Lov nr. 1750 af 29. december 2025 (reform of the employment effort), in force from 1 February 2026. */
  REFORM_2026 = 'REFORM_2026',
}

/** Why a type cannot be granted under a law version (answered as RULE_VIOLATION). */
export interface Refusal {
  rule: string;
  message: string;
  source: string;
}

/** What one law version says about one programme type. */
export interface TypeLaw {
  /** Set when programmes of this type cannot be granted with a decision date under this version. */
  refusal: Refusal | null;
  /** Length bounds, checked when the programme is created and warned about after. */
  length: LengthSpec | null;
  /** The plan period covers at least this many months when set, or runs to the programme's end (null: no minimum). */
  minPlanMonths: number | null;
  planPeriodSource: string;
  /** Whether suspension periods (barsel) can be recorded and do not count toward the length. */
  suspension: { source: string } | null;
  /** The deadline rules that apply, in the order they are evaluated. */
  warnings: readonly RuleFn[];
  /** Whether the age rules of the 2022 ressourceforløb hold when one is granted (age-rules.ts). */
  ageRules?: boolean;
  /**
   * The right to a samtale with the region's sundhedskoordinator about an employment offer that
   * does not take enough account of the citizen's health (LAB §113, stk. 3), where the type has it
   * under this version: the offers it concerns (the jobcenter's kinds), and the source to cite.
   */
  healthTalk?: HealthTalkSpec;
  /**
   * The citizen's right to a personal jobformidler (LAB §113 a), where the type has it under
   * this version: the source to cite.
   */
  jobFacilitator?: { source: string };
}

/** Which employment offers the samtale with the sundhedskoordinator concerns (LAB §113, stk. 3). */
export interface HealthTalkSpec {
  /** The jobcenter's intervention kinds that are employment offers (beskæftigelsesrettede tilbud). */
  offers: readonly string[];
  source: string;
}

/**
 * One law version: the rules that govern programmes decided while it was in force, and what
 * may be decided while it is in force (next steps, end reasons, which steps need the
 * rehabiliteringsteam). Each version is its own module; a new law is a new module added to
 * the list in law-version.ts, and no older one changes.
 */
export interface LawRules {
  version: LawVersion;
  /** First decision day governed by this version ('YYYY-MM-DD'); it lasts until the next version's first day. */
  effectiveFrom: string;
  /** Danish name, with the law that made it. */
  title: string;
  types: Readonly<Record<ProgrammeType, TypeLaw>>;
  /** Next steps that can be decided while this version is in force, per programme type. */
  nextSteps: Readonly<Record<ProgrammeType, readonly NextStep[]>>;
  /** Next steps that need the case put before the rehabiliteringsteam while this version is in force. */
  teamSteps: readonly NextStep[];
  /** End reasons that can be recorded while this version is in force, per programme type. */
  endReasons: Readonly<Record<ProgrammeType, readonly EndReason[]>>;
}
