import { localDate, stepOfferedUntilMessage } from '@samplan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { recordAudit, RefusalToLog } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { badInput, conflict, forbidden, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { actorLabel, guardPlan, planPolicy, ProgrammeType, PROPOSE, refuseUnseen, writeInPlan, type Programme } from '../plan';
import { nextStepLastDays, nextStepsOn } from './law/law-version';
import { citedFor, LOV_1750, VEJLEDNING } from './law/sources';
import { DecideNextStepInput, NEXT_STEP_LABEL, NextStep, NextStepDecision, NextStepStatus } from './next-step.types';
import { keepPrepared } from '../../core/db/statement-batch';

interface NextStepRow {
  id: string;
  programme_id: string;
  step: NextStep;
  status: NextStepStatus;
  decided_on: string;
  note: string;
  version: number;
  decided_by: string | null;
}

function toDecision(r: NextStepRow): NextStepDecision {
  return Object.assign(new NextStepDecision(), {
    id: r.id, programmeId: r.programme_id, step: r.step, stepLabel: NEXT_STEP_LABEL[r.step], status: r.status, decidedOn: r.decided_on, note: r.note, version: r.version, decidedById: r.decided_by,
  });
}

async function selectDecisions(q: Queryable, programmeIds: readonly string[]): Promise<NextStepRow[]> {
  const valid = programmeIds.filter(isUuid);
  return valid.length ? q.query(keepPrepared(`SELECT * FROM programme_next_step WHERE programme_id = ANY($1::uuid[])`), [valid]) : [];
}

// Kept with the request's loaders, so it goes when they are read afresh (after a change, before each live event).
const perRequest = new WeakMap<object, DataLoader<string, NextStepDecision | null>>();

