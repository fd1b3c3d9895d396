import { localDate, registeredInErrorReasonProblem } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { actorOf } from '../../core/auth/access';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, conflict, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { diffRecords } from '../../core/events/field-changes';
import { isUuid } from '../../core/loaders';
import { COORDINATE, guardPlan, refuseUnseen } from './plan-guard';
import type { PlanAccess } from './plan.policy';
import { actorLabel, camelRow, writeInPlan } from './plan-write';
import { EndReason, ProgrammeStatus } from './plan.enums';
import type { ProgrammeCorrectionInput } from './plan.inputs';
import { Programme } from './programme.entity';
import { closeAtEnd, endingColumns } from './programme.service';

/**
 * "Registreret ved en fejl": a forløb registered by mistake (the wrong citizen, the wrong type, a
 * duplicate) is marked as never having run, also once its first day has come. It then counts as
 * no forløb the citizen has had: not in the 2022 age rules (lov nr. 1160 af 8. juni 2021), not
 * among the earlier jobafklaringsforløb, not in the key figures, not as Min plan's ended forløb
 * (the `never_ran` column, migration 62). A running forløb is ended by the mark, as "Afslut
 * forløb" ends it (endingColumns, closeAtEnd: its mentor grants and samtaler after it close with
 * it), with the end reason Andet. Nothing is deleted: the forløb, its plan and its history stay.
 *
 * The mark can be taken back ("Fortryd markeringen"), with a reason, by the same people: the
 * forløb counts again (unless it was stopped before its first day), but an ended forløb is never
 * reopened. Either moves the count of earlier forløb of the citizen's running one of the same
 * type: the change names the columns it sets, and the rules module's plan-change hook records
 * that forløb's warnings again in the same transaction (rules/warning-events.ts). Both are changes of the programme:
 * versioned, audited with the reason, and told as PROGRAMME_UPDATED in the plan's history.
 *
 * Who may: the plan's coordinating caseworker, and the municipality's leader, who answers for
 * its figures and is not on any plan. Anyone else who can read the plan is refused (FORBIDDEN);
 * one who cannot gets NOT_FOUND, as for every plan.
 */

const FORBIDDEN_MESSAGE = 'Kun den koordinerende sagsbehandler og kommunens leder kan markere et forløb som registreret ved en fejl.';

/** The programme and its plan's facts, once the caller may correct it; refused and audited otherwise. */
async function openForCorrection(ctx: RequestContext, id: string, action: string): Promise<{ programme: Programme; access: PlanAccess }> {
  const programme = isUuid(id) ? await ctx.loaders.programme.load(id) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  const what = { action, entityType: 'PROGRAMME', entityId: id, label: 'Forløbet' };
  if (!programme || !plan) return refuseUnseen(ctx, what, 'Forløbet');
  const actor = actorOf(ctx);
  if (actor.role === Role.LEADER) {
    // A leader is on no plan (plan.policy.ts, standing): the plan gate would not let them in.
    // Their own municipality's forløb is theirs to correct; row-level security hides the others.
    const access = await ctx.loaders.planAccess.load(plan.id);
    if (!access || access.municipalityId !== actor.municipalityId) return refuseUnseen(ctx, what, 'Forløbet');
    return { programme, access };
  }
  // The forløb may have ended (a duplicate that ran its course): the correction is made on an ended one too.
  const access = await guardPlan(ctx, plan.id, COORDINATE, { ...what, evenWhenEnded: true, forbiddenMessage: FORBIDDEN_MESSAGE });
  return { programme, access };
}

function checkReason(reason: string): string {
  const problem = registeredInErrorReasonProblem(reason);
  if (problem) throw badInput('reason', problem);
  return reason.trim();
}

