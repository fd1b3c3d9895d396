import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useRef, useState, type JSX } from 'react';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { useLeavingAsksWhile } from '../../core/unsaved-text';
import { formatDate, formatDateTime, formatTime } from '../../core/format';
import { AREA_LABELS, INTERVENTION_STATUS_LABELS, label, MEETING_MODE_LABELS, SUB_GOAL_STATUS_LABELS } from '../../core/labels';
import { READ_ANEW, seqAfter, serverReadPosition, useEventStream, useRefreshOnReconnect, useStreamStart } from '../../core/live';
import { ErrorNotice, LiveBadge, Loading, StatusNotice, Tag } from '../../core/ui';
import type { MyPlanQuery as MyPlanData } from '../../gql/graphql';
import { calendarFileName, locationOf, meetingCalendar } from '../meeting/ics';
import { comparableProgress, otherScaleNote } from '../plan/ProgressChart';
import { ChangesNotice, forgetKeptPosition, keptPosition, NewTag } from './ChangesNotice';
import { CitizenPlanEventsSubscription, MarkMyPlanChangesSeenMutation, MyEndedProgrammeQuery, MyPlanQuery } from './citizen.documents';
import { CARD_ID, changedCards, describeChange, nextMeetingOf, SECTION_ID, type PlanChange } from './planChanges';
import { planPeriodSentence, programmeSentence, transitionSentence } from './programmeWords';
import { CitizenOwnWords } from './words/CitizenOwnWords';
import { KeptWords, type ReportUnsaved, type UnsavedWords } from './words/keptWords';
import { MyOwnWordsQuery } from './words/citizenWords.documents';
import './citizen.css';

type Plan = NonNullable<MyPlanData['myPlan']>;
type Contact = NonNullable<Plan['coordinator']>;
type Meeting = NonNullable<Plan['meetings']>[number];
type Intervention = NonNullable<Plan['interventions']>[number];
type Consent = NonNullable<Plan['consents']>[number];
type Appointment = NonNullable<Plan['activities']>[number];

/** An intervention that has ended: completed or cancelled. */
const ENDED = new Set(['COMPLETED', 'CANCELLED']);

function period(from: string | null | undefined, to: string | null | undefined): string {
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  if (from) return `Fra ${formatDate(from)}`;
  if (to) return `Til ${formatDate(to)}`;
  return 'Ikke fastsat endnu';
}

/** Who to contact: name, unit, e-mail and phone as links; `role` says who they are to the citizen ("Din koordinerende sagsbehandler"). */
function ContactCard({ contact, role }: { contact: Contact; role?: string }) {
  return (
    <address className="citizen-contact">
      {role ? (
        <span>
          {role}, <span className="citizen-contact-name">{contact.name}</span>
        </span>
      ) : (
        <span className="citizen-contact-name">{contact.name}</span>
      )}
      {contact.unitName ? <span>{contact.unitName}</span> : null}
      {contact.email ? (
        <span>
          Mail: <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </span>
      ) : null}
      {contact.phone ? (
        <span>
          Telefon: <a href={`tel:${contact.phone.replace(/\s+/g, '')}`}>{contact.phone}</a>
        </span>
      ) : null}
    </address>
  );
}

/**
 * How the page names a contact: as "din koordinerende sagsbehandler" when the server says they
 * coordinate the plan (`isCoordinator`: named on the record in their own name, or given because
 * no caseworker of its unit is named on it now), so the citizen knows who they are, not only their name.
 */
const contactRole = (contact: { isCoordinator: boolean }): string | undefined => (contact.isCoordinator ? 'Din koordinerende sagsbehandler' : undefined);

