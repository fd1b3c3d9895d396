import type { ClassType } from 'type-graphql';
import { UnitKind } from '../org/org.enums';

/**
 * What a unit module tells the shared intervention core about itself: the GraphQL type
 * that implements `Intervention` for its interventions, and its kinds with Danish labels.
 */
export interface UnitInterventionModule {
  unitKind: UnitKind;
  typeName: string;
  /** The type-graphql class named `typeName`: a live event's `record` can be one (PlanRecord). */
  objectType: ClassType;
  kinds: Record<string, string>;
  /** Kinds that count as company-based (virksomhedsrettet) in key figures. */
  companyBasedKinds?: string[];
  /** Kinds granted for a limited period at a time: a longer period is refused, a renewal is a new intervention. */
  periodLimits?: Record<string, PeriodLimit>;
  /**
   * The module's own rule on an intervention as written, within the write, so a refusal rolls it
   * back. `sent` tells the fields the caller set (every one at creation): a rule judged only when
   * its fields are set leaves one stored before it editable otherwise. A problem is refused at its field.
   */
  writtenProblem?: (written: WrittenIntervention, sent: (field: string) => boolean) => { field: string; message: string } | null;
}

/** An intervention as it is written: its kind, status and the unit's own facts. */
export interface WrittenIntervention {
  kind: string;
  status: string;
  details: Record<string, unknown>;
}

/** "At most `months` months at a time": the end on or before start + `months` months − 1 day. */
export interface PeriodLimit {
  months: number;
  /** The rule code of the refusal (RULE_VIOLATION). */
  rule: string;
  /** What is granted, in Danish, as the refusal starts ("Mentorstøtte"). */
  what: string;
  source: string;
}

const modules = new Map<UnitKind, UnitInterventionModule>();

export function registerUnitModule(m: UnitInterventionModule): void {
  modules.set(m.unitKind, m);
}

export function unitModuleFor(code: UnitKind): UnitInterventionModule {
  const m = modules.get(code);
  if (!m) throw new Error(`No intervention module registered for unit ${code}`);
  return m;
}

export function registeredUnitModules(): UnitInterventionModule[] {
  return [...modules.values()];
}
