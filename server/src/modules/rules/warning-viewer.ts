import type { Actor } from '../../core/auth/actor';
import type { RequestContext } from '../../core/context';
import { planPolicy, type PlanAccess } from '../plan';
import { Warning, WarningActor, type WarningAdvice } from './warning.type';
import type { ProgrammeWarnings } from './warnings.service';

/** Whether the viewer holds the right on the plan that the advice needs (the rights plan-guard.ts asks for the same action). */
function canAct(actor: Actor, access: PlanAccess, who: WarningActor, interventionUnitId: string | null): boolean {
  switch (who) {
    case WarningActor.COORDINATOR:
      return planPolicy.coordinate(actor, access);
    case WarningActor.EMPLOYMENT_DECISION:
      return planPolicy.decide(actor, access);
    case WarningActor.PROGRAMME_DECISION:
      return planPolicy.decideWhatFollows(actor, access, access.programmeType ?? '');
    case WarningActor.INTERVENTION_UNIT:
      return interventionUnitId !== null && planPolicy.manageUnitWork(actor, access, interventionUnitId);
  }
}

/**
 * A programme's warnings as the viewer reads them: advice said as a thing to do to those who
 * can do it, and to the rest of the team as who does it; `forReader` says which of the two the
 * reader got, for the severity's label ("Handl nu" only to those who can act). The warnings are computed once for
 * the programme (and recorded by the fingerprint of their facts); only the wording here
 * depends on the reader. The plan and each intervention's unit come with the warnings' own
 * facts; the plan's access facts from the request's loader, which a caseload's page has
 * usually read already for its rows (Plan.myStanding), so the advice costs no round trip more.
 */
export async function warningsForViewer(ctx: RequestContext, { planId, warnings }: ProgrammeWarnings): Promise<Warning[]> {
  // A message that advises no one in particular, or read without a viewer, is said as computed: to those who act.
  const asComputed = (w: Warning) => Object.assign(new Warning(), { ...w, forReader: true });
  if (!warnings.some((w) => w.parts) || !ctx.actor) return warnings.map(asComputed);
  const actor = ctx.actor;
  const access = planId ? await ctx.loaders.planAccess.load(planId) : null;
  return warnings.map((w) => {
    if (!w.parts) return asComputed(w);
    const unitId = w.unitId ?? null;
    const readerActs = (p: WarningAdvice) => access !== null && p.who.some((who) => canAct(actor, access, who, unitId));
    const message = w.parts.map((p) => (typeof p === 'string' ? p : readerActs(p) ? p.act : p.others)).join('');
    // One advice of several the reader's is enough (the start date of an undated intervention, in an overdue indsatsgaranti).
    const forReader = w.parts.some((p) => typeof p !== 'string' && readerActs(p));
    return Object.assign(new Warning(), { ...w, message, forReader });
  });
}
