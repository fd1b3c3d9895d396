import { charCount, tooLongMessage } from '@samplan/schema';
import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { problemsFromServer, toldAtFields } from '../../core/forms/formErrors';
import { ErrorNotice, FieldError } from '../../core/ui';
import { FlaggedAccountsQuery, RESOLUTION_MAX, ResolveAccountFlagMutation } from './accountFlags';

/** The form's one field, by the name the server gives it. */
const RESOLUTION_FIELD = ['resolution'] as const;

/** What is wrong with the note before it is sent, or null. */
export function checkResolution(note: string): string | null {
  const text = note.trim();
  if (!text) return 'Skriv en bemærkning til gennemsynet.';
  if (charCount(text) > RESOLUTION_MAX) return tooLongMessage('Bemærkningen', RESOLUTION_MAX, text);
  return null;
}

/** "Afslut markering": the leader closes a flag after review, with a note that is kept with it. */
export function ResolveFlagForm(props: { flagId: string; name: string; onResolved: (message: string) => void }) {
  const id = useId();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const [resolve, { loading }] = useMutation(ResolveAccountFlagMutation, {
    // A closed flag leaves the list of open ones at once; the list with closed ones gets
    // the changed flag through the normalised cache.
    update: (cache, { data }) => {
      const closed = data?.resolveAccountFlag;
      if (!closed) return;
      cache.updateQuery({ query: FlaggedAccountsQuery, variables: { includeResolved: false } }, (current) =>
        current ? { flaggedAccounts: current.flaggedAccounts.filter((f) => f.id !== closed.id) } : current,
      );
    },
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const p = checkResolution(note);
    setProblem(p);
    if (p) {
      // To the field, as the other forms do: a screen reader reads it with its problem, and typing fixes it.
      noteField.current?.focus();
      return;
    }
    setError(null);
    try {
      await resolve({ variables: { id: props.flagId, resolution: note.trim() } });
      props.onResolved(`Markeringen af ${props.name} er afsluttet.`);
    } catch (e) {
      // The server's words about the note, wherever in its list of problems; a box only for what the field does not show.
      const told = problemsFromServer(e, RESOLUTION_FIELD).resolution;
      if (told) {
        setProblem(told);
        noteField.current?.focus();
      }
      if (!toldAtFields(e, RESOLUTION_FIELD)) setError(e);
    }
  };

  const describedBy = [`${id}-hint`, problem ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <form className="stack resolve-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>
        Afslut markeringen<span className="visually-hidden"> af {props.name}</span>
      </h4>
      <div className="field">
        <label htmlFor={`${id}-note`}>Bemærkning</label>
        <p className="hint" id={`${id}-hint`}>
          Hvad har du undersøgt, og hvad er konklusionen? Bemærkningen gemmes med markeringen. Højst {RESOLUTION_MAX.toLocaleString('da-DK')} tegn.
        </p>
        <textarea
          id={`${id}-note`}
          ref={noteField}
          name="resolution"
          className="plain-textarea"
          rows={3}
          value={note}
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setNote(e.target.value);
            setProblem(null);
          }}
        />
        <FieldError id={`${id}-error`} message={problem} />
      </div>
      {error ? <ErrorNotice error={error} title="Markeringen blev ikke afsluttet" /> : null}
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Afslutter…' : 'Afslut markering'}
        <span className="visually-hidden"> af {props.name}</span>
      </button>
    </form>
  );
}
