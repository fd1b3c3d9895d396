import type { EntityManager } from 'typeorm';
import { addDays, daysBetween, formatDanishDate, latestSuspensionEnd, suspensionTooLongMessage } from '@samplan/schema';
import DataLoader from 'dataloader';
import { IsInt, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { BaseVersionField, updateVersionedChange } from '../../core/db/versioned-update';
import { diffRecords } from '../../core/events/field-changes';
import { badInput, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { IsIsoDay, isKeptDay, MaxChars, TEXT_LIMITS, YEARS_MESSAGE } from '../../core/validation';
import { dk } from '../rules/checks';
import { typeLaw } from '../rules/law/law-version';
import { OWN_FRAME } from '../rules/law/sources';
import { COORDINATE, guardPlan, refuseUnseen } from './plan-guard';
import { actorLabel, camelRow, writeInPlan, type ChangeOutcome } from './plan-write';
import { ProgrammeStatus, ProgrammeType, SuspensionReason } from './plan.enums';
import { Programme } from './programme.entity';
import { fitToEarlierEnd } from './earlier-end';
import { keepPrepared } from '../../core/db/statement-batch';

/**
 * Suspension periods: "En periode med barsel tæller ikke med i opgørelsen af
 * ressourceforløbets varighed" (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3). Recording one moves the programme's end date later
 * by the period's days — the only way an end date moves later — in one audited,
 * versioned write with its event.
 */
@ObjectType({ description: 'Suspension: en periode (fx barsel), der ikke tæller med i forløbets varighed; den flyttede slutdatoen.' })
export class ProgrammeSuspension {
  @Field(() => ID)
  id: string;

  @Field(() => SuspensionReason, { description: 'Årsag.' })
  reason: SuspensionReason;

  @Field({ description: 'Fra og med (ÅÅÅÅ-MM-DD).' })
  fromDate: string;

  @Field({ description: 'Til og med (ÅÅÅÅ-MM-DD).' })
  toDate: string;

  @Field(() => Int, { description: 'Dage, slutdatoen blev flyttet.' })
  days: number;

  @Field({ description: 'Bemærkning.' })
  note: string;

  @Field({ description: 'Registreret.' })
  createdAt: Date;

  createdById: string | null;
}

/** A change of the programme's periods is a versioned write of the programme (its end date moves). */
@InputType({ description: 'Forløbets version, som ændringen bygger på.' })
abstract class ProgrammeVersionRead {
  @Field(() => Int, { description: 'Forløbets version, som du har læst.' })
  @IsInt()
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;
}

@InputType({ description: 'En periode, der ikke tæller med i forløbets varighed (kun koordinator).' })
export class AddProgrammeSuspensionInput extends ProgrammeVersionRead {
  @Field(() => ID, { description: 'Forløbet.' })
  @IsUUID('all', { message: 'Ukendt forløb.' })
  programmeId: string;

  @Field(() => SuspensionReason, { description: 'Årsag.' })
  reason: SuspensionReason;

  @Field({ description: 'Fra og med (ÅÅÅÅ-MM-DD).' })
  @IsIsoDay()
  fromDate: string;

  @Field({ description: 'Til og med (ÅÅÅÅ-MM-DD).' })
  @IsIsoDay()
  toDate: string;

  @Field(() => String, { nullable: true, description: 'Bemærkning.' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.short, { trimmed: true, message: `Bemærkningen må højst være ${TEXT_LIMITS.short} tegn.` })
  note?: string | null;
}

@InputType({ description: 'En periode, der blev registreret ved en fejl, fjernet igen (kun koordinator).' })
export class RemoveProgrammeSuspensionInput extends ProgrammeVersionRead {
  @Field(() => ID, { description: 'Perioden.' })
  @IsUUID('all', { message: 'Ukendt periode.' })
  suspensionId: string;
}

interface SuspensionRow {
  id: string;
  programme_id: string;
  reason: SuspensionReason;
  from_date: string;
  to_date: string;
  note: string;
  created_by: string | null;
  created_at: Date;
}

const toSuspension = (r: SuspensionRow): ProgrammeSuspension =>
  Object.assign(new ProgrammeSuspension(), {
    id: r.id, reason: r.reason, fromDate: r.from_date, toDate: r.to_date, days: daysBetween(r.from_date, r.to_date) + 1, note: r.note, createdAt: r.created_at, createdById: r.created_by,
  });

// Kept with the request's loaders, so it goes when they are read afresh (after a change, before each live event).
const perRequest = new WeakMap<object, DataLoader<string, ProgrammeSuspension[]>>();

/** A programme's suspensions, oldest first, batched per request. */
export function suspensionsLoader(ctx: RequestContext): DataLoader<string, ProgrammeSuspension[]> {
  let loader = perRequest.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: SuspensionRow[] = valid.length
        ? await ctx.db.query(keepPrepared(`SELECT * FROM programme_suspension WHERE programme_id = ANY($1::uuid[]) ORDER BY from_date`), [valid])
        : [];
      return ids.map((id) => rows.filter((r) => r.programme_id === id).map(toSuspension));
    });
    perRequest.set(ctx.loaders, loader);
  }
  return loader;
}

