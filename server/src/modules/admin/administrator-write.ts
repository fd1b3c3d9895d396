import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../core/audit';
import type { Actor } from '../../core/auth/actor';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { forbidden, notFound } from '../../core/errors/app-errors';
import { isUuid } from '../../core/loaders';

class NoLongerAdministrator extends Error {}

/**
 * A unit or member of staff the change names that is not the caller's municipality's (or is no
 * one at all): thrown inside the change, answered NOT_FOUND by administratorWrite, which logs the
 * attempt once the change is rolled back. An id of another municipality reveals nothing, and
 * trying them shows in the log and counts towards the review of repeated refusals.
 */
export class NotInMunicipality extends Error {
  constructor(
    readonly entityType: 'STAFF' | 'UNIT',
    readonly entityId: string,
    /** "Medarbejderen", "Enheden": the subject of the NOT_FOUND message. */
    readonly label: string,
  ) {
    super(`${label} is not in the municipality`);
  }
}

/**
 * The administrative actions, with what an attempt was in Danish: the administration log
 * shows a refused attempt by these words (a done one by the summary written with it).
 */
export const ADMINISTRATIVE_ACTIONS = {
  CREATE_UNIT: 'oprette en enhed',
  RENAME_UNIT: 'omdøbe en enhed',
  CLOSE_UNIT: 'lukke en enhed',
  REOPEN_UNIT: 'genåbne en enhed',
  INVITE_STAFF: 'invitere en medarbejder',
  APPROVE_STAFF_INVITATION: 'godkende en invitation af en medarbejder',
  CHANGE_STAFF: 'ændre en medarbejders rolle eller enhed',
  APPROVE_STAFF_CHANGE: 'godkende en ændring af en medarbejders rolle eller enhed',
  WITHDRAW_STAFF_CHANGE: 'trække en ændring af en medarbejders rolle eller enhed tilbage',
  CHANGE_STAFF_PHONE: 'ændre en medarbejders telefonnummer',
  RENAME_STAFF: 'rette en medarbejders navn',
  DEACTIVATE_STAFF: 'deaktivere en medarbejder',
  REACTIVATE_STAFF: 'genaktivere en medarbejder',
} as const;
export type AdministrativeAction = keyof typeof ADMINISTRATIVE_ACTIONS;

/**
 * One change of the administration (staff, units), in one transaction that begins by checking
 * that the caller is still an administrator of their municipality. The request's actor was
 * read when it began: a demotion or deactivation committed while this change waited for a lock
 * on the administrators' rows, which every such change holds) must stop it, or an administrator
 * removed for cause could still promote someone. Holding them also lets keepAnAdministrator
 * count them safely. A caller no longer an administrator gets FORBIDDEN, and the refusal is logged.
 */
export async function administratorWrite<T>(ctx: RequestContext, action: AdministrativeAction, change: (m: EntityManager, actor: Actor) => Promise<T>): Promise<T> {
  const actor = actorOf(ctx);
  try {
    return await ctx.db.transaction(async (m) => {
      // Every administrator of the municipality, always in the same order, so that concurrent
      // changes queue instead of deadlocking; a row changed meanwhile is read as committed.
      const administrators: Array<{ id: string; deactivated_at: Date | null }> = await m.query(
        `SELECT id, deactivated_at FROM app_user WHERE municipality_id = $1 AND role = 'ADMINISTRATOR' ORDER BY id FOR UPDATE`,
        [actor.municipalityId],
      );
      if (!administrators.some((a) => a.id === actor.userId && !a.deactivated_at)) throw new NoLongerAdministrator();
      return change(m, actor);
    });
  } catch (error) {
    if (error instanceof NotInMunicipality) {
      const entityId = isUuid(error.entityId) ? error.entityId : null;
      await recordAudit(ctx.db, { actor, action, entityType: error.entityType, entityId, outcome: 'DENIED', detail: 'not found or not visible' });
      throw notFound(error.label);
    }
    if (!(error instanceof NoLongerAdministrator)) throw error;
    await recordAudit(ctx.db, { actor, action, entityType: 'STAFF', entityId: actor.userId, outcome: 'DENIED', detail: 'no longer an administrator' });
    throw forbidden('Du er ikke længere administrator, så ændringen er ikke gemt.');
  }
}