/** The decision per programme, batched per request. */
export function nextStepLoader(ctx: RequestContext): DataLoader<string, NextStepDecision | null> {
  let loader = perRequest.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const byId = new Map((await selectDecisions(ctx.db, ids)).map((r) => [r.programme_id, toDecision(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    perRequest.set(ctx.loaders, loader);
  }
  return loader;
}

/**
 * Records (or changes) the decision on what follows the programme — the municipality must
 * take it before the programme ends (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). A caseworker of an employment unit decides
 * (the coordinator when from one, else an employment caseworker on the plan); a coordinator
 * from another unit proposes (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1). Only the steps the law in force today offers for
 * the programme's type on the day of the decision (no new ressourceforløb decided from 1 February 2026). Versioned; audited;
 * announced to the plan's subscribers as a programme update.
 */
export async function decideNextStep(ctx: RequestContext, input: DecideNextStepInput): Promise<Programme> {
  const programme = isUuid(input.programmeId) ? await ctx.loaders.programme.load(input.programmeId) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!programme || !plan) return refuseUnseen(ctx, { action: 'DECIDE_NEXT_STEP', entityType: 'PROGRAMME', entityId: input.programmeId }, 'Forløbet');
  const access = await guardPlan(ctx, plan.id, PROPOSE, { action: 'DECIDE_NEXT_STEP', entityType: 'PROGRAMME', entityId: programme.id, label: 'Forløbet' });
  const status = planPolicy.decideWhatFollows(actorOf(ctx), access, programme.type) ? NextStepStatus.DECIDED : NextStepStatus.PROPOSED;
  const today = localDate(ctx.deps.clock.now());
  const decidedOn = input.decidedOn ?? today;
  if (decidedOn > today) throw badInput('decidedOn', 'En beslutning kan ikke dateres frem i tiden.');
  // Not before the programme itself was decided: a back-dated decision would pick an older law.
  if (decidedOn < programme.decisionDate) throw badInput('decidedOn', 'Beslutningen kan ikke ligge før afgørelsen om forløbet.');
  // The steps the law offered on the day of the decision: one taken before 1 February 2026
  // that a ressourceforløb follows stands when it is recorded later (lov nr. 1750/2025 stops
  // only those decided from that day), and a step the law did not have yet cannot be back-dated.
  if (!nextStepsOn(programme.type, decidedOn).includes(input.step)) {
    const source = input.step === NextStep.NEW_PROGRAMME || input.step === NextStep.RESSOURCEFORLOEB || input.step === NextStep.REVALIDERING ? LOV_1750 : citedFor(programme.type, VEJLEDNING('6.5'));
    // A step the law offered earlier in the programme: the refusal names its last day, not the type.
    const ended = nextStepLastDays(programme.type, programme.decisionDate, decidedOn).find((s) => s.step === input.step);
    throw ruleViolation('NEXT_STEP_NOT_AVAILABLE',
      ended ? stepOfferedUntilMessage(NEXT_STEP_LABEL[input.step], ended.lastDay) : `${NEXT_STEP_LABEL[input.step]} kan ikke besluttes for denne forløbstype efter reglerne på beslutningsdagen.`,
      source);
  }
  const note = (input.note ?? '').trim();
  const actorId = ctx.actor!.userId;
  const label = await actorLabel(ctx);
  const written = writeInPlan(ctx, access, { action: 'DECIDE_NEXT_STEP', entityType: 'PROGRAMME' }, async (m) => {
    const [existing] = await selectDecisions(m, [programme.id]);
    let row: NextStepRow;
    let before: NextStepRow | undefined;
    if (existing) {
      if (input.expectedVersion == null) throw conflict('Der er allerede truffet en beslutning. Se den, og ret den med dens version.', toDecision(existing));
      // A decision changed since the caller read it is a CONFLICT first (updateVersionedChange): they are
      // shown it. Only a change of the decision they saw is refused, and logged.
      if (existing.status === NextStepStatus.DECIDED && status === NextStepStatus.PROPOSED && existing.version === input.expectedVersion) {
        if (programme.type === ProgrammeType.HELHEDSORIENTERET) throw new RefusalToLog('only the coordinator', forbidden('Koordinatoren har truffet beslutningen. Kun koordinatoren kan ændre den.'));
        throw new RefusalToLog('decision needs an employment unit',
          ruleViolation('DECISION_NEEDS_EMPLOYMENT_UNIT', 'Beslutningen er truffet af beskæftigelse. En koordinerende sagsbehandler uden for beskæftigelse kan ikke ændre den.', citedFor(programme.type, VEJLEDNING('5.1'))));
      }
      const change = await updateVersionedChange(m, 'programme_next_step', existing.id, input.expectedVersion,
        { step: input.step, status, decided_on: decidedOn, note, decided_by: actorId, updated_at: ctx.deps.clock.now() },
        async () => toDecision((await selectDecisions(m, [programme.id]))[0]));
      [before, row] = [change.before as unknown as NextStepRow, change.after as unknown as NextStepRow];
    } else {
      const inserted: NextStepRow[] = await m.query(
        `INSERT INTO programme_next_step (municipality_id, programme_id, step, status, decided_on, note, decided_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (programme_id) DO NOTHING RETURNING *`,
        [access.municipalityId, programme.id, input.step, status, decidedOn, note, actorId, ctx.deps.clock.now()],
      );
      // Someone else decided between our read and our write: show them theirs.
      if (!inserted[0]) throw conflict('En anden har netop truffet beslutningen. Se den nye version.', toDecision((await selectDecisions(m, [programme.id]))[0]));
      row = inserted[0];
    }
    const decision = toDecision(row);
    return {
      result: programme,
      entityId: programme.id,
      event: {
        kind: EventKind.PROGRAMME_UPDATED,
        summary: `${label} ${status === NextStepStatus.DECIDED ? 'besluttede' : 'foreslog'} indsatsen efter forløbet: ${decision.stepLabel}`,
        // The decision itself is the record: the event's `record` is the whole NextStepDecision.
        entity: { __typename: 'NextStepDecision', ...decision },
        before: before && { __typename: 'NextStepDecision', ...toDecision(before) },
        versions: input.expectedVersion != null ? { expected: input.expectedVersion, base: input.baseVersion } : undefined,
      },
    };
  });
  try {
    return await written;
  } catch (error) {
    if (!(error instanceof RefusalToLog)) throw error;
    // The change's savepoint is rolled back: the refusal's row is written after it, so it stays.
    await recordAudit(ctx.db, { actor: actorOf(ctx), action: 'DECIDE_NEXT_STEP', entityType: 'PROGRAMME', entityId: programme.id, citizenId: access.citizenId, outcome: 'DENIED', detail: error.detail });
    throw error.refusal;
  }
}
