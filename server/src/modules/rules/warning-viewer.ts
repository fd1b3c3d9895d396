import type { Actor } from '../../core/auth/actor';
import type { RequestContext } from '../../core/context';
import { planPolicy, type PlanAccess } from '../plan';
import { Warning, WarningActor } from './warning.type';

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
 * can do it, and to the rest of the team as who does it. The warnings are computed once for
 * the programme (and recorded by fingerprint in the advising form); only the wording here
 * depends on the reader. Each plan's facts and each intervention's unit come from the
 * request's loaders, so a caseload costs one batch of each.
 */
export async function warningsForViewer(ctx: RequestContext, programmeId: string, warnings: Warning[]): Promise<Warning[]> {
  if (!warnings.some((w) => w.parts) || !ctx.actor) return warnings;
  const actor = ctx.actor;
  const [plan] = await ctx.loaders.planByProgramme.load(programmeId);
  const access = plan ? await ctx.loaders.planAccess.load(plan.id) : null;
  return Promise.all(warnings.map(async (w) => {
    if (!w.parts) return w;
    const byUnit = w.subjectId !== null && w.parts.some((p) => typeof p !== 'string' && p.who.includes(WarningActor.INTERVENTION_UNIT));
    const unitId = byUnit ? (await ctx.loaders.intervention.load(w.subjectId!))?.unitId ?? null : null;
    const message = w.parts
      .map((p) => (typeof p === 'string' ? p : access && p.who.some((who) => canAct(actor, access, who, unitId)) ? p.act : p.others))
      .join('');
    return Object.assign(new Warning(), { ...w, message });
  }));
}