/** Hands the samtale to the browser as a calendar file to open or save. */
function downloadCalendar(meeting: Meeting) {
  const calendarMeeting = {
    ...meeting,
    staff: (meeting.participants ?? []).map((name) => ({ name })),
    guests: [],
  };
  const url = URL.createObjectURL(new Blob([meetingCalendar(calendarMeeting, { summary: 'Samtale med kommunen' })], { type: 'text/calendar;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = calendarFileName(meeting);
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Which cards and sections have changed since the citizen last said they had seen them. */
type IsNew = (id: string) => boolean;

/** In the order they were added to the plan (the server's), so one marked "Nået" stays where it was. */
function SubGoals({ plan, isNew }: { plan: Plan; isNew: IsNew }) {
  const goals = plan.subGoals ?? [];
  return (
    <section className="card" aria-labelledby={SECTION_ID.subGoals}>
      <h2 id={SECTION_ID.subGoals}>
        Delmål
        <NewTag shown={isNew(SECTION_ID.subGoals)} />
      </h2>
      {goals.length === 0 ? <p>Der er ingen delmål endnu.</p> : null}
      <ul className="citizen-list">
        {goals.map((g) => {
          const progress = g.progress ?? [];
          const latest = progress[progress.length - 1];
          // Only measurements on one scale can show a development; any on the other are said to be left out.
          const comparable = comparableProgress(progress)?.comparable ?? [];
          const otherScale = otherScaleNote(progress);
          const max = latest?.scale === 'PERCENT' ? 100 : 5;
          return (
            <li key={g.id} id={CARD_ID.subGoal(g.id)} className="citizen-item" data-testid="citizen-subgoal">
              <h3>
                {g.text}
                <NewTag shown={isNew(CARD_ID.subGoal(g.id))} />
              </h3>
              <p className="hint">
                {label(AREA_LABELS, g.area)} · <span className={`status status-${g.status.toLowerCase()}`}>{label(SUB_GOAL_STATUS_LABELS, g.status)}</span>
              </p>
              {latest ? (
                <div className="citizen-progress">
                  <label htmlFor={`progress-${g.id}`}>
                    Fremskridt: {latest.value}
                    {latest.scale === 'PERCENT' ? ' %' : ` af ${max}`} (målt {formatDate(latest.measuredOn)})
                  </label>
                  <progress id={`progress-${g.id}`} max={max} value={latest.value}>
                    {latest.value}
                  </progress>
                  {comparable.length > 1 ? (
                    <p className="hint">Udvikling: {comparable.map((p) => (p.scale === 'PERCENT' ? `${p.value} %` : `${p.value}/5`)).join(' → ')}</p>
                  ) : null}
                  {otherScale ? <p className="hint">{otherScale}</p> : null}
                </div>
              ) : (
                <p className="hint">Fremskridtet er ikke målt endnu.</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function InterventionItem({ intervention: i, plan, isNew }: { intervention: Intervention; plan: Plan; isNew: IsNew }) {
  const supported = (plan.subGoals ?? []).filter((g) => (i.supports ?? []).includes(g.id));
  const ended = ENDED.has(i.status);
  return (
    <li id={CARD_ID.intervention(i.id)} className={`citizen-item${ended ? ' citizen-ended' : ''}`} data-testid="citizen-intervention">
      <h3>
        {i.title}
        {ended ? <Tag>{label(INTERVENTION_STATUS_LABELS, i.status)}</Tag> : null}
        <NewTag shown={isNew(CARD_ID.intervention(i.id))} />
      </h3>
      <dl className="facts citizen-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status status-${i.status.toLowerCase()}`}>{label(INTERVENTION_STATUS_LABELS, i.status)}</span>
          </dd>
        </div>
        <div>
          <dt>Hvad</dt>
          <dd>
            {i.kindLabel}: {i.shortTermGoal}
          </dd>
        </div>
        <div>
          <dt>Periode</dt>
          <dd>{period(i.startDate, i.endDate)}</dd>
        </div>
        {supported.length > 0 ? (
          <div>
            <dt>Støtter delmål</dt>
            <dd>
              <ul className="citizen-inline-list">
                {supported.map((g) => (
                  <li key={g.id}>{g.text}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Forvaltning</dt>
          <dd>{i.unitName ?? '—'}</dd>
        </div>
        <div>
          <dt>Kontakt</dt>
          <dd>
            {i.contact ? (
              <ContactCard contact={i.contact} role={contactRole(i.contact)} />
            ) : (
              // No one named and no coordinator now (citizen.service.ts): the municipality, asked for the unit.
              `Ingen bestemt person lige nu: ring eller skriv til kommunen${i.unitName ? `, og spørg efter ${i.unitName}` : ''}.`
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}

function Interventions({ plan, isNew }: { plan: Plan; isNew: IsNew }) {
  const all = plan.interventions ?? [];
  // Running and planned first, ended ones last.
  const ordered = [...all.filter((i) => !ENDED.has(i.status)), ...all.filter((i) => ENDED.has(i.status))];
  return (
    <section className="card" aria-labelledby="citizen-interventions">
      <h2 id="citizen-interventions">Indsatser</h2>
      {ordered.length === 0 ? <p>Der er ingen indsatser endnu.</p> : null}
      <ul className="citizen-list">
        {ordered.map((i) => (
          <InterventionItem key={i.id} intervention={i} plan={plan} isNew={isNew} />
        ))}
      </ul>
    </section>
  );
}

function MeetingItem({ meeting: m, next, isNew }: { meeting: Meeting; next: boolean; isNew: IsNew }) {
  const when = formatDateTime(m.startsAt);
  return (
    <li id={CARD_ID.meeting(m.id)} className={`citizen-item${m.status === 'CANCELLED' ? ' citizen-ended' : ''}`} data-testid="citizen-meeting">
      <p className="citizen-kind">{next ? 'Din næste samtale med kommunen' : 'Samtale med kommunen'}</p>
      <h3>
        <time dateTime={m.startsAt}>{when}</time>–<time dateTime={m.endsAt}>{formatTime(m.endsAt).replace(/^kl\. /, '')}</time>
        {m.status === 'CANCELLED' ? <Tag>Aflyst</Tag> : null}
        <NewTag shown={isNew(CARD_ID.meeting(m.id))} />
      </h3>
      <dl className="facts citizen-facts">
        <div>
          <dt>Form</dt>
          <dd>{label(MEETING_MODE_LABELS, m.mode)}</dd>
        </div>
        {/* By phone there is no place to name (the form says it all); by video the place is the link. */}
        {m.mode === 'PHONE' ? null : m.mode === 'VIDEO' ? (
          <div>
            <dt>Link</dt>
            {/* The citizen is the one who joins: the link to tap, as the staff's page gives it (the server takes https only). */}
            <dd>{m.videoLink ? <a href={m.videoLink}>{m.videoLink}</a> : 'Oplyses senere'}</dd>
          </div>
        ) : (
          <div>
            <dt>Sted</dt>
            <dd>{locationOf(m) || 'Oplyses senere'}</dd>
          </div>
        )}
        {(m.participants ?? []).length > 0 ? (
          <div>
            <dt>Deltagere</dt>
            <dd>Dig, {(m.participants ?? []).join(', ')}</dd>
          </div>
        ) : null}
        <div>
          <dt>Dagsorden</dt>
          <dd className="citizen-text">{m.agenda.trim() || 'Ikke angivet'}</dd>
        </div>
        {m.contact ? (
          <div>
            <dt>Kontakt om samtalen</dt>
            <dd>
              <ContactCard contact={m.contact} role={contactRole(m.contact)} />
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="actions">
        {/* A called-off samtale's file takes it out of the calendar it was put in (STATUS:CANCELLED). */}
        {m.status === 'CANCELLED' ? (
          <button type="button" className="button button-secondary" onClick={() => downloadCalendar(m)} aria-label={`Fjern fra din kalender: samtalen ${when}`}>
            Fjern fra din kalender
          </button>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => downloadCalendar(m)} aria-label={`Føj til din kalender: samtalen ${when}`}>
            Føj til din kalender
          </button>
        )}
      </p>
    </li>
  );
}

function AppointmentItem({ appointment: a, isNew }: { appointment: Appointment; isNew: IsNew }) {
  return (
    <li id={CARD_ID.appointment(a.id)} className="citizen-item" data-testid="citizen-appointment">
      <p className="citizen-kind">Aftale med {a.unitName ?? 'kommunen'}</p>
      <h3>
        {a.title}
        <NewTag shown={isNew(CARD_ID.appointment(a.id))} />
      </h3>
      <dl className="facts citizen-facts">
        <div>
          <dt>Hvornår</dt>
          <dd>
            <time dateTime={a.dueAt}>{formatDateTime(a.dueAt)}</time>
          </dd>
        </div>
        {a.place ? (
          <div>
            <dt>Sted</dt>
            <dd>{a.place}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}

/**
 * Kommende aftaler: everything ahead of the citizen in one list, the next first — the samtaler
 * booked with them (time, form, place, agenda, whom to ask) and the steps planned with them from
 * today on (what, when, where and with which unit) — each saying which kind it is. Two lists
 * made the citizen look in two places for what comes next. A samtale called off keeps its place
 * in time, marked "Aflyst".
 */
function Appointments({ plan, isNew }: { plan: Plan; isNew: IsNew }) {
  const meetings = plan.meetings ?? [];
  const nextId = nextMeetingOf(plan)?.id;
  const items = [
    ...meetings.map((m) => ({ at: m.startsAt, key: `m-${m.id}`, item: <MeetingItem key={`m-${m.id}`} meeting={m} next={m.id === nextId} isNew={isNew} /> })),
    ...(plan.activities ?? []).map((a) => ({ at: a.dueAt, key: `a-${a.id}`, item: <AppointmentItem key={`a-${a.id}`} appointment={a} isNew={isNew} /> })),
  ].sort((x, y) => new Date(x.at).getTime() - new Date(y.at).getTime() || x.key.localeCompare(y.key));
  return (
    <section className="card" aria-labelledby={SECTION_ID.appointments}>
      <h2 id={SECTION_ID.appointments}>
        Kommende aftaler
        <NewTag shown={isNew(SECTION_ID.appointments)} />
      </h2>
      <p className="hint">Dine samtaler med kommunen og de andre aftaler i din plan, den første øverst.</p>
      {plan.agreedNextMeetingAt ? (
        // Agreed at the last samtale, not yet booked with its place and form.
        <p data-testid="citizen-agreed-meeting">
          Næste samtale er aftalt til <time dateTime={plan.agreedNextMeetingAt}>{formatDateTime(plan.agreedNextMeetingAt)}</time>. Du får besked om sted og form, når
          den er booket.
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>Der er ingen kommende aftaler.</p>
      ) : (
        <ul className="citizen-list">{items.map((i) => i.item)}</ul>
      )}
    </section>
  );
}

function MentorSupport({ plan, isNew }: { plan: Plan; isNew: IsNew }) {
  const grants = plan.mentorSupport ?? [];
  if (grants.length === 0) return null;
  return (
    <section className="card" aria-labelledby={SECTION_ID.mentor}>
      <h2 id={SECTION_ID.mentor}>
        Mentorstøtte
        <NewTag shown={isNew(SECTION_ID.mentor)} />
      </h2>
      <ul className="citizen-list">
        {grants.map((g) => (
          <li key={g.id} className="citizen-item">
            <p>
              {g.mentorName ? <>Din mentor er <strong>{g.mentorName}</strong>. </> : null}
              Mentorstøtten gælder {formatDate(g.startDate)} – {formatDate(g.endDate)}.
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What is shared, in the citizen's words (the staff's labels name it from the municipality's side). */
const SHARED: Record<string, string> = {
  HEALTH_DETAILS: 'Oplysninger om dit helbred',
  SOCIAL_DETAILS: 'Oplysninger om dine sociale forhold',
  JOINT_PLAN: 'Din fælles plan på tværs af forvaltningerne',
};

/** With whom, in the citizen's words; "forvaltninger på din plan" is the plan's team, not the rehabiliteringsteam. */
function recipientOf(c: Consent): string {
  switch (c.recipientKind) {
    case 'UNIT':
      return c.recipientUnitName ?? 'en forvaltning i kommunen';
    case 'WHOLE_TEAM':
      return 'alle forvaltninger på din plan';
    case 'GP':
      return 'din egen læge';
    case 'NETWORK_PERSON':
      return [c.recipientName, c.recipientRelation ? `(${c.recipientRelation})` : null].filter(Boolean).join(' ') || 'en person i dit netværk';
    case 'MENTOR':
      // One mentor the citizen said yes to, by name; else whoever is their mentor.
      return c.recipientMentorName ? `din mentor ${c.recipientMentorName}` : 'din mentor ved møder';
    default:
      return 'andre';
  }
}

function basisOf(c: Consent): string {
  const given = formatDate(c.givenOn);
  return c.basis === 'LEGAL_BASIS' ? `Loven giver kommunen lov til det${c.legalReference ? ` (${c.legalReference})` : ''}, fra ${given}.` : `Dit samtykke, givet ${given}.`;
}

/**
 * The citizen's own register: what they share, with whom and on which basis, so they know
 * what they agreed to and whom to ask to withdraw it (the General Data Protection Regulation,
 * article 7(3): a consent can always be withdrawn). Those in force first, as the server sends them.
 */
function Consents({ plan, isNew }: { plan: Plan; isNew: IsNew }) {
  const consents = plan.consents ?? [];
  return (
    <section className="card" aria-labelledby={SECTION_ID.consents}>
      <h2 id={SECTION_ID.consents}>
        Samtykke og deling af dine oplysninger
        <NewTag shown={isNew(SECTION_ID.consents)} />
      </h2>
      {consents.length === 0 ? <p>Der er ikke registreret noget om at dele dine oplysninger: hverken dit samtykke eller deling, som loven giver kommunen lov til.</p> : null}
      <ul className="citizen-list">
        {consents.map((c) => (
          <li key={c.id} className={`citizen-item${c.active ? '' : ' citizen-ended'}`} data-testid="citizen-consent">
            {/* A withdrawn entry in the past ("måtte deles"): it no longer allows the sharing, and another entry may still (a legal basis). */}
            <h3>
              {SHARED[c.scope] ?? c.scope} {c.active ? 'deles' : 'måtte deles'} med {recipientOf(c)}.
              {c.active ? null : <Tag>Tilbagekaldt</Tag>}
            </h3>
            <p>
              {basisOf(c)}
              {c.withdrawnOn ? ` Tilbagekaldt ${formatDate(c.withdrawnOn)}.` : ''}
            </p>
          </li>
        ))}
      </ul>
      <p className="hint">
        Du kan altid trække et samtykke tilbage. {plan.coordinator ? 'Skriv eller ring til din koordinerende sagsbehandler' : 'Skriv eller ring til kommunen'}. Deling,
        som loven giver kommunen lov til, kræver ikke dit samtykke.
      </p>
    </section>
  );
}

/** Who to ask: the coordinator when there is one; else the municipality (one who has left is no one to ask). */
function AccessToFiles({ hasCoordinator }: { hasCoordinator: boolean }) {
  return (
    <section className="card" aria-labelledby="citizen-access">
      <h2 id="citizen-access">Ret til at se dine oplysninger</h2>
      <p>
        Du kan altid bede kommunen om aktindsigt: at se alle de oplysninger, kommunen har om dig i din sag (forvaltningsloven § 9 og
        offentlighedsloven). {hasCoordinator ? 'Skriv eller ring til din koordinerende sagsbehandler' : 'Skriv eller ring til kommunen'}, så får du svar.
      </p>
    </section>
  );
}

/**
 * Without a running forløb the page follows nothing live: a citizen may follow their own
 * current plan only (citizen.service.ts, guardCitizenSubscribe), and what still changes for
 * them (a new coordinator to ask on the ended forløb, a new forløb) is on no plan they may
 * follow. So the page says that it is not updated by itself, and reads it all again on request:
 * the ended forløb's card, and Min plan itself, which shows a new forløb's plan.
 */
function ReadAgain({ ended, read }: { ended: boolean; read: () => Promise<unknown> }) {
  const [readAt, setReadAt] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const readAgain = () => {
    if (reading) return;
    setReading(true);
    setReadAt(null);
    read()
      .then(() => setReadAt(new Date().toISOString()))
      // A failed reading is Min plan's error: the page says so.
      .catch(() => undefined)
      .finally(() => setReading(false));
  };
  return (
    <div className="no-print citizen-not-live" data-testid="citizen-not-live">
      <p className="hint">
        {ended ? 'Siden opdateres ikke længere af sig selv, fordi dit forløb er afsluttet.' : 'Siden opdateres ikke af sig selv, når du ikke har et forløb.'} Hent
        siden igen for at se, om der er nyt, fx en ny sagsbehandler eller et nyt forløb.
      </p>
      <p className="actions">
        {/* As "Gem": the focus stays on the button while the page is read. */}
        <button type="button" className="button button-secondary" aria-disabled={reading || undefined} onClick={readAgain}>
          {reading ? 'Henter…' : 'Hent siden igen'}
        </button>
      </p>
      <StatusNotice message={readAt ? `Siden er hentet igen ${formatTime(readAt)}.` : null} />
    </div>
  );
}

/**
 * No plan now: when the citizen's forløb has ended, the day it ended and whom to ask; for a
 * citizen who never had one (or while the answer is not there), to contact the municipality.
 */
function NoPlan({ readPlanAgain }: { readPlanAgain: () => Promise<unknown> }) {
  const { data, refetch } = useQuery(MyEndedProgrammeQuery, { fetchPolicy: 'cache-and-network' });
  const ended = data?.myEndedProgramme;
  const read = () => Promise.all([readPlanAgain(), refetch()]);
  if (!ended) {
    return (
      <>
        <section className="card">
          <p>Du har ikke en plan lige nu. Har du spørgsmål, så kontakt kommunen.</p>
          <ReadAgain ended={false} read={read} />
        </section>
        <AccessToFiles hasCoordinator={false} />
      </>
    );
  }
  // A forløb is ended as of today or a day gone by; one stopped before it began is stored as
  // ended on its first day (the server says so): it never ran, and did not "end" on that day.
  return (
    <>
      <section className="card" aria-labelledby="citizen-ended">
        <h2 id="citizen-ended">Dit forløb er afsluttet</h2>
        <p data-testid="citizen-ended">
          {ended.stoppedBeforeStart
            ? `Dit forløb blev stoppet, før det begyndte. Det skulle være begyndt ${formatDate(ended.endDate)}.`
            : `Dit forløb sluttede ${formatDate(ended.endDate)}.`}
        </p>
        {ended.coordinator ? (
          <>
            <p>Har du spørgsmål, så kontakt din koordinerende sagsbehandler:</p>
            <ContactCard contact={ended.coordinator} />
          </>
        ) : (
          <p>Har du spørgsmål, så kontakt kommunen.</p>
        )}
        <ReadAgain ended read={read} />
      </section>
      {/* Aktindsigt is asked of the same one the card names. */}
      <AccessToFiles hasCoordinator={!!ended.coordinator} />
    </>
  );
}

/** When Min plan was last read again on a live change; `count` tells one reading from the next. */
interface Updated {
  at: string;
  count: number;
}

/** The position just before a seq: where the citizen has seen the plan to while that change is unseen. */
const justBefore = (seq: string) => {
  try {
    return (BigInt(seq) - 1n).toString();
  } catch {
    return seq;
  }
};

/** The further on of two positions (null: none). */
const laterOf = (a: string | null, b: string | null) => (a && (!b || seqAfter(a, b)) ? a : b);

/**
 * What the municipality changed that the citizen has not seen yet (planChanges.ts), kept across
 * visits by position only, with the citizen's account (CitizenPlan.changesSeenUpTo), so the phone
 * and the PC mark the same changes: the stream starts from where they had seen the plan to, so
 * changes made while they were away come again and are marked, though the plan as read already
 * has them. A first visit, or none unseen, starts as seen. A position this browser kept before
 * the account kept it is carried over once, when it is further on than the account's.
 */
function useUnseenChanges(planId: string | undefined, readPosition: string | null | undefined, seenOnServer: string | null | undefined) {
  const [markSeen] = useMutation(MarkMyPlanChangesSeenMutation);
  // Taken once per plan, from the first reading of this visit: the position of the last visit, not the one this visit moves on.
  const before = useRef<{ planId: string; seq: string | null } | null>(null);
  // The position the account holds, as far as this page knows: only a position further on is sent.
  const held = useRef<{ planId: string; seq: string | null } | null>(null);
  if (planId && readPosition !== undefined && before.current?.planId !== planId) {
    const server = seenOnServer ?? null;
    const kept = keptPosition(planId);
    // Not further on than the account's: nothing to carry over.
    if (kept && server !== null && !seqAfter(kept, server)) forgetKeptPosition(planId);
    before.current = { planId, seq: laterOf(kept, server) };
    held.current = { planId, seq: server };
  }
  const seenBefore = planId && before.current?.planId === planId ? before.current.seq : null;
  const [unseen, setUnseen] = useState<readonly PlanChange[]>([]);
  const startFrom = readPosition === undefined ? undefined : seenBefore && readPosition && seqAfter(readPosition, seenBefore) ? seenBefore : readPosition;
  // How far the citizen has been shown the plan: from where the stream starts (a change since is
  // not seen until it has come and been marked), then each change that comes; and the first reading.
  const newest = useRef<{ planId: string; seq: string; read: string } | null>(null);
  if (planId && startFrom && readPosition && newest.current?.planId !== planId) newest.current = { planId, seq: startFrom, read: readPosition };
  useEffect(() => {
    if (!planId || !newest.current || newest.current.planId !== planId || held.current?.planId !== planId) return;
    // Seen up to just before the first unseen change; with none, up to the newest.
    const seq = unseen.length ? justBefore(unseen[0].seq) : newest.current.seq;
    const was = held.current.seq;
    if (was !== null && !seqAfter(seq, was)) return;
    held.current = { planId, seq };
    markSeen({ variables: { planId, seq } })
      // The account holds it now (or one further on): this browser's own copy is no longer needed.
      .then(() => forgetKeptPosition(planId))
      // Not kept (no connection, the forløb ended): the next position is sent again from the last one held.
      .catch(() => {
        if (held.current?.planId === planId && held.current.seq === seq) held.current = { planId, seq: was };
      });
  }, [planId, unseen, readPosition, markSeen]);
  const add = useCallback((event: { seq: string }, change: PlanChange | null) => {
    if (newest.current && seqAfter(event.seq, newest.current.seq)) newest.current = { ...newest.current, seq: event.seq };
    setUnseen((u) => (change ? [...u.filter((c) => c.seq !== change.seq), change] : [...u]));
  }, []);
  const seen = useCallback(() => {
    // All marked seen: the plan as first read too, whatever of it the stream has not brought again.
    const at = newest.current;
    if (at && seqAfter(at.read, at.seq)) newest.current = { ...at, seq: at.read };
    setUnseen([]);
  }, []);
  return { startFrom, unseen, add, seen };
}

/**
 * Follows the plan live: on each change the citizen may see, Min plan is read again, and the
 * citizen's own words with it (a new samtale to comment on, a request marked handled), and the
 * change joins "Nyt i din plan". A change the citizen made themselves (a request for a samtale,
 * their own words; only they act as a citizen on their plan) is read in without it: their form
 * has already said it was sent, and the plan was not changed by the municipality. A change
 * brought again from before this visit is in the plan as read: it is marked, not read again.
 */
function useLivePlan(
  plan: { id: string; liveFrom?: string | null; changesSeenUpTo?: string | null } | null,
  loading: boolean,
  refetch: () => Promise<unknown>,
) {
  const planId = plan?.id;
  const readPosition = serverReadPosition(plan, loading);
  const changes = useUnseenChanges(planId, readPosition, plan?.changesSeenUpTo);
  // From where the citizen had seen the plan to, or where the server read it to: a change made before the stream was there still counts.
  const startAfter = useStreamStart(planId, changes.startFrom);
  const firstRead = useStreamStart(planId, readPosition);
  const [updated, setUpdated] = useState<Updated | null>(null);
  const client = useApolloClient();
  const refresh = useCallback((announce = true) => {
    // The own words too: a held samtale or a handled request shows there.
    const ownWords = client.refetchQueries({ include: [MyOwnWordsQuery] }).catch(() => undefined);
    void Promise.all([refetch(), ownWords])
      .then(() => {
        if (announce) setUpdated((u) => ({ at: new Date().toISOString(), count: (u?.count ?? 0) + 1 }));
      })
      // A failed reading is the query's error: the page says so over the plan as last read.
      .catch(() => undefined);
  }, [refetch, client]);
  useEventStream({
    document: CitizenPlanEventsSubscription,
    variables: { planId: planId ?? '' },
    key: planId ?? '',
    skip: startAfter === undefined,
    pick: (data) => data.planEvents,
    onEvent: (event) => {
      const byMunicipality = event.actor?.role !== 'CITIZEN';
      const earlier = firstRead != null && !seqAfter(event.seq, firstRead);
      const endDate = event.kind === 'PROGRAMME_UPDATED' ? event.changes.find((c) => c.field === 'endDate') : undefined;
      changes.add(event, byMunicipality ? { seq: event.seq, kind: event.kind, entityId: event.entityId, fields: event.changes.map((c) => c.field), earlier, endDate } : null);
      if (!earlier) refresh(byMunicipality);
    },
    catchUp: () => refresh(),
    startAfter,
  });
  useRefreshOnReconnect(() => refresh());
  return { updated, refresh: () => refresh(), unseen: changes.unseen, markSeen: changes.seen };
}

/**
 * What the citizen is writing in their own words, kept when the forløb ends under them: Min
 * plan shows a running forløb only, so its forms leave the page with the plan, and what was
 * typed in them and not saved would go with them. It stays, read-only to copy, with the reason.
 */
function useWordsKeptWhenEnded(planId: string | undefined) {
  const unsaved = useRef(new Map<string, UnsavedWords>());
  const report = useCallback<ReportUnsaved>((key, words) => {
    if (words) unsaved.current.set(key, words);
    else unsaved.current.delete(key);
  }, []);
  const [kept, setKept] = useState<readonly UnsavedWords[]>([]);
  useEffect(() => {
    if (planId || unsaved.current.size === 0) return;
    setKept([...unsaved.current.values()]);
    unsaved.current.clear();
  }, [planId]);
  const heading = useRef<HTMLHeadingElement>(null);
  // The field the citizen was writing in left with the plan: their place is the kept words' heading, not the top of the page.
  useFocusKeptWhenTaken(null, kept.length > 0, heading);
  // Shown until the page is left: leaving (a link, back, a reload) asks first, as for typed text.
  useLeavingAsksWhile(kept.length > 0);
  return { report, kept, heading };
}

/**
 * Which forløb the citizen is in, and until when, at the top of the page: the plan's period alone
 * does not say it. For a ressourceforløb decided before 1 February 2026, that it goes on to its end,
 * though no new ones begin (lov nr. 1750 af 29. december 2025).
 */
function ProgrammeNotice({ plan, isNew }: { plan: Plan; isNew: IsNew }) {
  const transition = transitionSentence(plan.programme);
  return (
    <div id={SECTION_ID.programme} className="citizen-programme" data-testid="citizen-programme">
      <p>
        {programmeSentence(plan.programme)}
        <NewTag shown={isNew(SECTION_ID.programme)} />
      </p>
      {transition ? <p>{transition}</p> : null}
    </div>
  );
}

/** "Min plan": the citizen's own plan, across every unit that helps them. */
export function CitizenPlanPage(): JSX.Element {
  const { data, loading, error, refetch } = useQuery(MyPlanQuery, { fetchPolicy: 'cache-and-network', ...READ_ANEW });
  const plan = data?.myPlan ?? null;
  const { updated, refresh, unseen, markSeen } = useLivePlan(plan, loading, refetch);
  const words = useWordsKeptWhenEnded(plan?.id);
  const changed = useMemo(() => (plan ? changedCards(unseen, plan) : new Set<string>()), [unseen, plan]);
  const isNew = useCallback((id: string) => changed.has(id), [changed]);
  // Read out with the newest change, in the same words as the box shows it.
  const newest = plan && unseen.length ? describeChange(unseen[unseen.length - 1], plan).text : null;
  // Where the focus goes once "Jeg har set det" has taken "Nyt i din plan" away: the page's heading, just above it.
  const pageHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Min plan – Samplan';
  }, []);

  if (loading && !data) return <Loading label="Henter din plan…" />;
  if (error && !data) return <ErrorNotice error={error} title="Din plan kunne ikke hentes" />;
  return (
    <div className="citizen-page">
      <header className="page-header">
        <h1 ref={pageHeading} tabIndex={-1}>Min plan</h1>
        {plan ? <ProgrammeNotice plan={plan} isNew={isNew} /> : null}
        {plan ? (
          <p className="page-header-meta">
            Planperiode: {period(plan.periodStart, plan.periodEnd)} <LiveBadge />
          </p>
        ) : null}
        {plan && planPeriodSentence(plan.programme, plan) ? (
          <p className="hint" data-testid="citizen-plan-period">
            {planPeriodSentence(plan.programme, plan)}
          </p>
        ) : null}
        {/* The browser's own print of this page: the print CSS leaves out what is only for the screen. */}
        {plan ? (
          <p className="actions no-print">
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              Udskriv
            </button>
          </p>
        ) : null}
      </header>
      {/* A failed reading again keeps the plan as it was: the citizen is told it may be out of date. */}
      {error ? (
        <ErrorNotice
          error={error}
          title="Planen kunne ikke opdateres"
          action={<p>Du ser din plan, som den var, da den sidst blev hentet.</p>}
          onRetry={refresh}
        />
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {/* A new element for each update: a screen reader reads out what is added to the region, also when it reads as before. */}
        {updated ? (
          <span key={updated.count}>
            Din plan er opdateret {formatTime(updated.at)}.{newest ? ` ${newest}` : ''}
          </span>
        ) : null}
      </p>
      {plan ? <ChangesNotice plan={plan} changes={unseen} updatedAt={updated?.at ?? null} onSeen={markSeen} focusWhenGone={pageHeading} /> : null}
      {!plan ? (
        <>
          <KeptWords kept={words.kept} headingRef={words.heading} />
          <NoPlan readPlanAgain={refetch} />
        </>
      ) : (
        <>
          <section className="card" aria-labelledby={SECTION_ID.goal}>
            <h2 id={SECTION_ID.goal}>
              Dit mål
              <NewTag shown={isNew(SECTION_ID.goal)} />
            </h2>
            <p className="goal" data-testid="citizen-goal">
              {plan.employmentGoal}
            </p>
            {/* Marked "Nyt" apart from the goal: a new coordinator does not change the goal. */}
            <div id={SECTION_ID.coordinator} data-testid="citizen-coordinator">
              {plan.coordinator ? (
                <>
                  <h3>
                    Din koordinerende sagsbehandler
                    <NewTag shown={isNew(SECTION_ID.coordinator)} />
                  </h3>
                  <ContactCard contact={plan.coordinator} />
                </>
              ) : (
                <p data-testid="citizen-no-coordinator">
                  Du har ikke en koordinerende sagsbehandler lige nu. Kontakt kommunen, så får du at vide, hvem der bliver din nye.
                  <NewTag shown={isNew(SECTION_ID.coordinator)} />
                </p>
              )}
            </div>
            {/* In a ressourceforløb: the one person in the jobcenter who helps towards a job (LAB §113 a). */}
            {plan.jobFacilitator ? (
              <div id={SECTION_ID.jobFacilitator} data-testid="citizen-job-facilitator">
                <h3>
                  Din personlige jobformidler: {plan.jobFacilitator.name}
                  <NewTag shown={isNew(SECTION_ID.jobFacilitator)} />
                </h3>
                <ContactCard contact={plan.jobFacilitator} />
              </div>
            ) : null}
          </section>
          <SubGoals plan={plan} isNew={isNew} />
          <Interventions plan={plan} isNew={isNew} />
          <Appointments plan={plan} isNew={isNew} />
          <MentorSupport plan={plan} isNew={isNew} />
          <Consents plan={plan} isNew={isNew} />
          <CitizenOwnWords planId={plan.id} hasCoordinator={!!plan.coordinator} onUnsaved={words.report} onEnded={refresh} />
          <AccessToFiles hasCoordinator={!!plan.coordinator} />
        </>
      )}
    </div>
  );
}
