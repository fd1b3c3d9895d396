import { todayInDenmark } from '@samplan/schema';
import { formatDate } from '../../core/format';

/** The period an intervention runs in (Startdato and Slutdato), either of which may be unset. */
export interface InterventionPeriod {
  startDate?: string | null;
  endDate?: string | null;
}

/**
 * An activity dated outside its intervention's period, on the Danish calendar day of its time:
 * after the intervention's last day, or before its first. Said, not refused: a preparatory step
 * may come before the start, and an end date is often moved later as the work goes on. But a
 * year or month typed wrong is caught while typing, and a plan whose steps run past their
 * intervention shows that the end date needs moving.
 */
export function outsidePeriodText(dueAt: string | null | undefined, period: InterventionPeriod | undefined): string | null {
  if (!dueAt || !period) return null;
  const at = new Date(dueAt);
  if (Number.isNaN(at.getTime())) return null;
  const day = todayInDenmark(at);
  if (period.endDate && day > period.endDate) return `Ligger efter indsatsens slutdato, ${formatDate(period.endDate)}.`;
  if (period.startDate && day < period.startDate) return `Ligger før indsatsens startdato, ${formatDate(period.startDate)}.`;
  return null;
}
