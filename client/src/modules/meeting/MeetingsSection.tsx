import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { formatDateTime, formatTime } from '../../core/format';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { FormPanel, useFormPanel } from '../../core/forms/FormPanel';
import { label, MEETING_MODE_LABELS } from '../../core/labels';
import { ErrorNotice, Loading } from '../../core/ui';
import { useRenderAt } from '../../core/render-at';
import { getFragmentData, type FragmentType } from '../../gql';
import type { MeetingPeriod, ProgrammeType } from '../../gql/graphql';
import { ruleSource } from '../plan/programmeSources';
import { ChangedFlag, highlightClass, useHighlight, usePlanLive } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { calendarFileName, locationOf, meetingCalendar } from './ics';
import { MeetingItemFragment, PlanMeetingsQuery } from './meeting.documents';
import { AttendanceForm, BookMeetingForm, CancelMeetingForm, MoveMeetingForm, EditMeetingForm, type ForloebDates } from './MeetingForms';
import { usePlanAccessLost, usePlanCannotSave, usePlanOpen } from '../plan/planOpen';
import { meetingStatusWord } from './meetingFields';
import { bookedAfter } from './nextSamtale';

const MEETING_KINDS = new Set(['MEETING_BOOKED', 'MEETING_MOVED', 'MEETING_EDITED', 'MEETING_CANCELLED', 'MEETING_ATTENDANCE_RECORDED']);

/**
 * Calls `onChange` when the plan page hears of a samtale booked, moved, cancelled or recorded
 * after the page opened (its live events, modules/live): the newest such change it knows of
 * moves on. What the history held when it was first read is the starting point, not a change.
 */
function useMeetingChanges(onChange: () => void): void {
  const live = usePlanLive();
  const ready = !!live && !live.history.loading;
  const newest = live?.events.find((e) => MEETING_KINDS.has(e.kind))?.seq ?? null;
  const seen = useRef<string | null | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!ready) return;
    if (seen.current === undefined) seen.current = newest;
    else if (newest !== seen.current) {
      seen.current = newest;
      latest.current();
    }
  }, [ready, newest]);
}

