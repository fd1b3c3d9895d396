import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { useFocusOnNewEntry } from '../../core/focus-kept';
import { formatDateTime } from '../../core/format';
import { ErrorNotice, Loading } from '../../core/ui';
import { AdministrationLogQuery, LOG_PAGE_SIZE } from './admin';

/**
 * Who did it, for rows no signed-in person made. The setup command creates the municipality
 * before anyone can sign in: it reads as the initial setup, not as someone unknown. So does a
 * deactivated user's attempt to sign in, and one to an invitation awaiting approval. `npm run setup -- --recover-admin` is run by the
 * operations staff when the municipality has no active administrator left: it reads as theirs
 * (the invitation, and with --replacing the deactivation of the one who left; each row says which).
 * So does `--add-admin`, their invitation of a second administrator that they approve themselves.
 */
const NO_PERSON_LABELS: Readonly<Record<string, string>> = {
  SETUP_MUNICIPALITY: 'Opsætning',
  SIGN_IN_DEACTIVATED_USER: 'Log ind',
  SIGN_IN_AWAITING_APPROVAL: 'Log ind',
  RECOVER_ADMINISTRATOR: 'Driften',
  ADD_ADMINISTRATOR: 'Driften',
};

function actorLabel(entry: { actorName?: string | null; action: string }): string {
  return entry.actorName || (NO_PERSON_LABELS[entry.action] ?? 'Ukendt');
}

/**
 * Administrationslog: every administrative action of the municipality (units, staff, the
 * municipality's own frames, first sign-ins), newest first, with who did it and the server's
 * Danish summary. "Vis ældre" fetches the next page after the last cursor and adds it below.
 */
export function AdministrationLogPanel() {
  const id = useId();
  // Always from the server: a log is only worth reading when it is current.
  const { data, loading, error, fetchMore, networkStatus } = useQuery(AdministrationLogQuery, {
    variables: { first: LOG_PAGE_SIZE, after: null },
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: true,
  });
  const [moreError, setMoreError] = useState<unknown>(null);
  const page = data?.administrationLog;
  // The first entry of the page just added takes focus, so the keyboard user reads on from there.
  const { container: list, focusEntry } = useFocusOnNewEntry<HTMLOListElement>(page);
  const loadingMore = networkStatus === NetworkStatus.fetchMore;

  const showOlder = async () => {
    if (!page?.nextCursor) return;
    setMoreError(null);
    try {
      const more = await fetchMore({
        variables: { after: page.nextCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          administrationLog: {
            ...fetchMoreResult.administrationLog,
            entries: [...previous.administrationLog.entries, ...fetchMoreResult.administrationLog.entries],
          },
        }),
      });
      focusEntry(more.data?.administrationLog.entries[0]?.id ?? null);
    } catch (e) {
      setMoreError(e);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Administrationslog</h2>
      {/* Not administrators' actions only: leaders set the municipality's own frames, staff accept their invitations, and refused sign-ins of deactivated or not yet approved staff show. */}
      <p className="hint">Hvem der har ændret kommunens enheder, medarbejdere og egne rammer for forløb, hvornår medarbejdere loggede ind første gang, når en deaktiveret medarbejder forsøgte at logge ind, og når en inviteret person forsøgte at logge ind, mens invitationen ventede på godkendelse, nyeste først.</p>
      {error ? <ErrorNotice error={error} title="Administrationsloggen kunne ikke hentes" /> : null}
      {loading && !page ? <Loading label="Henter administrationsloggen…" /> : null}
      {page ? (
        page.entries.length === 0 ? (
          <p className="hint">Ingen handlinger endnu.</p>
        ) : (
          <ol ref={list} className="feed-list admin-log" aria-label="Handlinger, nyeste først">
            {page.entries.map((entry) => (
              <li key={entry.id} className="feed-item" data-testid="admin-log-entry" data-entry-id={entry.id} tabIndex={-1}>
                <p className="feed-summary">{entry.summary}</p>
                <p className="feed-meta">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · {actorLabel(entry)}
                </p>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {moreError ? <ErrorNotice error={moreError} title="Ældre handlinger kunne ikke hentes" /> : null}
      {page?.nextCursor ? (
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={() => void showOlder()} disabled={loadingMore}>
            {loadingMore ? 'Henter…' : 'Vis ældre'}
          </button>
        </p>
      ) : null}
    </section>
  );
}
