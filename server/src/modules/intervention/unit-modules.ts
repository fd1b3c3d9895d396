import { UnitCode } from '../org/org.enums';

/**
 * What a unit module tells the shared intervention core about itself: the GraphQL type
 * that implements `Intervention` for its interventions, and its kinds with Danish labels.
 */
export interface UnitInterventionModule {
  unitCode: UnitCode;
  typeName: string;
  kinds: Record<string, string>;
  /** Kinds that count as company-based (virksomhedsrettet) in key figures. */
  companyBasedKinds?: string[];
}

const modules = new Map<UnitCode, UnitInterventionModule>();

export function registerUnitModule(m: UnitInterventionModule): void {
  modules.set(m.unitCode, m);
}

export function unitModuleFor(code: UnitCode): UnitInterventionModule {
  const m = modules.get(code);
  if (!m) throw new Error(`No intervention module registered for unit ${code}`);
  return m;
}

export function registeredUnitModules(): UnitInterventionModule[] {
  return [...modules.values()];
}
