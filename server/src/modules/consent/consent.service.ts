import { formatDanishDate, localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { badInput, forbidden, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { isUuid } from '../../core/loaders';
import { Role, Unit, User } from '../org';
import { actorLabel, COORDINATE, guardPlan, READ, refuseUnseen, standing, writeInPlan, type PlanAccess } from '../plan';
import { ConsentEntry } from './consent.entity';
import { CONSENT_BASIS_LABEL, CONSENT_SCOPE_LABEL, ConsentBasis, ConsentRecipientKind, ConsentScope } from './consent.enums';
import type { RecordConsentInput, WithdrawConsentInput } from './consent.inputs';
import { plansShowingEntry, toConsentEntry } from './consent.loaders';

const ENTITY_TYPE = 'CONSENT';

/** The entry as a plan event carries it (the client reads the register again on a consent event). */
function recordOf(e: ConsentEntry): Record<string, unknown> & { __typename: string } {
  const { municipalityId: _, ...fields } = e;
  return { __typename: 'ConsentEntry', ...fields };
}

/** "Socialforvaltningen", "hele teamet", "egen læge", "Hanne og Jens Hansen (forældre)", "mentor ved møder", "mentoren Mikkel Madsen". */
async function recipientPhrase(
  m: EntityManager, e: Pick<ConsentEntry, 'recipientKind' | 'recipientUnitId' | 'recipientMentorId' | 'recipientName' | 'recipientRelation'>,
): Promise<string> {
  switch (e.recipientKind) {
    case ConsentRecipientKind.UNIT: {
      const unit = e.recipientUnitId ? await m.findOneBy(Unit, { id: e.recipientUnitId }) : null;
      return unit?.name ?? 'en enhed';
    }
    case ConsentRecipientKind.WHOLE_TEAM:
      return 'hele teamet';
    case ConsentRecipientKind.GP:
      return 'egen læge';
    case ConsentRecipientKind.NETWORK_PERSON:
      return `${e.recipientName ?? ''} (${e.recipientRelation ?? ''})`;
    case ConsentRecipientKind.MENTOR: {
      const mentor = e.recipientMentorId ? await m.findOneBy(User, { id: e.recipientMentorId }) : null;
      return mentor ? `mentoren ${mentor.name}` : 'mentor ved møder';
    }
  }
}

/** "samtykke" or "hjemmel (Retssikkerhedsloven §11 c)". */
function basisPhrase(e: Pick<ConsentEntry, 'basis' | 'legalReference'>): string {
  return e.basis === ConsentBasis.LEGAL_BASIS ? `hjemmel (${e.legalReference})` : CONSENT_BASIS_LABEL.CONSENT.toLowerCase();
}

const trimmed = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** Checks what the input classes cannot: the recipient's and the basis's required parts. Returns the values to store. */
async function validRecord(ctx: RequestContext, m: EntityManager, access: PlanAccess, input: RecordConsentInput) {
  const today = localDate(ctx.deps.clock.now());
  if (input.givenOn > today) throw badInput('givenOn', 'Datoen kan ikke ligge frem i tiden.');
  // No one consents before they are born; a date before it is a typing error.
  const [{ birth_date: born }]: Array<{ birth_date: string }> = await m.query(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM citizen WHERE id = $1`, [access.citizenId]);
  if (input.givenOn < born) throw badInput('givenOn', `Datoen kan ikke ligge før borgerens fødsel (${formatDanishDate(born)}).`);
  let recipientUnitId: string | null = null;
  let recipientMentorId: string | null = null;
  let recipientName: string | null = null;
  let recipientRelation: string | null = null;
  if (input.recipientKind === ConsentRecipientKind.UNIT) {
    // Under row-level security another municipality's unit is not found: the same answer as a made-up id.
    const unit = input.recipientUnitId && isUuid(input.recipientUnitId) ? await m.findOneBy(Unit, { id: input.recipientUnitId }) : null;
    if (!unit || unit.municipalityId !== access.municipalityId) throw badInput('recipientUnitId', 'Vælg en enhed i kommunen.');
    recipientUnitId = unit.id;
  }
  if (input.recipientKind === ConsentRecipientKind.MENTOR && input.recipientMentorId) {
    // The one mentor the citizen agreed to: a mentor of the municipality, whose user is not
    // deactivated; under row-level security another municipality's user is not found at all.
    const mentor = isUuid(input.recipientMentorId) ? await m.findOneBy(User, { id: input.recipientMentorId }) : null;
    if (!mentor || mentor.municipalityId !== access.municipalityId || mentor.role !== Role.MENTOR || mentor.deactivatedAt) {
      throw badInput('recipientMentorId', 'Vælg en mentor i kommunen.');
    }
    recipientMentorId = mentor.id;
  }
  if (input.recipientKind === ConsentRecipientKind.NETWORK_PERSON) {
    recipientName = trimmed(input.recipientName);
    recipientRelation = trimmed(input.recipientRelation);
    if (!recipientName) throw badInput('recipientName', 'Skriv personens navn.');
    if (!recipientRelation) throw badInput('recipientRelation', 'Skriv personens relation til borgeren, fx "forældre".');
  }
  const legalReference = input.basis === ConsentBasis.LEGAL_BASIS ? trimmed(input.legalReference) : null;
  if (input.basis === ConsentBasis.LEGAL_BASIS && !legalReference) {
    throw badInput('legalReference', 'Angiv hjemlen, fx "Retssikkerhedsloven §11 c".');
  }
  return { recipientUnitId, recipientMentorId, recipientName, recipientRelation, legalReference, note: trimmed(input.note) ?? '' };
}

/**
 * Records a consent or legal basis in the citizen's register: the coordinator only (team
 * staff FORBIDDEN, anyone else NOT_FOUND). The entry, its audit row and its plan event
 * commit together (writeInPlan).
 */
export async function recordConsent(ctx: RequestContext, input: RecordConsentInput): Promise<ConsentEntry> {
  const access = await guardPlan(ctx, input.planId, COORDINATE, { action: 'RECORD_CONSENT', entityType: ENTITY_TYPE });
  const actor = actorOf(ctx);
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'RECORD_CONSENT', entityType: ENTITY_TYPE }, async (m) => {
    const v = await validRecord(ctx, m, access, input);
    const rows: Array<Record<string, unknown>> = await m.query(
      `INSERT INTO consent_entry (municipality_id, citizen_id, plan_id, scope, recipient_kind, recipient_unit_id, recipient_name, recipient_relation,
                                  basis, legal_reference, given_on, note, recorded_at, recorded_by, recipient_mentor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
      [access.municipalityId, access.citizenId, access.planId, input.scope, input.recipientKind, v.recipientUnitId, v.recipientName, v.recipientRelation,
        input.basis, v.legalReference, input.givenOn, v.note, ctx.deps.clock.now(), actor.userId, v.recipientMentorId],
    );
    const entry = toConsentEntry(rows[0]);
    const summary = `${label} registrerede ${basisPhrase(entry)}: ${CONSENT_SCOPE_LABEL[entry.scope]} deles med ${await recipientPhrase(m, entry)}`;
    return { result: entry, entityId: entry.id, event: { kind: EventKind.CONSENT_RECORDED, summary, entity: recordOf(entry) } };
  });
}

/** The citizen's forløb changed between the check of who may withdraw and the withdrawal (a new one began): another plan governs the entry now. */
class GoverningPlanChangedMeanwhile extends Error {}

/**
 * Withdraws an entry: never deleted, `withdrawnAt`/`withdrawnBy` are set. The register is the
 * citizen's and applies to all their plans, so who may withdraw an entry is decided by the plan
 * it governs today, not by the plan it is withdrawn from (`planId`; without it, the plan the
 * entry was recorded in): the coordinator of the citizen's running forløb, or, when none runs,
 * of the latest one (withdrawalRight, which the register's "Tilbagekald" follows too). A
 * consent recorded in an ended forløb governs the running plan's cut as well, so the ended
 * forløb's coordinator, who keeps that plan, may no longer take it back (FORBIDDEN, as a team
 * member is told); today's coordinator may, from any plan whose register shows the entry and
 * which they may read: withdrawal is the citizen's right at any time, as easily as it was given
 * (GDPR art. 7, stk. 3), whichever plan the coordinator has open. It takes effect with the next read and the next live event on every instance; its
 * event, on every plan whose register shows the entry, makes open plan pages read the plan
 * again and presence be judged again.
 */
export async function withdrawConsent(ctx: RequestContext, input: WithdrawConsentInput): Promise<ConsentEntry> {
  const what = { action: 'WITHDRAW_CONSENT', entityType: ENTITY_TYPE, entityId: input.id, label: 'Samtykket', evenWhenEnded: true };
  const found = await ctx.db.findOneBy(ConsentEntry, { id: input.id });
  const planId = input.planId ?? found?.planId;
  if (!found || !planId) return refuseUnseen(ctx, what, 'Samtykket');
  // Another citizen's entry, asked for from this plan, is as unknown as a made-up one: asked
  // before who may withdraw, so that the answer says nothing of whether the id exists.
  const seen = await guardPlan(ctx, planId, READ, what);
  if (seen.citizenId !== found.citizenId) return refuseUnseen(ctx, what, 'Samtykket');
  // Nor is one the plan's register does not show (a later forløb's, asked for from an ended plan).
  if (!(await ctx.loaders.consentEntriesByPlan.load(planId)).some((e) => e.id === found.id)) return refuseUnseen(ctx, what, 'Samtykket');
  const access = await guardGoverningPlan(ctx, found, what);
  const actor = actorOf(ctx);
  const label = await actorLabel(ctx);
  try {
    return await writeInPlan(ctx, access, what, async (m) => {
      // The plans showing the entry are read again under the governing programme's lock
      // (writeInPlan), so every plan that shows it when it is withdrawn hears of it. TypeORM
      // answers an UPDATE … RETURNING with [rows, affected].
      const [[governingNow, ...alsoShowing], [rows]] = await Promise.all([
        plansShowingEntry(m, input.id),
        m.query(
          `UPDATE consent_entry SET withdrawn_at = $2, withdrawn_by = $3, withdrawal_reason = $4
            WHERE id = $1 AND withdrawn_at IS NULL RETURNING *`,
          [input.id, ctx.deps.clock.now(), actor.userId, trimmed(input.reason)],
        ) as Promise<[Array<Record<string, unknown>>, number]>,
      ]);
      if (governingNow !== access.planId) throw new GoverningPlanChangedMeanwhile();
      if (rows.length === 0) throw ruleViolation('CONSENT_ALREADY_WITHDRAWN', 'Samtykket eller hjemlen er allerede tilbagekaldt.');
      const entry = toConsentEntry(rows[0]);
      const summary = `${label} tilbagekaldte ${basisPhrase(entry)}: ${CONSENT_SCOPE_LABEL[entry.scope]} deles ikke længere med ${await recipientPhrase(m, entry)}`;
      // The governing plan's event is writeInPlan's own (its hooks run there); each other plan
      // showing the entry gets the same event, so its open pages blank what the entry shared
      // and read the register again, and its presence is judged again, as the governing plan's.
      await Promise.all(alsoShowing.map((other) => appendEvent(m, {
        planId: other, municipalityId: access.municipalityId, kind: EventKind.CONSENT_WITHDRAWN, entityType: ENTITY_TYPE, entityId: entry.id, actor, summary, payload: { entity: recordOf(entry) },
      })));
      return { result: entry, entityId: entry.id, event: { kind: EventKind.CONSENT_WITHDRAWN, summary, entity: recordOf(entry) } };
    });
  } catch (error) {
    if (!(error instanceof GoverningPlanChangedMeanwhile)) throw error;
    await recordAudit(ctx.db, { actor, action: what.action, entityType: what.entityType, entityId: found.id, citizenId: found.citizenId, outcome: 'DENIED', detail: 'team or coordinator changed meanwhile' });
    throw forbidden('Borgerens forløb er netop ændret, så samtykket tilbagekaldes nu fra et andet forløb. Genindlæs planen, og prøv igen.');
  }
}

/**
 * Who may withdraw an entry, the one rule for both the withdrawal's gate (guardGoverningPlan)
 * and the register's "Tilbagekald" (ConsentEntry.mayWithdraw): the coordinator of the plan that
 * governs the entry today, the citizen's running forløb's, else the latest one's
 * (plansShowingEntry's first), whichever plan's register shows it. Read through the request's
 * loaders: a register of many entries asks for their governing plans and those plans' access
 * facts once.
 */
async function withdrawalRight(ctx: RequestContext, entryId: string): Promise<{ governingPlanId: string | undefined; isItsCoordinator: boolean }> {
  const governingPlanId = await ctx.loaders.governingPlanOfEntry.load(entryId);
  const access = governingPlanId ? await ctx.loaders.planAccess.load(governingPlanId) : null;
  return { governingPlanId, isItsCoordinator: standing(actorOf(ctx), access) === 'COORDINATOR' };
}

/** Whether the reader may withdraw the entry now: withdrawalRight, for an entry not already withdrawn. */
export async function mayWithdraw(ctx: RequestContext, entry: Pick<ConsentEntry, 'id' | 'withdrawnAt'>): Promise<boolean> {
  if (entry.withdrawnAt !== null) return false;
  return (await withdrawalRight(ctx, entry.id)).isItsCoordinator;
}

/**
 * The gate of a withdrawal: the coordinator of the plan the entry governs today (withdrawalRight).
 * Anyone else who reads the entry in a register (the plan's team, a former coordinator who keeps
 * an ended forløb's plan) is refused as a team member is, audited; the gate itself then hands
 * over the governing plan's access facts, read once with this check.
 */
async function guardGoverningPlan(ctx: RequestContext, entry: Pick<ConsentEntry, 'id' | 'citizenId'>, what: { action: string; entityType: string; entityId: string; label: string; evenWhenEnded: boolean }): Promise<PlanAccess> {
  const { governingPlanId, isItsCoordinator } = await withdrawalRight(ctx, entry.id);
  if (!governingPlanId) return refuseUnseen(ctx, what, 'Samtykket');
  if (!isItsCoordinator) {
    await recordAudit(ctx.db, { actor: actorOf(ctx), action: what.action, entityType: what.entityType, entityId: what.entityId, citizenId: entry.citizenId, outcome: 'DENIED', detail: 'only the coordinator' });
    throw forbidden('Kun den koordinerende sagsbehandler kan gøre dette.');
  }
  return guardPlan(ctx, governingPlanId, COORDINATE, what);
}

/** The register as the plan shows it: team staff only (the coordinator and the units on the team). */
export async function consentEntries(ctx: RequestContext, planId: string): Promise<ConsentEntry[]> {
  const access = await ctx.loaders.planAccess.load(planId);
  if (standing(actorOf(ctx), access) === null) throw forbidden('Kun planens team kan se samtykker og hjemmel.');
  return ctx.loaders.consentEntriesByPlan.load(planId);
}

export const JOINT_PLAN_CONSENT_WARNING =
  'Borgerens samtykke til den fælles plan er ikke registreret. Et helhedsorienteret forløb kræver samtykket – registrér det under "Samtykke og hjemmel".';

/** A helhedsorienteret forløb without an active consent (or legal basis) to the joint plan: the warning the plan shows. */
export async function jointPlanWarning(ctx: RequestContext, plan: { id: string; programmeId: string }): Promise<string | null> {
  const programme = await ctx.loaders.programme.load(plan.programmeId);
  if (!programme || programme.type !== 'HELHEDSORIENTERET' || programme.status !== 'ACTIVE') return null;
  const grants = await ctx.loaders.activeGrantsByPlan.load(plan.id);
  return grants.some((g) => g.scope === ConsentScope.JOINT_PLAN) ? null : JOINT_PLAN_CONSENT_WARNING;
}
