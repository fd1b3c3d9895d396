import { Field, ID, Int, InterfaceType } from 'type-graphql';
import { UnitKind } from '../org/org.enums';
import { InterventionStatus } from './intervention.enums';
import { unitModuleFor } from './unit-modules';

/**
 * Indsats: an intervention in the shared plan, delivered and owned by one unit.
 * Each unit module implements it with a type of its own (JobcenterIntervention,
 * SocialIntervention, HealthIntervention) carrying that unit's facts.
 */
@InterfaceType({
  description: 'Indsats: an intervention delivered and owned by one unit (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).',
  resolveType: (value: { unitKind: UnitKind }) => unitModuleFor(value.unitKind).typeName,
})
export abstract class Intervention {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  version: number;

  @Field({ description: 'Titel, e.g. "Bostøtte".' })
  title: string;

  @Field({ description: 'Indsatstype (kode), e.g. INTERNSHIP or HOUSING_SUPPORT.' })
  kind: string;

  @Field({ description: 'Indsatstype på dansk, e.g. "Virksomhedspraktik".' })
  kindLabel: string;

  @Field(() => UnitKind, { description: 'Forvaltningen der leverer og ejer indsatsen.' })
  unitKind: UnitKind;

  @Field({ description: 'Kortsigtet mål.' })
  shortTermGoal: string;

  @Field(() => InterventionStatus, { description: 'Status.' })
  status: InterventionStatus;

  @Field(() => String, { nullable: true, description: 'Startdato.' })
  startDate: string | null;

  @Field(() => String, { nullable: true, description: 'Slutdato.' })
  endDate: string | null;

  @Field({ description: 'Noter (kun for forvaltninger på planen; aldrig for mentor).' })
  notes: string;

  @Field(() => String, {
    nullable: true,
    description: 'Begrundelse (hvorfor indsatsen er afsluttet eller annulleret, skrevet af den forvaltning, der ejer den; kun mens den er det).',
  })
  endReason: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Sat på pause den (den dag, status blev sat til Sat på pause, mens den er det; ordinære løntimer tæller i nøgletallene ikke med fra den dag).',
  })
  pausedOn: string | null;

  @Field({ description: 'Senest ændret.' })
  updatedAt: Date;

  /** Not a field: resolved to `updatedBy: User` by the interface's field resolver. */
  updatedById: string | null;

  /** Not a field: resolved to `unit: Unit`. */
  unitId: string;

  /** Not a field: guards reads. */
  municipalityId: string;
}

/** The samtale with the sundhedskoordinator about an employment offer, as stored (LAB §113, stk. 3). */
export interface HealthTalkColumns {
  healthTalkAskedOn?: string | null;
  healthTalkBeforeStart?: boolean | null;
  healthTalkDecidedOn?: string | null;
  healthTalkOutcome?: string | null;
  healthTalkDecisionNote?: string | null;
}

/**
 * The request for a samtale with the sundhedskoordinator and the jobcenter's decision after it:
 * columns of every intervention, facts of an employment offer only (JobcenterIntervention's
 * fields), so another unit's record keeps its shape.
 */
function healthTalkOf(r: { unitKind: UnitKind } & HealthTalkColumns): HealthTalkColumns {
  if (r.unitKind !== UnitKind.EMPLOYMENT) return {};
  return {
    healthTalkAskedOn: r.healthTalkAskedOn ?? null,
    healthTalkBeforeStart: r.healthTalkBeforeStart ?? null,
    healthTalkDecidedOn: r.healthTalkDecidedOn ?? null,
    healthTalkOutcome: r.healthTalkOutcome ?? null,
    healthTalkDecisionNote: r.healthTalkDecisionNote ?? null,
  };
}

/** The API shape of a stored intervention: shared columns plus the unit's own details. */
export function toIntervention(r: {
  id: string; planId: string; version: number; title: string; kind: string; unitKind: UnitKind; unitId: string; municipalityId: string;
  shortTermGoal: string; status: InterventionStatus; startDate: string | null; endDate: string | null; notes: string;
  endReason: string | null; pausedOn: string | null; updatedAt: Date; updatedById: string | null; details: Record<string, unknown>;
} & HealthTalkColumns): Intervention {
  const unitModule = unitModuleFor(r.unitKind);
  return {
    ...r.details,
    ...healthTalkOf(r),
    id: r.id,
    planId: r.planId,
    version: r.version,
    title: r.title,
    kind: r.kind,
    kindLabel: unitModule.kinds[r.kind] ?? r.kind,
    unitKind: r.unitKind,
    unitId: r.unitId,
    municipalityId: r.municipalityId,
    shortTermGoal: r.shortTermGoal,
    status: r.status,
    startDate: r.startDate,
    endDate: r.endDate,
    notes: r.notes,
    endReason: r.endReason,
    pausedOn: r.pausedOn,
    updatedAt: r.updatedAt,
    updatedById: r.updatedById,
  };
}
