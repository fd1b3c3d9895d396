import { useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { formatDateTime } from '../../core/format';
import { label, MEETING_MODE_LABELS } from '../../core/labels';
import { ErrorNotice, Loading } from '../../core/ui';
import { getFragmentData, type FragmentType } from '../../gql';
import { ChangedFlag, highlightClass, useHighlight, usePlanLive } from '../live/PlanLive';
import './citizen-words.css';
import { CitizenRequestItemFragment, DescriptionSectionItemFragment, HandleMeetingRequestMutation, PlanCitizenWordsQuery } from './description.documents';

/** The plan's live events that change what this card shows: the citizen writing, asking, commenting, having seen the plan; a request handled. */
export const CITIZEN_WORDS_KINDS = new Set(['DESCRIPTION_UPDATED', 'MEETING_COMMENT_WRITTEN', 'MEETING_REQUESTED', 'MEETING_REQUEST_HANDLED', 'PLAN_SEEN_BY_CITIZEN']);

/**
 * Calls `onChange` when the plan page hears of one of `kinds` after the page opened (its live
 * events, modules/live). What the history held when it was first read is the starting point.
 */
export function useLiveKinds(kinds: ReadonlySet<string>, onChange: () => void): void {
  const live = usePlanLive();
  const ready = !!live && !live.history.loading;
  const newest = live?.events.find((e) => kinds.has(e.kind))?.seq ?? null;
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

function OwnSection(props: { section: FragmentType<typeof DescriptionSectionItemFragment> }) {
  const section = getFragmentData(DescriptionSectionItemFragment, props.section);
  const id = useId();
  const highlight = useHighlight(section.id);
  const byCitizen = section.authorKind === 'CITIZEN';
  return (
    <li className={`citizen-words-item${highlightClass(highlight)}`} data-testid="citizen-section" data-kind={section.kind} aria-labelledby={`${id}-title`}>
      {/* Directly under the card's h2, beside "Ønsker om en samtale": an h3 (a level skipped is a page outline with a gap). */}
      <h3 id={`${id}-title`}>{section.title}</h3>
      <ChangedFlag highlight={highlight} />
      {section.text ? <blockquote className="description-text citizen-quote">{section.text}</blockquote> : <p className="hint">Borgeren har ikke skrevet her endnu.</p>}
      {section.updatedAt ? (
        <p className="hint">
          {byCitizen ? 'Skrevet af borgeren' : `Skrevet af ${section.updatedBy?.name ?? 'en medarbejder'}`}, <time dateTime={section.updatedAt}>{formatDateTime(section.updatedAt)}</time>
          {byCitizen ? null : '. Borgeren kan selv skrive videre i det.'}
        </p>
      ) : null}
    </li>
  );
}

function Request(props: { request: FragmentType<typeof CitizenRequestItemFragment>; canHandle: boolean; onMessage: (m: string) => void }) {
  const request = getFragmentData(CitizenRequestItemFragment, props.request);
  const highlight = useHighlight(request.id);
  const [handle, { loading }] = useMutation(HandleMeetingRequestMutation);
  const [error, setError] = useState<unknown>(null);
  const wished = [request.wishedMode ? label(MEETING_MODE_LABELS, request.wishedMode) : null, request.wishedTime].filter(Boolean).join(', ');
  const sent = formatDateTime(request.requestedAt);
  const markHandled = async () => {
    setError(null);
    try {
      await handle({ variables: { input: { id: request.id, expectedVersion: request.version } } });
      props.onMessage('Ønsket om en samtale er markeret som behandlet.');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li className={`citizen-words-item${highlightClass(highlight)}`} data-testid="citizen-request">
      <ChangedFlag highlight={highlight} />
      <blockquote className="citizen-quote">{request.text}</blockquote>
      <p className="hint">
        Sendt <time dateTime={request.requestedAt}>{sent}</time>
        {wished ? <>. Ønsker: {wished}</> : null}
      </p>
      {error ? <ErrorNotice error={error} title="Ønsket blev ikke markeret som behandlet" /> : null}
      {props.canHandle ? (
        <p className="actions">
          <button type="button" className="button button-secondary" disabled={loading} onClick={() => void markHandled()}>
            {/* One text run, so the space before the hidden words stays in the flex button. Each open request's button has a name of its own. */}
            <span>
              {loading ? 'Gemmer…' : 'Markér som behandlet'}
              <span className="visually-hidden"> (ønsket sendt {sent})</span>
            </span>
          </button>
        </p>
      ) : null}
    </li>
  );
}

function Comment(props: { heldAt: string; mode: string; comment: { id: string; text: string; updatedAt: string } }) {
  const highlight = useHighlight(props.comment.id);
  return (
    <li className={`citizen-words-item${highlightClass(highlight)}`} data-testid="citizen-comment">
      {/* Under "Borgerens kommentarer til samtaler" (h3). */}
      <h4>
        Samtalen <time dateTime={props.heldAt}>{formatDateTime(props.heldAt)}</time> ({label(MEETING_MODE_LABELS, props.mode as never).toLowerCase()})
      </h4>
      <ChangedFlag highlight={highlight} />
      <blockquote className="citizen-quote">{props.comment.text}</blockquote>
    </li>
  );
}

/**
 * "Borgerens egne ord": what the citizen wrote themselves in the plan — their wishes and goals,
 * what they want help with, their comments on held samtaler, their open requests for a samtale
 * (the coordinator marks one handled) and when they last marked that they have seen the plan.
 * Staff read it; nobody but the citizen writes it. Follows the plan's live events.
 */
export function CitizenWordsCard(props: { planId: string; isCoordinator: boolean }) {
  const { data, loading, error, refetch } = useQuery(PlanCitizenWordsQuery, { variables: { planId: props.planId } });
  const readAgain = useCallback(() => void refetch().catch(() => undefined), [refetch]);
  useLiveKinds(CITIZEN_WORDS_KINDS, readAgain);
  // The handled request leaves the list with the button that had focus: the message takes the
  // focus then, and is said again when the next request is marked too.
  const notice = useChangeNotice('citizen-words-notice');
  const words = data?.plan?.citizenOwnWords;
  const seenHighlight = useHighlight(words?.lastSeen?.id);
  if (data && !words) return null;
  const open = words?.meetingRequests.filter((r) => !getFragmentData(CitizenRequestItemFragment, r).handledAt) ?? [];
  const comments = words?.heldMeetings.filter((m) => m.comment) ?? [];
  return (
    <section className="card citizen-words" aria-labelledby="citizen-words-heading" data-testid="citizen-words-card">
      <h2 id="citizen-words-heading">Borgerens egne ord</h2>
      {/* A section here may hold a caseworker's words until the citizen writes in it (Samlet beskrivelse): only what the citizen wrote is the citizen's alone. */}
      <p className="hint">Det, borgeren selv kan skrive i planen. Et afsnit, borgeren har skrevet, kan kun borgeren ændre.</p>
      {loading && !words ? <Loading /> : null}
      {error ? <ErrorNotice error={error} title="Borgerens egne ord kunne ikke vises" /> : null}
      {notice.element}
      {words ? (
        <>
          <p className={`citizen-seen${highlightClass(seenHighlight)}`} data-testid="citizen-seen">
            {words.lastSeen ? (
              <>
                Borgeren har set planen <time dateTime={words.lastSeen.seenAt}>{formatDateTime(words.lastSeen.seenAt)}</time>
              </>
            ) : (
              'Borgeren har endnu ikke markeret, at de har set planen.'
            )}
          </p>
          <ChangedFlag highlight={seenHighlight} />
          <ul className="citizen-words-list">
            {words.sections.map((s) => (
              <OwnSection key={s.id} section={s} />
            ))}
          </ul>
          <h3>Ønsker om en samtale</h3>
          {open.length ? (
            <ul className="citizen-words-list">
              {open.map((r) => (
                <Request key={r.id} request={r} canHandle={props.isCoordinator} onMessage={notice.show} />
              ))}
            </ul>
          ) : (
            <p className="hint">Ingen åbne ønsker om en samtale.</p>
          )}
          <h3>Borgerens kommentarer til samtaler</h3>
          {comments.length ? (
            <ul className="citizen-words-list">
              {comments.map((m) => (
                <Comment key={m.followUpId} heldAt={m.heldAt} mode={m.mode} comment={m.comment!} />
              ))}
            </ul>
          ) : (
            <p className="hint">Borgeren har ikke kommenteret nogen samtaler.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