/** One versioned change of the programme, with its audit row (the reason) and its event, in one transaction. */
async function correct(
  ctx: RequestContext,
  opened: { programme: Programme; access: PlanAccess },
  input: ProgrammeCorrectionInput,
  action: string,
  reason: string,
  sets: Record<string, unknown>,
  summary: (label: string, ended: string[] | null) => string,
): Promise<Programme> {
  const { programme, access } = opened;
  const label = await actorLabel(ctx);
  // The columns it sets go with it: the mark decides whether the forløb counts among the
  // citizen's earlier ones, so the plan-change hooks re-check the citizen's running forløb too.
  const what = { action, entityType: 'PROGRAMME', entityId: programme.id, columns: Object.keys(sets), detail: `Begrundelse: ${reason}`, evenWhenEnded: true };
  const updated = await writeInPlan(ctx, access, what, async (m: EntityManager) => {
    // A CONFLICT's newer version goes to a leader as they would read it: the forløb's own facts only (conflict(), plan-guard.ts).
    const row = await updateVersionedChange(m, 'programme', programme.id, input.expectedVersion, sets, () => m.findOneBy(Programme, { id: programme.id }));
    // Decided on the row as this request read it (running or ended, marked or not): the change applies to that version only.
    if (row.before.version !== programme.version) {
      throw conflict('Posten er ændret af en anden, siden du hentede den. Se den nye version.', { __typename: 'Programme', ...camelRow<Programme>(row.before) });
    }
    const after = (await m.findOneBy(Programme, { id: programme.id }))!;
    const endedNow = programme.status === ProgrammeStatus.ACTIVE && after.status === ProgrammeStatus.ENDED;
    const closed = endedNow ? await closeAtEnd(m, ctx, access, after) : null;
    return {
      result: after,
      entityId: after.id,
      event: {
        kind: EventKind.PROGRAMME_UPDATED,
        summary: summary(label, closed),
        entity: { __typename: 'Programme', ...after },
        changes: diffRecords(camelRow(row.before), camelRow(row.after)),
        versions: { expected: input.expectedVersion },
      },
    };
  });
  // Later writes in the same request see the programme as it is now.
  ctx.loaders.planAccess.clear(access.planId);
  return updated;
}

/** "Registreret ved en fejl": marks the forløb as never having run, and ends it when it runs. */
export async function markProgrammeRegisteredInError(ctx: RequestContext, input: ProgrammeCorrectionInput): Promise<Programme> {
  const action = 'MARK_PROGRAMME_REGISTERED_IN_ERROR';
  const opened = await openForCorrection(ctx, input.id, action);
  const reason = checkReason(input.reason);
  const { programme } = opened;
  if (programme.registeredInErrorAt) {
    throw ruleViolation('PROGRAMME_ALREADY_REGISTERED_IN_ERROR', 'Forløbet er allerede markeret som registreret ved en fejl.');
  }
  const running = programme.status === ProgrammeStatus.ACTIVE;
  const sets: Record<string, unknown> = {
    ...(running ? endingColumns(localDate(ctx.deps.clock.now()), programme, EndReason.OTHER) : {}),
    registered_in_error_reason: reason,
    registered_in_error_at: ctx.deps.clock.now(),
    registered_in_error_by: actorOf(ctx).userId,
  };
  return correct(ctx, opened, input, action, reason, sets, (label, closed) =>
    `${label} markerede forløbet som registreret ved en fejl${running ? ' og afsluttede det' : ''}. Begrundelse: ${reason}${closed?.length ? `; ${closed.join(', ')}` : ''}`);
}

/**
 * "Fortryd markeringen": the forløb counts as run again, unless it was also stopped before its
 * first day (`never_ran` stays true then); it stays ended, for an ended forløb is never reopened.
 */
export async function unmarkProgrammeRegisteredInError(ctx: RequestContext, input: ProgrammeCorrectionInput): Promise<Programme> {
  const action = 'UNMARK_PROGRAMME_REGISTERED_IN_ERROR';
  const opened = await openForCorrection(ctx, input.id, action);
  const reason = checkReason(input.reason);
  if (!opened.programme.registeredInErrorAt) {
    throw ruleViolation('PROGRAMME_NOT_REGISTERED_IN_ERROR', 'Forløbet er ikke markeret som registreret ved en fejl.');
  }
  const sets = { registered_in_error_reason: null, registered_in_error_at: null, registered_in_error_by: null };
  return correct(ctx, opened, input, action, reason, sets, (label) => `${label} fortrød markeringen af forløbet som registreret ved en fejl. Begrundelse: ${reason}`);
}