/** Hands the samtale to the browser as a calendar file to open or save. */
function downloadCalendar(meeting: Parameters<typeof meetingCalendar>[0]) {
  const url = URL.createObjectURL(new Blob([meetingCalendar(meeting)], { type: 'text/calendar;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = calendarFileName(meeting);
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type MeetingRef = FragmentType<typeof MeetingItemFragment>;

function MeetingItem(props: {
  meeting: MeetingRef;
  planId: string;
  programme: ForloebDates;
  canWrite: boolean;
  coordinates: boolean;
  /** The next samtale booked after this one: "Registrér fremmøde" starts "Næste samtale" from it. */
  nextBookedAt: string | null;
  /** A mentor with a grant running today, who would see the samtale if it were shared. */
  mentorCanReceive: boolean;
  onMessage: (message: string) => void;
  /**
   * True while a form is open in the row, false when it closes: the section keeps the row in
   * its list meanwhile. `unsaved`: the form closed with nothing saved (Annullér, Escape), the row still shown.
   */
  onEditing: (id: string, editing: boolean, unsaved?: boolean) => void;
}) {
  const meeting = getFragmentData(MeetingItemFragment, props.meeting);
  const id = useId();
  const highlight = useHighlight(meeting.id);
  // A form left open when the programme ends stays (its button gone): closing it gives the focus to the samtale's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const move = useFormPanel(heading);
  const cancel = useFormPanel(heading);
  const attend = useFormPanel(heading);
  const edit = useFormPanel(heading);
  // Moving a samtale and registering its fremmøde are refused after the end; calling it off is not (the server's evenWhenEnded).
  const cannotSave = usePlanCannotSave();
  const booked = meeting.status === 'BOOKED';
  // Begun and ended by the clock: the row changes then (Registrér fremmøde), with nothing else happening.
  useRenderAt(booked ? [meeting.startsAt, meeting.endsAt] : []);
  const begun = new Date(meeting.startsAt).getTime() <= Date.now();
  // Held, and its fremmøde not registered yet: it stays under Kommende samtaler until it is
  // (registered, it goes to Tidligere samtaler at once: the server's MeetingPeriod).
  const awaitingAttendance = booked && new Date(meeting.endsAt).getTime() < Date.now();
  const people = [...meeting.staff.map((s) => s.name), ...meeting.guests.map((g) => `${g.name} (${g.relation})`)];
  const editing = move.open || cancel.open || attend.open || edit.open;
  const { onEditing } = props;
  const meetingId = meeting.id;
  // Whether the open form was saved, and whether the row itself is going (before the effect below is cleaned up).
  const saved = useRef(false);
  const going = useRef(false);
  useLayoutEffect(() => {
    going.current = false;
    return () => {
      going.current = true;
    };
  }, []);
  // Said before the browser paints, so the row is held from the render the form opens in.
  useLayoutEffect(() => {
    if (!editing) return;
    saved.current = false;
    onEditing(meetingId, true);
    return () => onEditing(meetingId, false, !saved.current && !going.current);
  }, [editing, onEditing, meetingId]);
  // A moved or edited samtale is still booked: focus goes back to its button.
  const stillBooked = (panel: { close: () => void }) => (message: string) => {
    saved.current = true;
    props.onMessage(message);
    panel.close();
  };
  // A cancelled or recorded samtale is booked no more, and its buttons go with the form: the
  // section's message takes the focus instead (useChangeNotice), so it is not left on the page's body.
  const ended = (dismiss: () => void) => (message: string) => {
    saved.current = true;
    props.onMessage(message);
    dismiss();
  };
  return (
    <li className={`meeting${highlightClass(highlight)}`} data-testid="meeting" data-meeting-id={meeting.id} aria-labelledby={`${id}-when`}>
      <h3 id={`${id}-when`} ref={heading} tabIndex={-1} className="meeting-when">
        <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>–<time dateTime={meeting.endsAt}>{formatTime(meeting.endsAt).replace(/^kl\. /, '')}</time>{' '}
        <span className={`status status-${meeting.status.toLowerCase()}`}>{meetingStatusWord(meeting.status, meeting.mode)}</span>
      </h3>
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={meeting.id} />
      {awaitingAttendance ? (
        <p className="notice notice-warning" data-testid="awaiting-attendance">
          Samtalen er slut, og fremmøde er ikke registreret.
        </p>
      ) : null}
      <dl className="facts">
        <dt>Form</dt>
        <dd>
          {label(MEETING_MODE_LABELS, meeting.mode)}
          {meeting.mode === 'PHONE' ? null : <>: {meeting.mode === 'VIDEO' && meeting.videoLink ? <a href={meeting.videoLink}>{meeting.videoLink}</a> : locationOf(meeting).replace(/^Video – /, '')}</>}
        </dd>
        <dt>Deltagere</dt>
        <dd>{people.length ? `Borgeren, ${people.join(', ')}` : 'Borgeren'}</dd>
        <dt>Dagsorden</dt>
        <dd className="pre-line">{meeting.agenda || 'Ikke angivet.'}</dd>
        {meeting.cancelReason ? (
          <>
            <dt>Aflyst, fordi</dt>
            <dd className="pre-line">{meeting.cancelReason}</dd>
          </>
        ) : null}
        {meeting.status === 'ABSENT' ? (
          <>
            <dt>Udeblivelse</dt>
            <dd className="pre-line">{meeting.absenceReasonableCause ? 'Med rimelig grund' : 'Uden rimelig grund'}{meeting.attendanceNote ? `. ${meeting.attendanceNote}` : ''}</dd>
          </>
        ) : null}
        {/* The note written with "Borgeren mødte" (the held samtale's own summary is under Opfølgningssamtaler). */}
        {meeting.status === 'ATTENDED' && meeting.attendanceNote ? (
          <>
            <dt>Note om fremmødet</dt>
            <dd className="pre-line">{meeting.attendanceNote}</dd>
          </>
        ) : null}
        <dt>Booket af</dt>
        <dd>{meeting.bookedBy?.name ?? 'Ukendt'}</dd>
      </dl>
      <p className="actions no-print">
        {props.canWrite && booked ? (
          <>
            <button {...move.buttonProps} className="button button-secondary">
              Flyt<span className="visually-hidden"> samtalen {formatDateTime(meeting.startsAt)}</span>
            </button>
            {/* Once over, it waits for its fremmøde, which records who took part. */}
            {awaitingAttendance ? null : (
              <button {...edit.buttonProps} className="button button-secondary">
                Ret deltagere og dagsorden<span className="visually-hidden"> for samtalen {formatDateTime(meeting.startsAt)}</span>
              </button>
            )}
            <button {...cancel.buttonProps} className="button button-secondary">
              Aflys<span className="visually-hidden"> samtalen {formatDateTime(meeting.startsAt)}</span>
            </button>
            {begun ? (
              <button {...attend.buttonProps} className="button button-secondary">
                Registrér fremmøde<span className="visually-hidden"> {formatDateTime(meeting.startsAt)}</span>
              </button>
            ) : null}
          </>
        ) : null}
        {booked || meeting.status === 'CANCELLED' ? (
          <button type="button" className="button button-secondary" onClick={() => downloadCalendar(meeting)}>
            Hent i kalender (.ics)<span className="visually-hidden"> for samtalen {formatDateTime(meeting.startsAt)}</span>
          </button>
        ) : null}
      </p>
      <div {...move.panelProps}>{move.open ? <MoveMeetingForm meeting={meeting} planId={props.planId} cannotSave={cannotSave} onDone={stillBooked(move)} onCancel={move.close} /> : null}</div>
      <div {...edit.panelProps}>
        {edit.open ? <EditMeetingForm meeting={meeting} planId={props.planId} cannotSave={cannotSave} onDone={stillBooked(edit)} onCancel={edit.close} /> : null}
      </div>
      <div {...cancel.panelProps}>{cancel.open ? <CancelMeetingForm meeting={meeting} onDone={ended(cancel.dismiss)} onCancel={cancel.close} /> : null}</div>
      <div {...attend.panelProps}>
        {attend.open ? <AttendanceForm meeting={meeting} programme={props.programme} coordinates={props.coordinates} nextBookedAt={props.nextBookedAt} mentorCanReceive={props.mentorCanReceive} cannotSave={cannotSave} onDone={ended(attend.dismiss)} onCancel={attend.close} /> : null}
      </div>
    </li>
  );
}

/**
 * The samtaler as read, with the rows held while a form is open in them: a held row the
 * answer no longer has stays where it was shown, after the row it followed then. A samtale
 * leaves Kommende samtaler when someone else registers its fremmøde or cancels it (or, in
 * Tidligere samtaler, moves it ahead) and the samtaler are read again (any samtale's change,
 * a reconnect); with it would go the form and what the user wrote in it.
 */
function withHeld(read: readonly MeetingRef[], before: readonly string[], held: ReadonlySet<string>, known: ReadonlyMap<string, MeetingRef>): MeetingRef[] {
  const idOf = (m: MeetingRef) => getFragmentData(MeetingItemFragment, m).id;
  const list = [...read];
  const ids = new Set(list.map(idOf));
  for (const [at, id] of before.entries()) {
    const kept = known.get(id);
    if (!held.has(id) || ids.has(id) || !kept) continue;
    const after = before.slice(0, at).findLast((b) => list.some((m) => idOf(m) === b));
    list.splice(after === undefined ? 0 : list.findIndex((m) => idOf(m) === after) + 1, 0, kept);
    ids.add(id);
  }
  return list;
}

/**
 * Said when no booked samtale is past. Samtaler registered as held without a booking are
 * counted under Opfølgningssamtaler, so "none" alone would contradict the count there. A plan
 * has a time agreed at its last held samtale (Plan.nextFollowUpAt) exactly when one is held.
 */
function noPastText(heldSamtaler: boolean): string {
  return heldSamtaler ? 'Der er ingen tidligere bookede samtaler. Afholdte samtaler står under Opfølgningssamtaler.' : 'Der er ingen tidligere samtaler.';
}

/**
 * Samtaler: the booked samtaler of the plan, the next first, with time, place, participants
 * and agenda; the coordinator and the units on the team book, move, cancel and record them,
 * and take each into their calendar. Changes made elsewhere arrive live: the section reads
 * its samtaler again when the plan's live events say a samtale changed (the event's record is
 * not yet written into the cache directly, so the section's own query is refetched).
 */
export function MeetingsSection(props: {
  planId: string;
  /** The forløb's dates, as the plan page read them: "Registrér fremmøde" refuses a samtale held before them; its type, for the rule's source. */
  programme: ForloebDates & { type?: ProgrammeType };
  /** A mentor grant runs today: a held samtale may be shared with the mentor (mentorGrants.ts). */
  mentorCanReceive?: boolean;
}) {
  const id = useId();
  // Kommende samtaler: those ahead, and those held whose fremmøde is still to be registered (OPEN).
  const [period, setPeriod] = useState<MeetingPeriod>('OPEN');
  const { data, previousData, loading, error, refetch } = useQuery(PlanMeetingsQuery, { variables: { planId: props.planId, period } });
  const notice = useChangeNotice('meeting-notice');
  useMeetingChanges(() => void refetch().catch(() => undefined));
  const plan = data?.plan;
  // What the plan says whatever the period shown (may I book, the time agreed): while the
  // other period's list comes, as it was. Otherwise "Book samtale", and a form open under
  // it with what was typed, would go while the list loads.
  const planFacts = plan ?? previousData?.plan;
  const open = usePlanOpen();
  const cannotSave = usePlanCannotSave();
  const canWrite = !!planFacts?.myStanding && open;
  // "Book samtale" left open when the programme ends stays with what was typed, and cannot be saved.
  const heading = useRef<HTMLHeadingElement>(null);
  // The rows with a form open, and each samtale's ids and data as last shown in this period.
  const [held, setHeld] = useState<ReadonlySet<string>>(() => new Set());
  const shown = useRef<{ period: MeetingPeriod; ids: readonly string[]; known: ReadonlyMap<string, MeetingRef> }>({ period, ids: [], known: new Map() });
  // The samtaler the last answer holds, in the period asked for.
  const read = useRef<{ period: MeetingPeriod; ids: ReadonlySet<string> }>({ period, ids: new Set() });
  read.current = { period, ids: new Set((plan?.meetings ?? []).map((m) => m.id)) };
  const { show } = notice;
  const editing = useCallback(
    (meetingId: string, on: boolean, unsaved?: boolean) => {
      setHeld((current) => {
        const next = new Set(current);
        if (on) next.add(meetingId);
        else next.delete(meetingId);
        return next;
      });
      // A row held only for its form goes when the form closes: say where the samtale went, and the message takes the focus the row had.
      const kept = shown.current.known.get(meetingId);
      if (on || !unsaved || !kept || read.current.ids.has(meetingId)) return;
      const when = formatDateTime(getFragmentData(MeetingItemFragment, kept).startsAt);
      show(
        read.current.period === 'OPEN'
          ? `Samtalen ${when} står nu under Tidligere samtaler.`
          : `Samtalen ${when} er flyttet og står nu under Kommende samtaler.`,
      );
    },
    [show],
  );
  // Another period is another list: what was shown in the one before is not held into it.
  const before = shown.current.period === period ? shown.current : { ids: [], known: new Map<string, MeetingRef>() };
  const meetings = withHeld(plan?.meetings ?? [], before.ids, held, before.known);
  useLayoutEffect(() => {
    const known = new Map(meetings.map((m) => [getFragmentData(MeetingItemFragment, m).id, m] as const));
    shown.current = { period, ids: [...known.keys()], known };
  });
  // The time agreed at the last samtale, while nothing is booked and it is still ahead.
  useRenderAt([planFacts?.nextFollowUpAt]);
  const agreedAhead = planFacts && !planFacts.nextBookedMeeting && planFacts.nextFollowUpAt && new Date(planFacts.nextFollowUpAt).getTime() > Date.now() ? planFacts.nextFollowUpAt : null;
  // Once booked as the agreed samtale it is no longer to be booked, also after that booking is
  // moved or called off: nothing is then agreed until a new time is agreed or booked.
  const agreed = agreedAhead && !planFacts?.nextFollowUpBooked ? agreedAhead : null;
  // After the end no samtale of the forløb is held, so the one agreed is not to be booked; its
  // booking, if it had one, was called off with the end.
  const accessLost = usePlanAccessLost();
  const ended = !open && !accessLost;
  const shownMeetings = meetings.map((m) => getFragmentData(MeetingItemFragment, m));
  const agreedCancelled = !!agreedAhead && shownMeetings.some((m) => m.status === 'CANCELLED' && new Date(m.startsAt).getTime() === new Date(agreedAhead).getTime());
  // The samtaler booked ahead of each, as the list and the plan know them.
  const booked = [...shownMeetings, ...(planFacts?.nextBookedMeeting ? [{ ...planFacts.nextBookedMeeting, status: 'BOOKED' }] : [])];
  return (
    <section className="card" aria-labelledby="meetings-heading" data-testid="meetings-section">
      <h2 id="meetings-heading" ref={heading} tabIndex={-1}>
        Samtaler
      </h2>
      <p className="hint">Den næste samtale aftales altid, før en samtale slutter ({ruleSource(props.programme.type, '5.5')}).</p>
      {notice.element}
      {agreedAhead && ended ? (
        <p className="notice notice-info" data-testid="agreed-after-end">
          Forløbet er afsluttet, så der holdes ikke flere samtaler i det. Samtalen, der var aftalt til <time dateTime={agreedAhead}>{formatDateTime(agreedAhead)}</time>,{' '}
          {agreedCancelled ? 'er aflyst.' : 'skal ikke bookes.'}
        </p>
      ) : agreed ? (
        <p className="notice notice-info" data-testid="agreed-not-booked">
          Næste samtale er aftalt til <time dateTime={agreed}>{formatDateTime(agreed)}</time>, men den er ikke booket endnu. Book den, så tid, sted og deltagere står i planen, og
          borgeren kan se dem.
        </p>
      ) : null}
      {canWrite || (!!planFacts?.myStanding && !!cannotSave) ? (
        <FormPanel label={agreed ? 'Book den aftalte samtale' : 'Book samtale'} offered={canWrite} focusWithoutButton={heading} onDone={notice.show}>
          {(close, done) => <BookMeetingForm planId={props.planId} agreedAt={agreed ?? undefined} cannotSave={cannotSave} onDone={done} onCancel={close} />}
        </FormPanel>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-period`}>Vis</label>
        <select id={`${id}-period`} value={period} onChange={(e) => setPeriod(e.target.value as MeetingPeriod)}>
          <option value="OPEN">Kommende samtaler</option>
          <option value="PAST">Tidligere samtaler</option>
        </select>
      </div>
      {loading && !data ? <Loading label="Henter samtaler…" /> : null}
      {error ? <ErrorNotice error={error} title="Samtalerne kunne ikke vises" /> : null}
      {plan && meetings.length === 0 ? <p className="hint">{period === 'OPEN' ? 'Der er ingen kommende samtaler booket.' : noPastText(!!planFacts?.nextFollowUpAt)}</p> : null}
      {/* Not a live region: every samtale would be read out again on each change. What changed is said in the section's message. */}
      {meetings.length ? (
        <ol className="meeting-list">
          {meetings.map((m) => (
            <MeetingItem key={getFragmentData(MeetingItemFragment, m).id} meeting={m} planId={props.planId} programme={props.programme} canWrite={canWrite} coordinates={plan?.myStanding === 'COORDINATOR'}
              nextBookedAt={bookedAfter(getFragmentData(MeetingItemFragment, m).startsAt, booked)}
              mentorCanReceive={!!props.mentorCanReceive}
              onMessage={notice.show} onEditing={editing} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
