import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { formatDateTime, formatTime } from '../../core/format';
import { FormPanel, useFormPanel } from '../../core/forms/FormPanel';
import { label, MEETING_MODE_LABELS, MEETING_STATUS_LABELS } from '../../core/labels';
import { ErrorNotice, Loading, StatusNotice } from '../../core/ui';
import { getFragmentData, type FragmentType } from '../../gql';
import type { MeetingPeriod } from '../../gql/graphql';
import { ChangedFlag, highlightClass, useHighlight, usePlanLive } from '../live/PlanLive';
import { calendarFileName, locationOf, meetingCalendar } from './ics';
import { MeetingItemFragment, PlanMeetingsQuery } from './meeting.documents';
import { AttendanceForm, BookMeetingForm, CancelMeetingForm, MoveMeetingForm } from './MeetingForms';
import { usePlanOpen } from '../plan/planOpen';

const MEETING_KINDS = new Set(['MEETING_BOOKED', 'MEETING_MOVED', 'MEETING_CANCELLED', 'MEETING_ATTENDANCE_RECORDED']);

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

function MeetingItem(props: { meeting: FragmentType<typeof MeetingItemFragment>; canWrite: boolean; coordinates: boolean; onMessage: (message: string) => void }) {
  const meeting = getFragmentData(MeetingItemFragment, props.meeting);
  const id = useId();
  const highlight = useHighlight(meeting.id);
  const move = useFormPanel();
  const cancel = useFormPanel();
  const attend = useFormPanel();
  const booked = meeting.status === 'BOOKED';
  const begun = new Date(meeting.startsAt).getTime() <= Date.now();
  const people = [...meeting.staff.map((s) => s.name), ...meeting.guests.map((g) => `${g.name} (${g.relation})`)];
  const done = (close: () => void) => (message: string) => {
    props.onMessage(message);
    close();
  };
  return (
    <li className={`meeting${highlightClass(highlight)}`} data-testid="meeting" data-meeting-id={meeting.id} aria-labelledby={`${id}-when`}>
      <h3 id={`${id}-when`} className="meeting-when">
        <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>–<time dateTime={meeting.endsAt}>{formatTime(meeting.endsAt).replace(/^kl\. /, '')}</time>{' '}
        <span className={`status status-${meeting.status.toLowerCase()}`}>{label(MEETING_STATUS_LABELS, meeting.status)}</span>
      </h3>
      <ChangedFlag highlight={highlight} />
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
            <dd>{meeting.cancelReason}</dd>
          </>
        ) : null}
        {meeting.status === 'ABSENT' ? (
          <>
            <dt>Udeblivelse</dt>
            <dd>{meeting.absenceReasonableCause ? 'Med rimelig grund' : 'Uden rimelig grund'}{meeting.attendanceNote ? `. ${meeting.attendanceNote}` : ''}</dd>
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
      <div {...move.panelProps}>{move.open ? <MoveMeetingForm meeting={meeting} onDone={done(move.close)} onCancel={move.close} /> : null}</div>
      <div {...cancel.panelProps}>{cancel.open ? <CancelMeetingForm meeting={meeting} onDone={done(cancel.close)} onCancel={cancel.close} /> : null}</div>
      <div {...attend.panelProps}>{attend.open ? <AttendanceForm meeting={meeting} coordinates={props.coordinates} onDone={done(attend.close)} onCancel={attend.close} /> : null}</div>
    </li>
  );
}

/**
 * Samtaler: the booked samtaler of the plan, the next first, with time, place, participants
 * and agenda; the coordinator and the units on the team book, move, cancel and record them,
 * and take each into their calendar. Changes made elsewhere arrive live: the section reads
 * its samtaler again when the plan's live events say a samtale changed (the event's record is
 * not yet written into the cache directly, so the section's own query is refetched).
 */
export function MeetingsSection(props: { planId: string }) {
  const id = useId();
  const [period, setPeriod] = useState<MeetingPeriod>('UPCOMING');
  const { data, loading, error, refetch } = useQuery(PlanMeetingsQuery, { variables: { planId: props.planId, period } });
  const [message, setMessage] = useState<string | null>(null);
  useMeetingChanges(() => void refetch().catch(() => undefined));
  const plan = data?.plan;
  const open = usePlanOpen();
  const canWrite = !!plan?.myStanding && open;
  const meetings = plan?.meetings ?? [];
  // The time agreed at the last samtale, while nobody has booked it and it is still ahead.
  const agreed = plan && !plan.nextBookedMeeting && plan.nextFollowUpAt && new Date(plan.nextFollowUpAt).getTime() > Date.now() ? plan.nextFollowUpAt : null;
  return (
    <section className="card" aria-labelledby="meetings-heading" data-testid="meetings-section">
      <h2 id="meetings-heading">Samtaler</h2>
      <p className="hint">Den næste samtale aftales altid, før en samtale slutter (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).</p>
      <StatusNotice message={message} />
      {agreed ? (
        <p className="notice notice-info" data-testid="agreed-not-booked">
          Næste samtale er aftalt til <time dateTime={agreed}>{formatDateTime(agreed)}</time>, men den er ikke booket endnu. Book den, så tid, sted og deltagere står i planen, og
          borgeren kan se dem.
        </p>
      ) : null}
      {canWrite ? (
        <FormPanel label={agreed ? 'Book den aftalte samtale' : 'Book samtale'} onDone={setMessage}>
          {(close, done) => <BookMeetingForm planId={props.planId} agreedAt={agreed ?? undefined} onDone={done} onCancel={close} />}
        </FormPanel>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-period`}>Vis</label>
        <select id={`${id}-period`} value={period} onChange={(e) => setPeriod(e.target.value as MeetingPeriod)}>
          <option value="UPCOMING">Kommende samtaler</option>
          <option value="PAST">Tidligere samtaler</option>
        </select>
      </div>
      {loading && !data ? <Loading label="Henter samtaler…" /> : null}
      {error ? <ErrorNotice error={error} title="Samtalerne kunne ikke vises" /> : null}
      {plan && meetings.length === 0 ? <p className="hint">{period === 'UPCOMING' ? 'Der er ingen kommende samtaler booket.' : 'Der er ingen tidligere samtaler.'}</p> : null}
      {meetings.length ? (
        <ol className="meeting-list" aria-live="polite">
          {meetings.map((m) => (
            <MeetingItem key={m.id} meeting={m} canWrite={canWrite} coordinates={plan?.myStanding === 'COORDINATOR'} onMessage={setMessage} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
