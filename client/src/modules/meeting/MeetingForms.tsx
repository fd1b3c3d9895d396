import { attendedBeforeForloeb, localDate, networkDiff, TEXT_LIMITS } from '@samplan/schema';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../core/format';
import { changedMeanwhile, conflictOf } from '../../core/forms/conflict';
import { problemOf, type EditField } from '../../core/forms/fields';
import { FieldGrid, FieldInput } from '../../core/forms/FieldInput';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { failureTitle, problemsFromServer, toldAtFields, type Problems } from '../../core/forms/formErrors';
import { useFieldValues } from '../../core/forms/useFieldValues';
import { checkFields, VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import type { MeetingItem_BookedMeetingFragment, MeetingStaffQuery as MeetingStaffQueryType, MeetingStaffQueryVariables } from '../../gql/graphql';
import { useViewer } from '../org/viewer';
import { BookMeetingMutation, CancelMeetingMutation, EditMeetingMutation, MeetingStaffQuery, MoveMeetingMutation, RecordMeetingAttendanceMutation } from './meeting.documents';
import { overlapsNotice, useBookingOverlaps } from './bookingOverlaps';
import { anHourAfter, endFollowingStart, meetingStatusWord, minutesBetween, WHEN_WHERE_FIELDS, whenWhereFieldsFor, whenWhereProblems } from './meetingFields';
import { ShareWithMentor } from './ShareWithMentor';

type Meeting = MeetingItem_BookedMeetingFragment;

/** The forløb's decision date and first day, as the plan page read them: no samtale of it is held before them. */
export type ForloebDates = { decisionDate: string; startDate: string };

/** After a write: the samtaler, and the plan page (a held samtale, the next-samtale warning). */
const REFRESHED = ['PlanMeetings', 'PlanPage'];

const AGENDA: FormField = { key: 'agenda', label: 'Dagsorden', input: 'textarea', hint: 'Hvad I skal tale om. Borgeren kan læse dagsordenen på Min plan og i kalenderfilen.', apiValue: (t) => t, maxChars: TEXT_LIMITS.long };

/** Place only for a samtale in person, a link only for video (whenWhereFieldsFor), then the agenda. */
const fieldsFor = (mode: string | undefined) => [...whenWhereFieldsFor(mode), AGENDA];

interface Guest {
  key: number;
  name: string;
  relation: string;
}

type GuestPart = 'name' | 'relation';

/** A guest's two fields as the form shows them, with the limit the server holds each to (MeetingGuestInput). */
const GUEST_FIELDS: Readonly<Record<GuestPart, EditField>> = {
  name: { key: 'name', label: 'Navn', input: 'text', maxChars: TEXT_LIMITS.title },
  relation: { key: 'relation', label: 'Relation', input: 'text', maxChars: TEXT_LIMITS.title },
};

/** Whose name or relation, in a problem that the summary lists apart from its row. */
const GUEST_SUBJECTS: Readonly<Record<GuestPart, string>> = { name: 'Deltagerens navn', relation: 'Deltagerens relation' };

/** The citizen's network and bisidder on a samtale, as a form edits them: each row keyed, so a row removed keeps the others' fields. */
function useGuests(initial: ReadonlyArray<{ name: string; relation: string }>, setProblems: (update: (cur: Problems) => Problems) => void) {
  const [guests, setGuests] = useState<Guest[]>(() => initial.map((g, i) => ({ key: i + 1, name: g.name, relation: g.relation })));
  const [nextKey, setNextKey] = useState(initial.length + 1);
  return {
    guests,
    add: () => {
      setGuests((cur) => [...cur, { key: nextKey, name: '', relation: '' }]);
      setNextKey((n) => n + 1);
    },
    remove: (key: number) => setGuests((cur) => cur.filter((g) => g.key !== key)),
    set: (key: number, part: 'name' | 'relation', value: string) => {
      setGuests((cur) => cur.map((g) => (g.key === key ? { ...g, [part]: value } : g)));
      setProblems((cur) => ({ ...cur, [`guest-${key}-${part}`]: '' }));
    },
    /** What the server refuses too: a name and a relation for each, each within its limit. */
    problems: (): Problems => {
      const found: Problems = {};
      for (const g of guests) {
        if (!g.name.trim()) found[`guest-${g.key}-name`] = 'Skriv deltagerens navn.';
        if (!g.relation.trim()) found[`guest-${g.key}-relation`] = 'Skriv deltagerens relation, fx »Pers mor« eller »bisidder«.';
        for (const part of ['name', 'relation'] as const) {
          const over = problemOf({ ...GUEST_FIELDS[part], label: GUEST_SUBJECTS[part] }, g[part]);
          if (over) found[`guest-${g.key}-${part}`] ??= over;
        }
      }
      return found;
    },
    input: () => guests.map((g) => ({ name: g.name.trim(), relation: g.relation.trim() })),
    /** The form's keys for the rows' fields, and the server's names for them ("guests.0.name": the first row sent). */
    keys: () => guests.flatMap((g) => [`guest-${g.key}-name`, `guest-${g.key}-relation`]),
    aliases: (): Record<string, string> =>
      Object.fromEntries(guests.flatMap((g, i) => (['name', 'relation'] as const).map((part) => [`guests.${i}.${part}`, `guest-${g.key}-${part}`]))),
  };
}

type Network = ReturnType<typeof useGuests>;

/** "Netværk og bisidder": people from outside the municipality whom the citizen wants with them. */
function GuestList({ id, network, problems }: { id: string; network: Network; problems: Problems }) {
  const guestInput = (g: Guest, part: GuestPart) => {
    const key = `guest-${g.key}-${part}`;
    return <FieldInput id={`${id}-${key}`} field={GUEST_FIELDS[part]} value={g[part]} error={problems[key]} onChange={(v) => network.set(g.key, part, v)} />;
  };
  return (
    <fieldset className="field">
      <legend>Netværk og bisidder</legend>
      <p className="hint">Personer uden for kommunen, som borgeren ønsker med, fx et familiemedlem eller en bisidder.</p>
      {network.guests.map((g, i) => (
        <div className="form-grid" key={g.key} role="group" aria-label={`Deltager ${i + 1} uden for kommunen`}>
          {guestInput(g, 'name')}
          {guestInput(g, 'relation')}
          <p className="actions">
            <button type="button" className="button button-secondary" onClick={() => network.remove(g.key)}>
              Fjern deltager {i + 1}
            </button>
          </p>
        </div>
      ))}
      <button type="button" className="button button-secondary" onClick={network.add}>
        Tilføj netværksperson eller bisidder
      </button>
    </fieldset>
  );
}

/**
 * "Slutter" following "Starter" in "Book samtale" and "Flyt" alike: the samtale keeps its length
 * (`minutes`) until the user changes the end themselves (endFollowingStart). `edited` is told
 * of each field the user changes; `follow` gives the end a new start brings.
 */
function useEndFollowingStart(minutes: number) {
  const [endChosen, setEndChosen] = useState(false);
  return {
    edited: (key: string) => {
      if (key === 'endsAt') setEndChosen(true);
    },
    follow: (key: string, value: string): Values => endFollowingStart(key, value, minutes, endChosen),
  };
}

type StaffOption = { id: string; name: string; role?: string | null; unit?: { name: string } | null };

/**
 * "Deltagere fra kommunen": whom the samtale may be booked with (MeetingStaffQuery), ticked.
 * `alsoShown`: people on the samtale already who are not among the options now (a unit taken
 * off the team since): shown ticked, so that taking them off is a choice the user sees.
 */
function StaffChoices(props: {
  id: string;
  options: ReturnType<typeof useQuery<MeetingStaffQueryType, MeetingStaffQueryVariables>>;
  chosen: readonly string[];
  onChange: (update: (cur: string[]) => string[]) => void;
  problem?: string;
  alsoShown?: readonly StaffOption[];
}) {
  const { id, options } = props;
  const listed: StaffOption[] = options.data?.plan?.meetingStaffOptions ?? [];
  const shown = [...listed, ...(props.alsoShown ?? []).filter((u) => !listed.some((o) => o.id === u.id))];
  return (
    <fieldset className="field" id={`${id}-staffIds`} tabIndex={-1} aria-describedby={`${id}-staffIds-hint${props.problem ? ` ${id}-staffIds-error` : ''}`}>
      <legend>Deltagere fra kommunen</legend>
      <p className="hint" id={`${id}-staffIds-hint`}>
        Koordinatoren og sagsbehandlerne fra enhederne i teamet, som kan se planen – og borgerens mentor, som kun får samtalens tid, form og sted at se, ikke dagsordenen eller de andre deltagere.
      </p>
      {options.loading ? <p className="hint">Henter medarbejdere…</p> : null}
      {/* Without the list there is nobody to tick: say so, rather than show an empty group. */}
      {options.error ? (
        <ErrorNotice error={options.error} title="Kommunens medarbejdere kunne ikke hentes" onRetry={() => void options.refetch().catch(() => undefined)} />
      ) : null}
      {shown.map((u) => (
        <div className="checkbox" key={u.id}>
          <input
            id={`${id}-staff-${u.id}`}
            type="checkbox"
            checked={props.chosen.includes(u.id)}
            onChange={(e) => props.onChange((cur) => (e.target.checked ? [...cur, u.id] : cur.filter((x) => x !== u.id)))}
          />
          <label htmlFor={`${id}-staff-${u.id}`}>
            {u.name}
            {u.unit ? `, ${u.unit.name}` : u.role === 'MENTOR' ? ', mentor' : ''}
          </label>
        </div>
      ))}
      <FieldError id={`${id}-staffIds-error`} message={props.problem} />
    </fieldset>
  );
}

/**
 * "Book samtale": time, place, who takes part (the municipality's staff, the citizen's network
 * and a bisidder) and the agenda. The next samtale is always agreed (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 5.5); booking the time agreed at the last samtale starts from
 * that time (`agreedAt`) and books it as that agreement's samtale.
 */
export function BookMeetingForm(props: {
  planId: string;
  agreedAt?: string;
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const staff = useQuery(MeetingStaffQuery, { variables: { planId: props.planId } });
  const [book, { loading }] = useMutation(BookMeetingMutation, { refetchQueries: REFRESHED });
  // The agreement the form was opened on, kept: the page's own changes live (a samtale recorded
  // with a new agreed time, the agreed samtale booked by a colleague) must not turn this booking
  // into another agreement's. The server refuses one no longer agreed, or already booked.
  const [agreedAt] = useState(props.agreedAt);
  const agreementMoved = agreedAt !== undefined && props.agreedAt !== agreedAt;
  const { values, set, problems, setProblems } = useFieldValues(() => {
    const startsAt = agreedAt ? toLocalInput(agreedAt) : '';
    return { startsAt, endsAt: startsAt ? anHourAfter(startsAt) : '', mode: 'IN_PERSON', place: '', videoLink: '', agenda: '' };
  });
  // A new samtale lasts an hour until its end is chosen.
  const end = useEndFollowingStart(60);
  // The one booking takes part, ticked from the start when the samtale may be booked with them
  // (else the citizen reads another as the participants, and them only as the contact); they
  // may untick themselves. Once the user has changed the list, it is theirs.
  const viewer = useViewer();
  const [chosenStaff, setChosenStaff] = useState<string[] | null>(null);
  const offered = staff.data?.plan?.meetingStaffOptions ?? [];
  const ticked = viewer && offered.some((u) => u.id === viewer.id) ? [viewer.id] : [];
  const staffIds = chosenStaff ?? ticked;
  const setStaffIds = (update: (cur: string[]) => string[]) => setChosenStaff((cur) => update(cur ?? ticked));
  const network = useGuests([], setProblems);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldsFor(values.mode);
  // Said before sending, and never a refusal: a coordinator may book it at that time on purpose.
  const overlaps = useBookingOverlaps(props.planId, values.startsAt, values.endsAt);

  const change = (key: string, value: string) => {
    set(key, value);
    end.edited(key);
    for (const [other, text] of Object.entries(end.follow(key, value))) set(other, text);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const found: Problems = { ...checkFields(fields, values, {}), ...whenWhereProblems(values), ...network.problems() };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setError(null);
    const startsAt = fromLocalInput(values.startsAt);
    try {
      await book({
        variables: {
          input: {
            planId: props.planId,
            startsAt,
            endsAt: fromLocalInput(values.endsAt),
            mode: values.mode as Meeting['mode'],
            place: values.mode === 'IN_PERSON' ? values.place.trim() : null,
            videoLink: values.mode === 'VIDEO' ? values.videoLink.trim() || null : null,
            staffIds,
            guests: network.input(),
            agenda: values.agenda,
            // Booked as the agreed samtale, also at another time: its cancellation, not another's, tells the mentor it is off.
            ...(agreedAt ? { agreedAt } : {}),
          },
        },
      });
      props.onDone(`Samtalen er booket ${formatDateTime(startsAt)}.`);
    } catch (e) {
      const keys = [...fields.map((f) => f.key), 'staffIds', ...network.keys()];
      const aliases = network.aliases();
      setProblems(problemsFromServer(e, keys, { aliases }));
      // Said at its fields and in the summary, a field's problem is not said a third time in a box.
      setError(toldAtFields(e, keys, { aliases }) ? null : e);
    }
  };

  return (
    <form className="edit-form aside-form-wide" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Book samtale
      </h3>
      <StatusNotice message={props.cannotSave} />
      <StatusNotice
        message={
          agreementMoved
            ? props.agreedAt
              ? `Der er aftalt en ny tid for næste samtale, ${formatDateTime(props.agreedAt)}, mens formularen var åben. Luk formularen, og book den samtale, der nu er aftalt.`
              : 'Den aftalte samtale er booket eller ikke længere aftalt, mens formularen var åben. Luk formularen, og se samtalerne, før du booker.'
            : null
        }
      />
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={change} />
      <StatusNotice message={overlapsNotice(overlaps, 'book samtalen')} />
      <StaffChoices id={id} options={staff} chosen={staffIds} onChange={setStaffIds} problem={problems.staffIds} />
      <GuestList id={id} network={network} problems={problems} />
      {error ? <ErrorNotice error={error} title={failureTitle(problems, 'Samtalen blev ikke booket')} /> : null}
      <FormActions loading={loading} busyLabel="Booker…" submitLabel="Book samtale" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}

/**
 * "Flyt": a new time or place, on the version read (a newer change by someone else opens the
 * conflict view). A new time the citizen already has something at is warned of before sending,
 * as in "Book samtale"; the samtale moved is not in its own way.
 */
export function MoveMeetingForm(props: { meeting: Meeting; planId: string; cannotSave?: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const { meeting } = props;
  const [move, { loading }] = useMutation(MoveMeetingMutation, { refetchQueries: REFRESHED });
  const [when] = useState(formatDateTime(meeting.startsAt));
  // The samtale as the form opened on it: its fields start from it, so what it held then is not "typed".
  const [opened] = useState(meeting);
  // The times as typed (on a Danish clock), for the warning.
  const [times, setTimes] = useState(() => ({ startsAt: toLocalInput(opened.startsAt), endsAt: toLocalInput(opened.endsAt) }));
  // Moved to another time, it keeps the length it was booked with, as a booking keeps its hour.
  const [length] = useState(() => {
    const minutes = minutesBetween(toLocalInput(opened.startsAt), toLocalInput(opened.endsAt));
    return minutes && minutes > 0 ? minutes : 60;
  });
  const end = useEndFollowingStart(length);
  const overlaps = useBookingOverlaps(props.planId, times.startsAt, times.endsAt, meeting.id);
  // Only a new time is warned of: a place corrected keeps the time the samtale already has.
  const newTime = times.startsAt !== toLocalInput(opened.startsAt) || times.endsAt !== toLocalInput(opened.endsAt);
  // The form chosen, for its fields as "Book samtale" shows them: a place only in person, a link only for video.
  const [mode, setMode] = useState<string>(opened.mode);
  return (
    <VersionedEditForm
      heading={`Flyt samtalen ${when}`}
      headingLevel={4}
      subject="Samtalen"
      typename="BookedMeeting"
      fields={whenWhereFieldsFor(mode)}
      // Both versions in full: the colleague's may be of another form, with its place or link.
      conflictFields={WHEN_WHERE_FIELDS}
      record={meeting}
      liveVersion={meeting.version}
      staleNotice="En anden har ændret samtalen, mens du flytter den. Når du gemmer, kan du sammenligne de to udgaver."
      cannotSave={props.cannotSave}
      intro={<StatusNotice message={newTime ? overlapsNotice(overlaps, 'flyt samtalen') : null} />}
      follow={end.follow}
      onEdit={(key, value) => {
        end.edited(key);
        if (key === 'mode') setMode(value);
        if (key === 'startsAt' || key === 'endsAt') setTimes((cur) => ({ ...cur, [key]: value, ...end.follow(key, value) }));
      }}
      check={(values) => whenWhereProblems(values, new Date(), meeting.startsAt)}
      save={(changed, expectedVersion, onTopOf, baseVersion) => {
        const value = (key: string) => (key in changed ? changed[key] : onTopOf[key]);
        return move({
          variables: {
            input: {
              id: meeting.id,
              expectedVersion: expectedVersion ?? meeting.version,
              baseVersion,
              startsAt: value('startsAt') as string,
              endsAt: value('endsAt') as string,
              mode: value('mode') as Meeting['mode'],
              place: (value('place') as string | null) ?? null,
              videoLink: (value('videoLink') as string | null) ?? null,
            },
          },
        });
      }}
      loading={loading}
      failedTitle="Samtalen blev ikke flyttet"
      savedMessage={(changed) => `Samtalen er flyttet${changed.startsAt ? ` til ${formatDateTime(String(changed.startsAt))}` : ''}. Hent den nye kalenderfil.`}
      tookTheirsMessage="Du ser nu den nyeste udgave af samtalen. Din ændring er ikke gemt."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

/**
 * The samtale a form works on, as read when the form opened: the version it saves on and its
 * time. The samtaler are read again on every live change, so the samtale in the props may be
 * one the user never saw. `stale`: it has changed since (said at once; shown in full on the
 * CONFLICT). `takeCurrent`, on a CONFLICT: the samtale as it is now into the cache and the
 * form (the next send goes on that version), its time and status for the form's own words.
 */
function useMeetingAsOpened(meeting: Meeting) {
  const client = useApolloClient();
  // Asked only who saved the samtale last: the user's own save in another window is told as theirs (`byMe`).
  const editing = useRecordEditing(meeting.id, false);
  const [shown, setShown] = useState(() => ({ version: meeting.version, startsAt: meeting.startsAt }));
  const [changedBy, setChangedBy] = useState<string | null>(null);
  const takeCurrent = (e: unknown): { startsAt: string; status: Meeting['status'] | undefined; byMe: boolean } | null => {
    const c = conflictOf(e);
    if (!c) return null;
    applyEntityToCache(client.cache, c.current, { typename: 'BookedMeeting' });
    const startsAt = typeof c.current.startsAt === 'string' ? c.current.startsAt : shown.startsAt;
    setShown({ version: c.current.version, startsAt });
    return { startsAt, status: c.current.status as Meeting['status'] | undefined, byMe: editing.savedByMe(c.current) };
  };
  const stale = meeting.version > shown.version;
  // Who changed it since, for the notice said at once: the user in another window, or someone else.
  const staleBy = (doing: string) => (editing.lastSavedByMe() ? `Samtalen er gemt af dig i et andet vindue, mens du ${doing} her` : `En anden har ændret samtalen, mens du ${doing}`);
  return { shown, stale, staleBy, changedBy, setChangedBy, takeCurrent };
}

/**
 * What a form says when the samtale changed under it: the samtale as it is now. Said on
 * sending, it takes the focus, as the conflict view of "Flyt" does: the button pressed is busy
 * while sending and cannot hold it, and a keyboard or screen-reader user is to know at once
 * that nothing was saved. `version`: the samtale's version met, so a second change met says so
 * again even in the same words.
 */
function ChangedNotice({ text, version }: { text: string | null; version: number }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text, version]);
  return text ? (
    <p ref={ref} tabIndex={-1} className="notice notice-info" role="status" data-testid="meeting-changed">
      {text}
    </p>
  ) : null;
}

const REASON: FormField = { key: 'reason', label: 'Begrundelse', input: 'textarea', required: true, requiredMessage: 'Skriv, hvorfor samtalen aflyses.', maxChars: TEXT_LIMITS.short };

/**
 * "Aflys", with the reason: the samtale as it was when the form opened is what is cancelled.
 * The samtaler are read again on every live change, so the version at the time of sending
 * may be one the user never saw (moved to another day, the reason written about the first):
 * the version read on opening is sent, and a CONFLICT shows the samtale as it is now, with
 * nothing cancelled until the user sends again.
 */
export function CancelMeetingForm(props: { meeting: Meeting; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const [cancel, { loading }] = useMutation(CancelMeetingMutation, { refetchQueries: REFRESHED });
  const { values, set, problems, setProblems } = useFieldValues(() => ({ reason: '' }));
  const [error, setError] = useState<unknown>(null);
  // The samtale the user is cancelling: as read when the form opened, after a conflict as it is now.
  const { shown, stale, staleBy, changedBy, setChangedBy, takeCurrent } = useMeetingAsOpened(props.meeting);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkFields([REASON], values, {});
    setProblems(found);
    if (Object.keys(found).length) return;
    setError(null);
    try {
      await cancel({ variables: { input: { id: props.meeting.id, expectedVersion: shown.version, reason: values.reason.trim() } } });
      props.onDone(`Samtalen ${formatDateTime(shown.startsAt)} er aflyst. Hent kalenderfilen igen, så den også udgår af kalenderen.`);
    } catch (e) {
      // Show the samtale as it is now; cancelling it again goes on that version, with the reason kept.
      const current = takeCurrent(e);
      if (current) {
        const { startsAt, status } = current;
        const changed = `${changedMeanwhile('Samtalen', current.byMe)}, mens du havde formularen åben`;
        setChangedBy(
          !status || status === 'BOOKED'
            ? `${changed}. Den er nu ${formatDateTime(startsAt)}. Intet er aflyst. Se tidspunktet og din begrundelse igen, og aflys, hvis samtalen stadig skal aflyses.`
            : `${changed}, og står nu som »${meetingStatusWord(status, props.meeting.mode)}«. Den kan ikke længere aflyses, og intet er gemt.`,
        );
        return;
      }
      setProblems(problemsFromServer(e, ['reason']));
      setError(toldAtFields(e, ['reason']) ? null : e);
    }
  };
  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Aflys samtalen {formatDateTime(shown.startsAt)}
      </h4>
      <ChangedNotice text={changedBy} version={shown.version} />
      <StatusNotice message={stale ? `${staleBy('aflyser den')}. Når du trykker på »Aflys samtale«, ser du den nye udgave, før noget bliver aflyst.` : null} />
      <FieldGrid id={id} fields={[REASON]} values={values} problems={problems} onChange={set} />
      {error ? <ErrorNotice error={error} title={failureTitle(problems, 'Samtalen blev ikke aflyst')} /> : null}
      <FormActions loading={loading} busyLabel="Aflyser…" submitLabel="Aflys samtale" onCancel={props.onCancel} />
    </form>
  );
}

/**
 * "Ret deltagere og dagsorden": who takes part, ticked and listed as in "Book samtale", starting
 * from who is coming now, and the agenda. All of it is sent on the version read when the form
 * opened; a CONFLICT shows the samtale as it is now (moved, or changed by someone else), with
 * what the user chose kept, and nothing saved until they send again.
 */
export function EditMeetingForm(props: { meeting: Meeting; planId: string; cannotSave?: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { meeting } = props;
  const staff = useQuery(MeetingStaffQuery, { variables: { planId: props.planId } });
  const [save, { loading }] = useMutation(EditMeetingMutation, { refetchQueries: REFRESHED });
  const [problems, setProblems] = useState<Problems>({});
  const [staffIds, setStaffIds] = useState<string[]>(() => meeting.staff.map((u) => u.id));
  // Who was on it when the form opened: shown even if no longer among the options, so taking them off is seen.
  const [wasComing] = useState(meeting.staff);
  const [guestsOpened] = useState(meeting.guests);
  const network = useGuests(meeting.guests, setProblems);
  const [agenda, setAgenda] = useState(meeting.agenda);
  const [error, setError] = useState<unknown>(null);
  const { shown, stale, staleBy, changedBy, setChangedBy, takeCurrent } = useMeetingAsOpened(meeting);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const agendaOver = problemOf(AGENDA, agenda);
    const found: Problems = { ...network.problems(), ...(agendaOver ? { agenda: agendaOver } : {}) };
    setProblems(found);
    if (Object.keys(found).length) return;
    setError(null);
    try {
      const saved = await save({ variables: { input: { id: meeting.id, expectedVersion: shown.version, staffIds, guests: network.input(), agenda } } });
      const when = formatDateTime(shown.startsAt);
      if (saved.data?.editMeeting.version === shown.version) {
        props.onDone(`Intet er ændret i samtalen ${when}.`);
        return;
      }
      // The calendar file is the samtale as it is, with no list of who is invited: someone taken off keeps it in their calendar until told.
      // Against the samtale as the form opened on it, staff and network alike.
      const takenOff = wasComing.some((u) => !staffIds.includes(u.id)) || networkDiff(guestsOpened, network.input()).left.length > 0;
      props.onDone(`Deltagere og dagsorden for samtalen ${when} er gemt. Hent den nye kalenderfil.${takenOff ? ' Giv dem, der er taget af, besked, så samtalen udgår af deres kalender.' : ''}`);
    } catch (e) {
      const current = takeCurrent(e);
      if (current) {
        const changed = `${changedMeanwhile('Samtalen', current.byMe)}, mens du havde formularen åben`;
        setChangedBy(
          !current.status || current.status === 'BOOKED'
            ? `${changed}. Den er nu ${formatDateTime(current.startsAt)}. Intet er gemt. Se samtalen, og gem dine deltagere og din dagsorden igen, hvis de stadig passer.`
            : `${changed}, og står nu som »${meetingStatusWord(current.status, props.meeting.mode)}«. Den kan ikke længere ændres, og intet er gemt.`,
        );
        return;
      }
      const keys = ['staffIds', 'agenda', ...network.keys()];
      const aliases = network.aliases();
      setProblems(problemsFromServer(e, keys, { aliases }));
      setError(toldAtFields(e, keys, { aliases }) ? null : e);
    }
  };
  return (
    <form className="edit-form aside-form-wide" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Ret deltagere og dagsorden for samtalen {formatDateTime(shown.startsAt)}
      </h4>
      <ChangedNotice text={changedBy} version={shown.version} />
      <StatusNotice message={props.cannotSave ?? (stale ? `${staleBy('retter den')}. Når du gemmer, ser du den nye udgave, før noget bliver gemt.` : null)} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['staffIds', ...network.guests.flatMap((g) => [`guest-${g.key}-name`, `guest-${g.key}-relation`]), 'agenda']} />
      <StaffChoices id={id} options={staff} chosen={staffIds} onChange={setStaffIds} problem={problems.staffIds} alsoShown={wasComing} />
      <GuestList id={id} network={network} problems={problems} />
      <FieldInput id={`${id}-agenda`} field={AGENDA} value={agenda} error={problems.agenda} onChange={setAgenda} />
      {error ? <ErrorNotice error={error} title={failureTitle(problems, 'Ændringen blev ikke gemt')} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Gem ændringer" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}

const SUMMARY: FormField = { key: 'summary', label: 'Resumé', input: 'textarea', required: true, requiredMessage: 'Skriv et resumé af samtalen.' };
const NEXT: FormField = { key: 'nextMeetingAt', label: 'Næste samtale', input: 'datetime', required: true, requiredMessage: 'Angiv, hvornår næste samtale er aftalt.', hint: 'Næste samtale aftales, før denne slutter.' };
const NOTE: FormField = { key: 'note', label: 'Note', input: 'textarea' };

/** One choice of a group of radio buttons, labelled. */
function Radio(props: { name: string; id: string; value: string; checked: boolean; label: string; onChange: (value: string) => void }) {
  return (
    <div className="checkbox">
      <input type="radio" id={props.id} name={props.name} value={props.value} checked={props.checked} onChange={() => props.onChange(props.value)} />
      <label htmlFor={props.id}>{props.label}</label>
    </div>
  );
}

/**
 * "Registrér fremmøde": mødt — the samtale is recorded as held, with its summary and the next
 * samtale agreed, and may be shared with the mentor; udeblevet — whether there was reasonable
 * cause (rimelig grund), and a note. A held samtale is the coordinator's record (as
 * "Registrér opfølgningssamtale"); the rest of the team records an absence only.
 *
 * What is recorded is the samtale as it was when the form opened: the samtaler are read again
 * on every live change, so the version at the time of sending may be one the user never saw
 * (moved to another time, the absence or summary written about the first). The version read
 * on opening is sent, and a CONFLICT shows the samtale as it is now, with what the user filled
 * in kept and nothing recorded until they send again.
 *
 * Held, it becomes one of the forløb's samtaler: one begun before the forløb came to be is refused
 * at Fremmøde before sending, in the server's words with the way forward (attendedBeforeForloeb).
 */
export function AttendanceForm(props: {
  meeting: Meeting;
  /** The forløb the samtale is booked in. */
  programme: ForloebDates;
  coordinates: boolean;
  /** The next samtale already booked after this one: agreed, so "Næste samtale" starts from it. */
  nextBookedAt?: string | null;
  /** A mentor grant runs today: only then is there a mentor to share the samtale with. */
  mentorCanReceive?: boolean;
  /** Why the form can no longer be saved (the programme has ended); what was filled in stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [record, { loading }] = useMutation(RecordMeetingAttendanceMutation, { refetchQueries: REFRESHED });
  const { values, set, problems, setProblems } = useFieldValues(() => ({
    attendance: props.coordinates ? '' : 'ABSENT',
    reasonableCause: '',
    summary: '',
    nextMeetingAt: props.nextBookedAt ? toLocalInput(props.nextBookedAt) : '',
    note: '',
  }));
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The samtale the user is recording: as read when the form opened, after a conflict as it is now.
  const { shown, stale, staleBy, changedBy, setChangedBy, takeCurrent } = useMeetingAsOpened(props.meeting);
  const attended = values.attendance === 'ATTENDED';
  const absent = values.attendance === 'ABSENT';
  const fields = attended ? [SUMMARY, NEXT, NOTE] : [NOTE];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const found: Problems = checkFields(absent || attended ? fields : [], values, {});
    if (!values.attendance) found.attendance = 'Vælg, om borgeren mødte eller udeblev.';
    // Held on the Danish day it began, as the server judges it.
    const before = attended ? attendedBeforeForloeb(props.programme, localDate(new Date(shown.startsAt))) : null;
    if (before) found.attendance = before;
    if (absent && !values.reasonableCause) found.reasonableCause = 'Angiv, om der var rimelig grund til udeblivelsen.';
    const next = fromLocalInput(values.nextMeetingAt);
    if (attended && next && new Date(next) <= new Date(shown.startsAt)) found.nextMeetingAt = 'Næste samtale skal ligge efter denne.';
    setProblems(found);
    if (Object.keys(found).length) return;
    setError(null);
    try {
      await record({
        variables: {
          input: {
            id: props.meeting.id,
            expectedVersion: shown.version,
            attendance: values.attendance as 'ATTENDED' | 'ABSENT',
            reasonableCause: absent ? values.reasonableCause === 'yes' : null,
            note: values.note,
            summary: attended ? values.summary.trim() : null,
            nextMeetingAt: attended ? next : null,
            sharedWithMentor: attended && shared && !!props.mentorCanReceive,
          },
        },
      });
      props.onDone(attended ? `Samtalen er registreret som holdt. Næste samtale: ${formatDateTime(next)}.` : 'Udeblivelsen er registreret.');
    } catch (e) {
      // Show the samtale as it is now; recording it again goes on that version, with the user's answers kept.
      const current = takeCurrent(e);
      if (current) {
        const { startsAt, status } = current;
        const changed = `${changedMeanwhile('Samtalen', current.byMe)}, mens du havde formularen åben`;
        setChangedBy(
          status && status !== 'BOOKED'
            ? `${changed}, og står nu som »${meetingStatusWord(status, props.meeting.mode)}«. Fremmødet kan ikke længere registreres, og intet er gemt.`
            : new Date(startsAt).getTime() > Date.now()
              ? `${changed}. Den er nu ${formatDateTime(startsAt)}. Intet er registreret. Fremmødet kan først registreres, når samtalen er begyndt.`
              : `${changed}. Den er nu ${formatDateTime(startsAt)}. Intet er registreret. Se tidspunktet og dine oplysninger igen, og registrér fremmødet, hvis det stadig passer.`,
        );
        return;
      }
      const keys = ['attendance', 'reasonableCause', ...fields.map((f) => f.key)];
      setProblems(problemsFromServer(e, keys));
      setError(toldAtFields(e, keys) ? null : e);
    }
  };

  const group = (key: string, legend: string, choices: Array<[string, string]>) => (
    <fieldset className="field" id={`${id}-${key}`} tabIndex={-1} aria-describedby={problems[key] ? `${id}-${key}-error` : undefined}>
      <legend>{legend}</legend>
      {choices.map(([value, text]) => (
        <Radio key={value} name={`${id}-${key}`} id={`${id}-${key}-${value}`} value={value} checked={values[key] === value} label={text} onChange={(v) => set(key, v)} />
      ))}
      <FieldError id={`${id}-${key}-error`} message={problems[key]} />
    </fieldset>
  );

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Registrér fremmøde {formatDateTime(shown.startsAt)}
      </h4>
      <ChangedNotice text={changedBy} version={shown.version} />
      <StatusNotice
        message={
          props.cannotSave ??
          (stale ? `${staleBy('registrerer fremmødet')}. Når du trykker på »Registrér fremmøde«, ser du den nye udgave, før noget bliver gemt.` : null)
        }
      />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['attendance', 'reasonableCause', ...fields.map((f) => f.key)]} />
      {props.coordinates ? (
        group('attendance', 'Fremmøde', [['ATTENDED', meetingStatusWord('ATTENDED', props.meeting.mode)], ['ABSENT', 'Borgeren udeblev']])
      ) : (
        <p className="hint">Registrér, at borgeren udeblev. En holdt samtale registreres af den koordinerende sagsbehandler.</p>
      )}
      {absent ? group('reasonableCause', 'Var der rimelig grund til udeblivelsen?', [['yes', 'Ja, rimelig grund'], ['no', 'Nej, ingen rimelig grund']]) : null}
      {attended || absent ? (
        <div className="form-grid">
          {fields.map((f) => (
            <FieldInput key={f.key} id={`${id}-${f.key}`} field={f} value={values[f.key] ?? ''} error={problems[f.key]} onChange={(v) => set(f.key, v)} />
          ))}
        </div>
      ) : null}
      {attended && props.mentorCanReceive ? <ShareWithMentor id={id} shared={shared} onChange={setShared} /> : null}
      {error ? <ErrorNotice error={error} title={failureTitle(problems, 'Fremmødet blev ikke registreret')} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Registrér fremmøde" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}
