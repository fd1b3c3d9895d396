import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';

/**
 * What a form that asks before it sends (AskFirstFields, ProgrammeEndForms.tsx) keeps between its
 * steps: the server's refusal, the words for a change someone else saved meanwhile, whether the
 * question is shown, and which notice takes the focus once the server has answered (`setAnswer`),
 * so a screen reader hears the answer rather than nothing.
 */
export function useAskFirstState() {
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const errorNotice = useRef<HTMLDivElement>(null);
  const changedNotice = useRef<HTMLParagraphElement>(null);
  const [answer, setAnswer] = useState<'changed' | 'error' | null>(null);
  useEffect(() => {
    if (answer) (answer === 'changed' ? changedNotice : errorNotice).current?.focus();
  }, [answer]);
  return { error, setError, changed, setChanged, confirming, setConfirming, errorNotice, changedNotice, setAnswer };
}

/** Such a form, named by its heading, with the notice of a change saved meanwhile over its fields. */
export function AskFirstForm(props: { id: string; title: string; changed: string | null; changedNotice: RefObject<HTMLParagraphElement | null>; onSubmit: (event: FormEvent) => void; children: ReactNode }) {
  return (
    <form className="edit-form" onSubmit={props.onSubmit} noValidate aria-labelledby={`${props.id}-heading`}>
      <h3 id={`${props.id}-heading`} className="edit-form-title">
        {props.title}
      </h3>
      {props.changed ? (
        <p className="notice notice-info" role="status" ref={props.changedNotice} tabIndex={-1}>
          {props.changed}
        </p>
      ) : null}
      {props.children}
    </form>
  );
}
