import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorNotice, Loading } from '../../core/ui';
import { FlaggedAccountsQuery } from './accountFlags';
import { FlagCard } from './FlagCard';
import './security.css';

/**
 * Konti til gennemsyn (leaders): users of the municipality who were refused access three
 * times within 24 hours. The leader looks through the refusals and closes each flag with a
 * note; closed flags stay available, with who closed them and why.
 */
export function FlaggedAccountsPage() {
  const id = useId();
  const [includeResolved, setIncludeResolved] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const { data, previousData, loading, error } = useQuery(FlaggedAccountsQuery, { variables: { includeResolved } });

  useEffect(() => {
    document.title = 'Konti til gennemsyn – Samplan';
  }, []);

  // The closed flag's card (and the focused button in it) leaves the list: keep the
  // keyboard user's place on the message that says what happened.
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const flags = (data ?? previousData)?.flaggedAccounts;
  const open = flags?.filter((f) => !f.resolvedAt) ?? [];
  const closed = includeResolved ? (flags?.filter((f) => f.resolvedAt) ?? []) : [];

  return (
    <div className="page">
      <header className="page-header">
        <h1 tabIndex={-1}>Konti til gennemsyn</h1>
        <p className="page-header-meta">
          Medarbejdere i kommunen, der er blevet afvist mindst tre gange inden for 24 timer. Se forsøgene igennem, og afslut markeringen med en bemærkning.
        </p>
      </header>
      <div className="audit-filters">
        <div className="checkbox">
          <input id={`${id}-resolved`} type="checkbox" checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)} />
          <label htmlFor={`${id}-resolved`}>Vis også afsluttede</label>
        </div>
      </div>
      {message ? (
        <p className="notice notice-info" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} title="Konti til gennemsyn kunne ikke hentes" /> : null}
      {loading && !flags ? <Loading label="Henter konti til gennemsyn…" /> : null}
      {flags ? (
        <>
          <section aria-labelledby={`${id}-open`}>
            <h2 id={`${id}-open`}>Til gennemsyn ({open.length})</h2>
            {open.length === 0 ? (
              <div className="notice notice-info" data-testid="no-flags">
                <p className="notice-title">Ingen konti til gennemsyn</p>
                <p>Ingen medarbejdere er blevet afvist tre gange inden for 24 timer.</p>
              </div>
            ) : (
              open.map((f) => <FlagCard key={f.id} flag={f} onResolved={setMessage} />)
            )}
          </section>
          {includeResolved ? (
            <section aria-labelledby={`${id}-closed`}>
              <h2 id={`${id}-closed`}>Afsluttede ({closed.length})</h2>
              {!data ? (
                <Loading label="Henter afsluttede markeringer…" />
              ) : closed.length === 0 ? (
                <p className="hint">Ingen afsluttede markeringer.</p>
              ) : (
                closed.map((f) => <FlagCard key={f.id} flag={f} onResolved={setMessage} />)
              )}
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