async function overlapping(q: Queryable, programmeId: string, from: string, to: string): Promise<boolean> {
  const rows = await q.query(`SELECT 1 FROM programme_suspension WHERE programme_id = $1 AND from_date <= $3 AND to_date >= $2`, [programmeId, from, to]);
  return rows.length > 0;
}

export async function addProgrammeSuspension(ctx: RequestContext, input: AddProgrammeSuspensionInput): Promise<Programme> {
  const programme = isUuid(input.programmeId) ? await ctx.loaders.programme.load(input.programmeId) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!programme || !plan) return refuseUnseen(ctx, { action: 'ADD_PROGRAMME_SUSPENSION', entityType: 'PROGRAMME', entityId: input.programmeId }, 'Forløbet');
  const access = await guardPlan(ctx, plan.id, COORDINATE, { action: 'ADD_PROGRAMME_SUSPENSION', entityType: 'PROGRAMME', entityId: programme.id, label: 'Forløbet' });
  const law = typeLaw(programme.lawVersion, programme.type);
  if (!law?.suspension) {
    // The municipality's own forløb is prolonged by its coordinator within the municipality's frame ("Ret slutdato", checkLaterEnd).
    throw programme.type === ProgrammeType.HELHEDSORIENTERET
      ? ruleViolation('SUSPENSION_NOT_APPLICABLE', 'Et helhedsorienteret forløb følger kommunens egen ramme: forlæng det i stedet ved at rette slutdatoen.', OWN_FRAME)
      : ruleViolation('SUSPENSION_NOT_APPLICABLE', 'Barsel forlænger kun et ressourceforløb; denne forløbstype har ingen regel om det.', 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3');
  }
  if (programme.status !== ProgrammeStatus.ACTIVE) throw badInput('programmeId', 'Forløbet er afsluttet.');
  if (input.toDate < input.fromDate) throw badInput('toDate', 'Perioden skal slutte samme dag eller efter, den starter.');
  if (input.fromDate < programme.startDate || input.fromDate > programme.endDate) {
    throw badInput('fromDate', `Perioden skal begynde i forløbet (${dk(programme.startDate)}–${dk(programme.endDate)}).`);
  }
  const days = daysBetween(input.fromDate, input.toDate) + 1;
  // A mistyped year would move the end date as far and leave the forløb running past all its
  // warnings (the length ignores barsel).
  if (input.toDate > latestSuspensionEnd(input.fromDate)) throw badInput('toDate', suspensionTooLongMessage(input.fromDate));
  const label = await actorLabel(ctx);
  const endDate = addDays(programme.endDate, days);
  if (!isKeptDay(endDate)) throw badInput('toDate', `Slutdatoen ville blive ${dk(endDate)}. ${YEARS_MESSAGE}`);
  const summary = `${label} registrerede barsel ${dk(input.fromDate)}–${dk(input.toDate)}; slutdatoen er flyttet fra ${dk(programme.endDate)} til ${dk(endDate)}`;
  return writeInPlan(ctx, access, { action: 'ADD_PROGRAMME_SUSPENSION', entityType: 'PROGRAMME' }, (m) =>
    // The versioned update locks the programme: two suspensions cannot pass the overlap check together.
    movingEndDate(m, programme.id, input, endDate, summary, async () => {
      if (await overlapping(m, programme.id, input.fromDate, input.toDate)) throw badInput('fromDate', 'Perioden overlapper en periode, der allerede er registreret.');
      await m.query(
        `INSERT INTO programme_suspension (municipality_id, programme_id, reason, from_date, to_date, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [access.municipalityId, programme.id, input.reason, input.fromDate, input.toDate, (input.note ?? '').trim(), ctx.actor!.userId],
      );
    }),
  );
}

/**
 * A period's write with the end date it moves, in the change's transaction: the programme's
 * versioned update first (it locks the programme), then the period's own statements, and the
 * outcome writeInPlan turns into the audit row and the PROGRAMME_UPDATED event.
 */
async function movingEndDate(
  m: EntityManager,
  programmeId: string,
  read: ProgrammeVersionRead,
  endDate: string,
  summary: string,
  periodWrite: () => Promise<string | null | void>,
): Promise<ChangeOutcome<Programme>> {
  const row = await updateVersionedChange(m, 'programme', programmeId, read.expectedVersion, { end_date: endDate }, () => m.findOneBy(Programme, { id: programmeId }));
  // What the period's write changed besides (the plan period cut back), told in the same event.
  const also = await periodWrite();
  const updated = (await m.findOneBy(Programme, { id: programmeId }))!;
  return {
    result: updated,
    entityId: updated.id,
    event: {
      kind: EventKind.PROGRAMME_UPDATED,
      summary: also ? `${summary}; ${also}` : summary,
      entity: { __typename: 'Programme', ...updated },
      changes: diffRecords(camelRow(row.before), camelRow(row.after)),
      versions: { expected: read.expectedVersion, base: read.baseVersion },
    },
  };
}

/**
 * A period registered by mistake (the wrong dates, or the wrong forløb) taken out again: the
 * end date moves back by its days, in one audited, versioned write with its event, as adding
 * it moved it. The period itself is gone from the programme; it is kept whole, note and all,
 * among the removed periods (migration 66), and the plan's history names its dates (and its
 * changes the end date before and after). The end
 * date may land in the past: the forløb should then have ended, and the warnings say so.
 */
export async function removeProgrammeSuspension(ctx: RequestContext, input: RemoveProgrammeSuspensionInput): Promise<Programme> {
  const [row]: SuspensionRow[] = isUuid(input.suspensionId) ? await ctx.db.query(`SELECT * FROM programme_suspension WHERE id = $1`, [input.suspensionId]) : [];
  const programme = row ? await ctx.loaders.programme.load(row.programme_id) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!row || !programme || !plan) {
    // A period not seen (another municipality's) is logged by its own id, which names its citizen (CITIZEN_OF_RECORD, plan-guard.ts).
    const asked = row ? { entityType: 'PROGRAMME', entityId: row.programme_id } : { entityType: 'PROGRAMME_SUSPENSION', entityId: input.suspensionId };
    return refuseUnseen(ctx, { action: 'REMOVE_PROGRAMME_SUSPENSION', ...asked }, 'Perioden');
  }
  // An ended forløb is refused here (PROGRAMME_ENDED), as every change to it is.
  const access = await guardPlan(ctx, plan.id, COORDINATE, { action: 'REMOVE_PROGRAMME_SUSPENSION', entityType: 'PROGRAMME', entityId: programme.id, label: 'Perioden' });
  const period = toSuspension(row);
  const endDate = addDays(programme.endDate, -period.days);
  // The end date was moved earlier by hand since: taking the days off again would end the forløb before it began.
  if (endDate < programme.startDate) throw badInput('suspensionId', `Perioden kan ikke fjernes: slutdatoen er flyttet tidligere, siden perioden blev registreret, og ville nu komme før startdatoen (${dk(programme.startDate)}).`);
  const label = await actorLabel(ctx);
  const summary = `${label} fjernede barsel ${dk(period.fromDate)}–${dk(period.toDate)} (registreret ved en fejl); slutdatoen er flyttet fra ${dk(programme.endDate)} tilbage til ${dk(endDate)}`;
  // The versioned update locks the programme: a period cannot be removed twice, or while another is added.
  return writeInPlan(ctx, access, { action: 'REMOVE_PROGRAMME_SUSPENSION', entityType: 'PROGRAMME' }, (m) =>
    movingEndDate(m, programme.id, input, endDate, summary, async () => {
      // Out of the programme's periods and into those removed, whole, in one statement (migration 66): nothing is lost.
      await m.query(
        `WITH gone AS (DELETE FROM programme_suspension WHERE id = $1 AND programme_id = $2 RETURNING *)
         INSERT INTO programme_suspension_removed (id, municipality_id, programme_id, reason, from_date, to_date, note, created_by, created_at, removed_by, removed_at)
         SELECT id, municipality_id, programme_id, reason, from_date, to_date, note, created_by, created_at, $3, $4 FROM gone`,
        [period.id, programme.id, ctx.actor!.userId, ctx.deps.clock.now()],
      );
      // The end moves back earlier: what lay in the barsel's days past it is fitted, or the removal refused (earlier-end.ts).
      return fitToEarlierEnd(m, ctx, access, endDate, {
        field: 'suspensionId',
        lead: `Barslen kan ikke fjernes, for slutdatoen ville så blive ${formatDanishDate(endDate)}`,
      });
    }),
  );
}
