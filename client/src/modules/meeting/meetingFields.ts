import { charCount, endsOnItsDay, SAME_DAY_MESSAGE, TEXT_LIMITS, VIDEO_LINK_MAX, VIDEO_LINK_TOO_LONG } from '@samplan/schema';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../core/format';
import type { FormField, Values } from '../../core/forms/VersionedEditForm';
import { label, MEETING_MODE_LABELS, MEETING_MODES, MEETING_STATUS_LABELS } from '../../core/labels';
import type { MeetingMode, MeetingStatus } from '../../gql/graphql';

/** A time typed and shown on a Danish clock (whatever zone the browser runs in), sent as an instant. */
function localTime(key: string, text: string, requiredMessage: string): FormField {
  return {
    key,
    label: text,
    input: 'datetime',
    required: true,
    requiredMessage,
    format: (v) => formatDateTime(String(v)),
    textOf: (v) => toLocalInput(v as string),
    apiValue: fromLocalInput,
  };
}

/** Time and place of a samtale: the fields booking and moving share, typed in Danish time. */
export const WHEN_WHERE_FIELDS: readonly FormField[] = [
  localTime('startsAt', 'Starter', 'Vælg, hvornår samtalen begynder.'),
  { ...localTime('endsAt', 'Slutter', 'Vælg, hvornår samtalen slutter.'), notBefore: 'startsAt' },
  {
    key: 'mode',
    label: 'Form',
    input: 'select',
    required: true,
    options: MEETING_MODES.map((m) => ({ value: m, label: MEETING_MODE_LABELS[m] })),
    format: (v) => label(MEETING_MODE_LABELS, v as MeetingMode),
    hint: 'Samtaler over telefon og video tæller på lige fod med fremmøde (lov nr. 295 af 20. marts 2023).',
  },
  { key: 'place', label: 'Sted (adresse)', input: 'text', hint: 'Skal udfyldes ved fremmøde.', apiValue: (t) => t.trim() || null, maxChars: TEXT_LIMITS.title },
  // Its limit is said in the hint; a link over it is refused in the server's words (whenWhereProblems).
  { key: 'videoLink', label: 'Link til video', input: 'text', hint: 'Kun ved video. Tomt: linket oplyses senere.', apiValue: (t) => t.trim() || null, maxChars: VIDEO_LINK_MAX },
];

/**
 * What the server checks too, said before anything is sent: the end after the start and on
 * its Danish day (a "Flyt" of only the start to an earlier day keeps the old end), not in the
 * past, a place for a samtale in person, a link that is a https address.
 */
export function whenWhereProblems(values: Values, now = new Date(), keptStart?: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const starts = fromLocalInput(values.startsAt ?? '');
  const ends = fromLocalInput(values.endsAt ?? '');
  // A move that keeps the start (a link or a place corrected while the samtale is under way) is no move into the past.
  const kept = !!starts && !!keptStart && new Date(starts).getTime() === new Date(keptStart).getTime();
  if (starts && !kept && new Date(starts).getTime() < now.getTime()) problems.startsAt = 'En samtale kan ikke lægges i fortiden.';
  if (starts && ends && new Date(ends).getTime() <= new Date(starts).getTime()) problems.endsAt = 'Samtalen skal slutte efter, at den begynder.';
  else if (starts && ends && !endsOnItsDay(new Date(starts), new Date(ends))) problems.endsAt = SAME_DAY_MESSAGE;
  if (values.mode === 'IN_PERSON' && !values.place?.trim()) problems.place = 'Angiv stedet (adressen), når samtalen er ved fremmøde.';
  const link = values.videoLink?.trim();
  if (values.mode === 'VIDEO' && link && !/^https:\/\/\S+$/.test(link)) problems.videoLink = 'Linket skal være en https-adresse.';
  else if (values.mode === 'VIDEO' && link && charCount(link) > VIDEO_LINK_MAX) problems.videoLink = VIDEO_LINK_TOO_LONG;
  return problems;
}

/**
 * Time and place as "Book samtale" and "Flyt" show them for the form chosen: a place only for a
 * samtale in person, a link only for video. The server keeps no other (a place is dropped from
 * a samtale by phone), so a field for it would take what is not saved.
 */
export function whenWhereFieldsFor(mode: string | undefined): FormField[] {
  return WHEN_WHERE_FIELDS.filter((f) => (f.key !== 'place' || mode === 'IN_PERSON') && (f.key !== 'videoLink' || mode === 'VIDEO'));
}

/** The minutes from one time on the Danish clock to another later that day ("2026-11-24T10:00"), or null when either is not a time. */
export function minutesBetween(localStart: string, localEnd: string): number | null {
  if (!fromLocalInput(localStart) || !fromLocalInput(localEnd)) return null;
  const minuteOfDay = (t: string) => {
    const [hour, minute] = t.split('T')[1].split(':').map(Number);
    return hour * 60 + minute;
  };
  const days = (new Date(`${localEnd.slice(0, 10)}T00:00Z`).getTime() - new Date(`${localStart.slice(0, 10)}T00:00Z`).getTime()) / 86_400_000;
  return days * 24 * 60 + minuteOfDay(localEnd) - minuteOfDay(localStart);
}

/**
 * The end of a samtale that lasts `minutes` from `localStart` on the Danish clock, on the same
 * day (a samtale ends on the day it begins), so a start at 23.30 ends at 23.59, and the
 * repeated hour of the autumn's change of clock (02.30 on the last Sunday of October) an hour
 * on gives 03.30, not the same 02.30 again. An hour the spring's change skips is passed over
 * to the next.
 */
export function endAfter(localStart: string, minutes: number): string {
  if (!fromLocalInput(localStart)) return '';
  const [day, time] = localStart.split('T');
  const [hour, minute] = time.split(':').map(Number);
  const at = (total: number) => `${day}T${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  const start = hour * 60 + minute;
  for (const later of [start + minutes, start + minutes + 60]) {
    if (later > 23 * 60 + 59) return `${day}T23:59`;
    if (fromLocalInput(at(later))) return at(later);
  }
  return `${day}T23:59`;
}

/** The end of a samtale when only its start is chosen: an hour later (endAfter). */
export function anHourAfter(localStart: string): string {
  return endAfter(localStart, 60);
}

/**
 * "Slutter" as it follows a new "Starter" in "Book samtale" and "Flyt": the samtale keeps its
 * length (an hour for a new booking, its own when moved) until the user chooses the end
 * themselves, so a samtale moved to another day ends on that day too. Nothing follows a start
 * that is not a time yet.
 */
export function endFollowingStart(key: string, value: string, minutes: number, endChosen: boolean): Values {
  return key === 'startsAt' && !endChosen && fromLocalInput(value) ? { endsAt: endAfter(value, minutes) } : {};
}

/**
 * A samtale's state in words. A samtale by phone or video that was held: the citizen took
 * part ("deltog"), as "mødte" (turned up) says only of one in person.
 */
export function meetingStatusWord(status: MeetingStatus, mode: MeetingMode): string {
  return status === 'ATTENDED' && mode !== 'IN_PERSON' ? 'Borgeren deltog' : label(MEETING_STATUS_LABELS, status);
}
