import { useApolloClient, useSubscription } from '@apollo/client/react';
import { createContext, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { RecordEditingContext, type RecordEditing } from '../../core/forms/recordEditing';
import { doublingWait, isRetryableStreamEnd, seqAfter, useLiveIndicator, useLiveState } from '../../core/live';
import { isSomebodysChange } from '../live/events';
import { usePlanLive } from '../live/PlanLive';
import { useViewer } from '../org/viewer';
import { editingText, othersPresent, personLabel, PlanPresenceSubscription, presenceChange, SetEditingMutation, tabSessionId, type PresentPerson } from './presence';
import './presence.css';
import { NOT_A_SAVE } from '../../core/apollo';

interface PresenceValue {
  /** The others with the plan open; null until the server has said who, and while its word is not current. */
  others: PresentPerson[] | null;
  /** The server had said who, but the connection is lost or the subscription ended: who is here now is not known. */
  unknown: boolean;
}

const PresenceContext = createContext<PresenceValue>({ others: null, unknown: false });


/** The live connection is up, or not known to be down ('idle' outside a provider, and before the first subscription). */
const isUp = (state: ReturnType<typeof useLiveState>) => state !== 'connecting' && state !== 'reconnecting';

/** A failed "I edit …" is tried again after 2, 4 and 8 s; after that with the next presence list or reconnection. */
const EDITING_RETRY_MS = 2000;
const EDITING_RETRIES = 3;

/**
 * Being on the plan page is being present: this subscribes to `planPresence` for this tab,
 * and tells the server which record this tab has an edit form open for (`setEditing`),
 * again after a lost connection (the server drops a closed socket's presence) and no
 * longer when the form closes or the page goes.
 */
export function PlanPresenceProvider(props: {
  planId: string;
  /**
   * The plan has been read. Only then is the tab present: a plan that could not be read (one
   * the user may not see, or not reached) is no place to be, and each refused subscription
   * is a denial in the server's access log.
   */
  loaded: boolean;
  children: ReactNode;
}) {
  const { planId, loaded } = props;
  const client = useApolloClient();
  const viewer = useViewer();
  const live = usePlanLive();
  const liveState = useLiveState();
  const [sessionId] = useState(() => tabSessionId());
  const [present, setPresent] = useState<Parameters<typeof othersPresent>[0] | null>(null);
  // The list is the server's word only while its subscription is open on a live connection:
  // false from a lost connection or an ended subscription until the next list comes.
  const [current, setCurrent] = useState(true);
  // A presence subscription the server ended is started again after 2 s, doubling to 30 s while
  // it keeps ending; not one it refused (no such plan for this user, no access, signed out):
  // asked again, it would only be refused again, each time a denial in the access log.
  const resubscribe = useRef<{ timer?: ReturnType<typeof setTimeout>; wait: ReturnType<typeof doublingWait> }>({ wait: doublingWait(2_000, 30_000) });
  const [refused, setRefused] = useState(false);
  const refusal = useRef(false);
  useEffect(() => {
    refusal.current = false;
    setRefused(false);
  }, [planId]);
  // A plan read again after a refusal (the user's unit put back on the team, say, and the page
  // read again on a reconnection) is a place to be again: the refusal was for the access then.
  const wasLoaded = useRef(loaded);
  useEffect(() => {
    if (loaded && !wasLoaded.current) {
      refusal.current = false;
      setRefused(false);
    }
    wasLoaded.current = loaded;
  }, [loaded]);

  // The records this tab has forms open for, latest last; the server knows one per tab.
  const openForms = useRef<string[]>([]);
  const told = useRef<string | null>(null);
  // The server did not know this tab yet (a form opened before the subscription was in place),
  // or was not reached: said again with the next presence list, or by the retry below.
  const untold = useRef(false);
  const retry = useRef<{ timer?: ReturnType<typeof setTimeout>; failures: number }>({ failures: 0 });
  // One call at a time: two calls in flight may cross on the way (or on two instances), and
  // the server would keep the older. What is said meanwhile goes when the call is back.
  // `listCame`: a presence list arrived while the call was out, so the tab is present now.
  const sending = useRef({ busy: false, again: false, listCame: false });
  const viewerId = useRef(viewer?.id);
  viewerId.current = viewer?.id;
  const tell = (recordId: string | null, leaving = false) => {
    // Refused presence: the server refuses this too, and logs the denial.
    if (refusal.current) return;
    told.current = recordId;
    untold.current = false;
    clearTimeout(retry.current.timer);
    if (sending.current.busy && !leaving) {
      sending.current.again = true;
      return;
    }
    sending.current.busy = true;
    sending.current.listCame = false;
    let unknownTab = false;
    void client
      .mutate({
        mutation: SetEditingMutation,
        variables: { planId, sessionId, recordId },
        // No save of the user's: never held offline, nor counted as sent (core/apollo.tsx). Sent also while the page unloads.
        context: leaving ? { ...NOT_A_SAVE, fetchOptions: { keepalive: true } } : NOT_A_SAVE,
      })
      .then((result) => {
        retry.current.failures = 0;
        if (result.data?.setEditing === false && told.current === recordId) untold.current = unknownTab = true;
      })
      .catch(() => {
        // Refused or lost on the way (a dropped connection, the rate limit): the others must
        // still see the badge, so say it again a little later, unless something newer was said.
        if (leaving || told.current !== recordId) return;
        untold.current = true;
        const failures = ++retry.current.failures;
        if (failures > EDITING_RETRIES) return;
        retry.current.timer = setTimeout(() => {
          if (untold.current && told.current === recordId) tell(recordId);
        }, EDITING_RETRY_MS * 2 ** (failures - 1));
      })
      .finally(() => {
        sending.current.busy = false;
        // The server did not know the tab, but its list came meanwhile: it knows it now.
        const knownNow = unknownTab && sending.current.listCame && untold.current;
        if (!sending.current.again && !knownNow) return;
        sending.current.again = false;
        tell(told.current);
      });
  };
  useEffect(
    () => () => {
      clearTimeout(retry.current.timer);
      clearTimeout(resubscribe.current.timer);
    },
    [],
  );

  const { restart } = useSubscription(PlanPresenceSubscription, {
    variables: { planId, sessionId },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    skip: !loaded,
    onError: (error) => {
      if (isRetryableStreamEnd(error)) return;
      refusal.current = true;
      setRefused(true);
    },
    onData: ({ data }) => {
      const list = data.data?.planPresence.present;
      if (list) {
        setPresent(list);
        setCurrent(true);
        resubscribe.current.wait.reset();
      }
      if (sending.current.busy) sending.current.listCame = true;
      if (!told.current || sending.current.busy) return;
      // Present now, or the server's list no longer has what this tab edits (its row was
      // taken over at a reconnection, or swept while an instance stalled): say it again.
      // Only "nothing" is a loss: with two tabs of mine the list shows the one edited last.
      const mine = list && viewerId.current ? list.find((p) => p.user.id === viewerId.current) : undefined;
      const lost = list !== undefined && viewerId.current !== undefined && !mine?.editing;
      if (untold.current || lost) tell(told.current);
    },
    // The server ended the subscription (after an error such as SERVICE_UNAVAILABLE, or on its
    // own): this tab is no longer present there, and the list is no longer news. graphql-ws
    // resubscribes only after a lost socket, so subscribe again here, after a short wait.
    onComplete: () => {
      setCurrent(false);
      clearTimeout(resubscribe.current.timer);
      if (refusal.current) return;
      resubscribe.current.timer = setTimeout(() => {
        // Not while the plan is unread again (its subscription is skipped then, and comes with it).
        if (latestLoaded.current) restartSubscription.current();
      }, resubscribe.current.wait.next());
    },
  });
  const restartSubscription = useRef(restart);
  restartSubscription.current = restart;
  const latestLoaded = useRef(loaded);
  latestLoaded.current = loaded;
  // A plan stream the server ended (the database away: the socket stays open) and not yet
  // running again: the server cannot say who comes and goes either (a tab closed meanwhile
  // stays on the list), so nobody is named. Once the stream runs again, the list is asked for
  // anew, as on a new socket: the old one may name someone who has gone.
  const interrupted = useLiveIndicator() === 'interrupted';
  const wasInterrupted = useRef(interrupted);
  useEffect(() => {
    if (interrupted) setCurrent(false);
    else if (wasInterrupted.current && latestLoaded.current && !refusal.current) {
      clearTimeout(resubscribe.current.timer);
      restartSubscription.current();
    }
    wasInterrupted.current = interrupted;
  }, [interrupted]);

  const sync = () => {
    const now = openForms.current[openForms.current.length - 1] ?? null;
    if (now !== told.current) tell(now);
  };

  const latestEvents = useRef(live?.events);
  latestEvents.current = live?.events;
  /** The newest save of the record heard, by a person: the rules' WARNINGS_CHANGED names whose write set them off, and is no save of the record. */
  const newestSave = (recordId: string, byId?: string) =>
    latestEvents.current?.find((e) => e.entityId === recordId && e.actor && isSomebodysChange(e) && (!byId || e.actor.id === byId));
  const editing = useMemo<RecordEditing>(
    () => ({
      open(recordId) {
        openForms.current.push(recordId);
        sync();
        return () => {
          const at = openForms.current.lastIndexOf(recordId);
          if (at >= 0) openForms.current.splice(at, 1);
          sync();
        };
      },
      newestHeard() {
        return latestEvents.current?.[0]?.seq ?? null;
      },
      lastSavedBy(recordId, byId, after) {
        const save = newestSave(recordId, byId);
        if (!save || (after !== undefined && !seqAfter(save.seq, after))) return null;
        return save.actor?.name ?? null;
      },
      lastSavedByMe(recordId, after) {
        const save = newestSave(recordId);
        if (!save || (after !== undefined && !seqAfter(save.seq, after))) return false;
        return save.actor!.id === viewerId.current;
      },
      isMe(userId) {
        return !!userId && userId === viewerId.current;
      },
    }),
    // One per plan and tab: forms hold on to what they opened.
    [client, planId, sessionId],
  );

  // A new socket is a new presence, without the form this tab has open: say it again.
  const previousState = useRef(liveState);
  useEffect(() => {
    if (liveState === 'connected' && previousState.current === 'reconnecting' && told.current) tell(told.current);
    // A lost connection: the server drops this tab's presence and others come and go unseen;
    // the list counts again when the server sends it on the new socket.
    if (!isUp(liveState)) setCurrent(false);
    previousState.current = liveState;
  }, [liveState]);

  // Leaving the page with a form open: the form is no longer open.
  useEffect(() => {
    const leave = () => {
      if (told.current) tell(null, true);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [client, planId, sessionId]);

  const known = current && isUp(liveState);
  // Refused: nobody is named, and no "until the connection is back" either, for it will not be.
  const value = useMemo<PresenceValue>(
    () => ({ others: present && known && !refused ? othersPresent(present, viewer?.id) : null, unknown: !!present && !known && !refused }),
    [present, known, refused, viewer?.id],
  );
  return (
    <RecordEditingContext.Provider value={editing}>
      <PresenceContext.Provider value={value}>{props.children}</PresenceContext.Provider>
    </RecordEditingContext.Provider>
  );
}

export const PRESENCE_UNKNOWN = 'ukendt, indtil forbindelsen er tilbage';

/**
 * "Ser planen nu: Dorte Madsen (Jobcenter), Bent Sørensen (Socialforvaltningen)": who else
 * has the plan open. A screen reader hears when someone comes or goes, not every update.
 */
export function PresentNow() {
  const { others, unknown } = useContext(PresenceContext);
  const id = useId();
  const [announcement, setAnnouncement] = useState('');
  const before = useRef<PresentPerson[] | null>(null);
  const who = others?.map((p) => p.userId).join(' ');

  useEffect(() => {
    if (!others) return;
    if (before.current) {
      const change = presenceChange(before.current, others);
      if (change) setAnnouncement(change);
    }
    before.current = others;
    // Only a change of who is here is news.
  }, [who]);

  if (!others && !unknown) return null;
  // Without the connection nobody is named: they may have gone, and others come, unseen.
  const text = !others ? PRESENCE_UNKNOWN : others.length ? others.map(personLabel).join(', ') : 'ingen andre end dig';
  return (
    <section className="presence" aria-labelledby={`${id}-label`} data-testid="presence">
      <span id={`${id}-label`} className="presence-label">
        Ser planen nu:
      </span>{' '}
      <span data-testid="present-others">{text}</span>
      <span className="visually-hidden" aria-live="polite" data-testid="presence-announcement">
        {announcement}
      </span>
    </section>
  );
}

/** "Dorte Madsen redigerer" on a card while someone else has its edit form open. */
export function EditingBadge(props: { recordId: string }) {
  const { others } = useContext(PresenceContext);
  const text = others ? editingText(others, props.recordId) : null;
  return text ? (
    <p className="editing-badge" data-testid="editing-badge">
      {text}
    </p>
  ) : null;
}
