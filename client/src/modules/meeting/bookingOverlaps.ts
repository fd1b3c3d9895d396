import { localDate } from '@samplan/schema';
import { useQuery } from '@apollo/client/react';
import { formatTime, fromLocalInput } from '../../core/format';
import type { BookingOverlapsQuery as BookingOverlapsQueryType } from '../../gql/graphql';
import { BookingOverlapsQuery } from './meeting.documents';

type OverlapPlan = NonNullable<BookingOverlapsQueryType['plan']>;

const HOUR_MS = 3_600_000;

const timeOfDay = (at: string) => formatTime(at).replace(/^kl\. /, '');

/**
 * What the citizen already has while a samtale at `startsAt`–`endsAt` would run, each said as a
 * sentence: another samtale booked on the plan whose time overlaps it, and a planned activity on
 * the same Danish day whose time falls in it or in the hour before it (an activity has a time and
 * no end; it is taken to last an hour, as a samtale does until its end is chosen). An activity of
 * an intervention that has ended will not happen, and a done or cancelled one is no appointment.
 *
 * An activity is named as the plan page shows it: its title, or, when its details are withheld
 * from the reader (another unit's health or social details without the citizen's consent), only
 * that there is an activity in the intervention named, whose title and unit everyone on the plan sees.
 *
 * A samtale being moved (`exceptMeetingId`) is no overlap of its own new time.
 */
export function bookingOverlaps(plan: OverlapPlan, startsAt: string, endsAt: string, exceptMeetingId?: string): string[] {
  const start = new Date(startsAt).getTime();
  const end = new Date(endsAt).getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return [];
  const day = localDate(new Date(start));
  const samtaler = plan.meetings
    .filter((m) => m.id !== exceptMeetingId && m.status === 'BOOKED' && new Date(m.startsAt).getTime() < end && new Date(m.endsAt).getTime() > start)
    .map((m) => ({ at: new Date(m.startsAt).getTime(), text: `Borgeren har allerede en samtale kl. ${timeOfDay(m.startsAt)}–${timeOfDay(m.endsAt)} samme dag.` }));
  const interventions = new Map(plan.interventions.map((iv) => [iv.id, iv]));
  const withheld = new Set(plan.withheldInterventionIds);
  const activities = plan.activities.flatMap((a) => {
    const at = new Date(a.dueAt).getTime();
    const iv = a.interventionId ? interventions.get(a.interventionId) : undefined;
    const over = iv?.status === 'COMPLETED' || iv?.status === 'CANCELLED';
    if (a.status !== 'PLANNED' || over || localDate(new Date(at)) !== day || at >= end || at + HOUR_MS <= start) return [];
    const what = iv && withheld.has(iv.id) ? `en aktivitet i »${iv.title}«` : `»${a.title}«`;
    return [{ at, text: `Borgeren har allerede ${what} ${formatTime(a.dueAt)} samme dag${iv ? ` (${iv.unit.name})` : ''}.` }];
  });
  return [...samtaler, ...activities].sort((x, y) => x.at - y.at).map((o) => o.text);
}

/**
 * The overlaps of the samtale as typed in the booking form, or in "Flyt" (then without the
 * samtale moved), times on a Danish clock, from what the plan page has read already; nothing
 * until both times are real ones. A warning, not a refusal: a coordinator may book the samtale
 * at that time on purpose.
 */
export function useBookingOverlaps(planId: string, startsAtLocal: string, endsAtLocal: string, exceptMeetingId?: string): string[] {
  const { data } = useQuery(BookingOverlapsQuery, { variables: { planId } });
  const startsAt = fromLocalInput(startsAtLocal);
  const endsAt = fromLocalInput(endsAtLocal);
  return data?.plan && startsAt && endsAt ? bookingOverlaps(data.plan, startsAt, endsAt, exceptMeetingId) : [];
}

/** The overlaps said as one warning, with the way on: another time, or `doAnyway` ("book samtalen") all the same; null when there are none. */
export function overlapsNotice(overlaps: readonly string[], doAnyway: string): string | null {
  return overlaps.length ? `${overlaps.join(' ')} Vælg en anden tid, eller ${doAnyway} alligevel.` : null;
}
