import { formatDanishDate, localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange, type VersionedChange } from '../../core/db/versioned-update';
import { badInput, conflict, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { InterventionRecord, InterventionStatus, toIntervention, unitModuleFor, type Intervention } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { actorLabel, camelRow, changeInPlan, COORDINATE, guardPlan, planPolicy, readWithPlanFacts, refuseUnseen, unitWork, type ChangeOutcome, type PlanAccess } from '../plan';
import { typeLaw } from '../rules/law/law-version';
import {
  HEALTH_TALK_OUTCOME_LABEL, JOBCENTER_KIND_LABEL, type JobcenterKind, type RecordHealthTalkDecisionInput, type RecordHealthTalkRequestInput,
} from './jobcenter-intervention.type';

/**
 * LAB §113, stk. 3 (lov nr. 1160 af 8. juni 2021): "En person i ressourceforløb, der mener, at et
 * beskæftigelsesrettet tilbud ikke tager tilstrækkeligt hensyn til personens helbredstilstand …
 * har ret til at få en samtale med en sundhedskoordinator fra regionens kliniske funktion og den
 * koordinerende sagsbehandler. Gør personen brug af retten til at få en samtale, inden tilbuddet
 * er påbegyndt, skal personen ikke påbegynde tilbuddet, før jobcenteret har taget stilling til,
 * om tilbuddet skal tilpasses."
 *
 * On the offer (a jobcenter intervention of one of the kinds the law version names, in a
 * programme whose law version and type give the right: a ressourceforløb under the 2022 rules)
 * the jobcenter that owns it, or the coordinator, records that the citizen asked for the samtale
 * (the day), and later the jobcenter's decision (the day, Tilbuddet tilpasses / fastholdes, a
 * note). Asked while the offer is Planlagt, the offer is not begun until the decision is recorded
 * (intervention.service.ts refuses it, HEALTH_TALK_PENDING); asked after it began, nothing holds
 * it. Until the decision, the plan warns (HEALTH_TALK_DECISION, rules). Each is a versioned change
 * of the intervention: its audit row and its event (INTERVENTION_UPDATED, the changed fields)
 * commit with it.
 */

const SOURCE = 'LAB §113, stk. 3';

/** "kursus, …, virksomhedspraktik eller løntilskudsjob": the offers in words. */
function offersInWords(offers: readonly string[]): string {
  const words = offers.map((k) => JOBCENTER_KIND_LABEL[k as JobcenterKind]?.toLowerCase() ?? k);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} eller ${words[words.length - 1]}` : words.join('');
}

/** The right holds for this offer under the programme's own law version, or the request is refused (HEALTH_TALK_NOT_APPLICABLE). */
async function refuseNotApplicable(ctx: RequestContext, record: InterventionRecord): Promise<void> {
  const plan = await ctx.loaders.plan.load(record.planId);
  const programme = plan ? await ctx.loaders.programme.load(plan.programmeId) : null;
  const spec = programme ? typeLaw(programme.lawVersion, programme.type)?.healthTalk : undefined;
  if (!spec) {
    throw ruleViolation('HEALTH_TALK_NOT_APPLICABLE',
      'Retten til en samtale med sundhedskoordinator om et beskæftigelsesrettet tilbud gælder i et ressourceforløb efter reglerne fra 2022 (LAB §113, stk. 3, lov nr. 1160 af 8. juni 2021). Den gælder ikke for dette forløb.',
      SOURCE);
  }
  if (record.unitKind !== UnitKind.EMPLOYMENT || !spec.offers.includes(record.kind)) {
    const kind = unitModuleFor(record.unitKind).kinds[record.kind] ?? record.kind;
    throw ruleViolation('HEALTH_TALK_NOT_APPLICABLE',
      `Samtalen med sundhedskoordinator gælder et beskæftigelsesrettet tilbud (${offersInWords(spec.offers)}). ${kind} er ikke et sådant tilbud (LAB §113, stk. 3).`,
      spec.source);
  }
}

/**
 * Read the offer and let the caller in: the unit that owns it (its jobcenter's caseworkers, as
 * for every change of an intervention) or the plan's coordinator. Anyone else is refused at the
 * plan's gate (NOT_FOUND when they cannot read the plan, else FORBIDDEN), and audited.
 */
async function openOffer(ctx: RequestContext, id: string, action: string): Promise<{ record: InterventionRecord; access: PlanAccess }> {
  const record = await readWithPlanFacts(ctx, 'intervention', id, ctx.loaders.intervention.load(id));
  if (!record) return refuseUnseen(ctx, { action, entityType: 'INTERVENTION', entityId: id }, 'Indsatsen');
  // The plan's facts are read with the row (primed), so this asks nothing more of the database.
  const facts = await ctx.loaders.planAccess.load(record.planId);
  const need = planPolicy.coordinate(actorOf(ctx), facts) ? COORDINATE : unitWork(record.unitId);
  const access = await guardPlan(ctx, record.planId, need, {
    action, entityType: 'INTERVENTION', entityId: record.id, label: 'Indsatsen',
    forbiddenMessage: 'Kun den enhed, der ejer tilbuddet, og den koordinerende sagsbehandler kan registrere samtalen med sundhedskoordinator.',
  });
  await refuseNotApplicable(ctx, record);
  return { record, access };
}

const entityOf = (i: Intervention) => ({ __typename: 'JobcenterIntervention', ...i });

/** One versioned change of the offer's health-talk columns, with its audit row and event (changeInPlan). */
function changeOffer(
  ctx: RequestContext,
  access: PlanAccess,
  record: InterventionRecord,
  input: { expectedVersion: number },
  action: string,
  sets: Record<string, unknown>,
  summary: (label: string, intervention: Intervention) => string,
  label: string,
): Promise<Intervention> {
  const columns = Object.keys(sets);
  const actor = actorOf(ctx);
  const all = { ...sets, updated_at: ctx.deps.clock.now(), updated_by: actor.userId };
  const change = async (m: EntityManager) => {
    const row = await updateVersionedChange(m, 'intervention', record.id, input.expectedVersion, all, async () => {
      const now = await m.findOneBy(InterventionRecord, { id: record.id });
      return now ? entityOf(toIntervention(now)) : null;
    });
    // Decided on the row as this request read it: the change applies to that version only.
    if (row.before.version !== record.version) {
      throw conflict('Posten er ændret af en anden, siden du hentede den. Se den nye version.', entityOf(toIntervention(camelRow<InterventionRecord>(row.before))));
    }
    return row;
  };
  const outcome = (row: VersionedChange): ChangeOutcome<Intervention> => {
    const before = toIntervention(camelRow<InterventionRecord>(row.before));
    const intervention = toIntervention(camelRow<InterventionRecord>(row.after));
    return {
      result: intervention,
      entityId: record.id,
      event: {
        kind: EventKind.INTERVENTION_UPDATED,
        summary: summary(label, intervention),
        entity: entityOf(intervention),
        before: entityOf(before),
        versions: { expected: input.expectedVersion },
      },
    };
  };
  return changeInPlan(ctx, access, { action, entityType: 'INTERVENTION', entityId: record.id, columns }, change, outcome);
}

const ENDED: readonly string[] = [InterventionStatus.COMPLETED, InterventionStatus.CANCELLED];

/**
 * "Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet": the day they asked,
 * and whether the offer had begun (judged on its status, Planlagt being not yet begun). Recorded
 * again, it corrects the day; after a decision, it is a new request and the decision goes (the
 * plan's history keeps both). An offer that has ended (Afsluttet, Annulleret) takes none.
 */
export async function recordHealthTalkRequest(ctx: RequestContext, input: RecordHealthTalkRequestInput): Promise<Intervention> {
  const action = 'RECORD_HEALTH_TALK_REQUEST';
  const { record, access } = await openOffer(ctx, input.id, action);
  if (input.askedOn > localDate(ctx.deps.clock.now())) throw badInput('askedOn', 'Dagen kan ikke ligge frem i tiden.');
  if (ENDED.includes(record.status)) {
    throw ruleViolation('HEALTH_TALK_OFFER_ENDED', 'Tilbuddet er afsluttet eller annulleret. Der registreres ikke en samtale med sundhedskoordinator om det.', SOURCE);
  }
  const beforeStart = record.status === InterventionStatus.PLANNED;
  const sets: Record<string, unknown> = {
    health_talk_asked_on: input.askedOn,
    health_talk_before_start: beforeStart,
    health_talk_decided_on: null,
    health_talk_outcome: null,
    health_talk_decision_note: null,
  };
  const label = await actorLabel(ctx);
  return changeOffer(ctx, access, record, input, action, sets,
    (who, i) => `${who} registrerede, at borgeren har bedt om en samtale med sundhedskoordinator om ${i.title}${beforeStart ? ', før det er påbegyndt' : ''}`, label);
}

/**
 * The jobcenter's decision whether the offer is adjusted, after the citizen asked for the
 * samtale: the day (not before they asked, not ahead of today), the outcome and a note. Recorded
 * again, it corrects the decision. It lifts the hold on an offer asked about before it began.
 */
export async function recordHealthTalkDecision(ctx: RequestContext, input: RecordHealthTalkDecisionInput): Promise<Intervention> {
  const action = 'RECORD_HEALTH_TALK_DECISION';
  const { record, access } = await openOffer(ctx, input.id, action);
  const askedOn = record.healthTalkAskedOn;
  if (!askedOn) {
    throw ruleViolation('HEALTH_TALK_NOT_ASKED', 'Der er ikke registreret, at borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet. Registrér først borgerens ønske om samtalen.', SOURCE);
  }
  if (input.decidedOn > localDate(ctx.deps.clock.now())) throw badInput('decidedOn', 'Dagen kan ikke ligge frem i tiden.');
  if (input.decidedOn < askedOn) throw badInput('decidedOn', `Jobcenteret kan ikke have taget stilling, før borgeren bad om samtalen (${formatDanishDate(askedOn)}).`);
  const sets: Record<string, unknown> = {
    health_talk_decided_on: input.decidedOn,
    health_talk_outcome: input.outcome,
    health_talk_decision_note: input.note?.trim() || null,
  };
  const label = await actorLabel(ctx);
  return changeOffer(ctx, access, record, input, action, sets,
    (who, i) => `${who} registrerede jobcenterets stillingtagen efter samtalen med sundhedskoordinator om ${i.title}: ${HEALTH_TALK_OUTCOME_LABEL[input.outcome]}`, label);
}
