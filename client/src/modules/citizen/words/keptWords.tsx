import { useId, type JSX, type RefObject } from 'react';
import { describeError } from '../../../core/errors';

/**
 * What the citizen has typed in one of their forms and not saved: the form's title and each
 * field written in, by its label. Kept by Min plan, so that it stays on the page should the
 * forløb end under them (the plan, and its forms with it, then leave the page).
 */
export interface UnsavedWords {
  title: string;
  fields: ReadonlyArray<{ label: string; text: string }>;
}

/** A form tells Min plan what is unsaved in it, under its own key; null once nothing is (saved, emptied, cancelled). */
export type ReportUnsaved = (key: string, words: UnsavedWords | null) => void;

/**
 * Said when the citizen's words can no longer be saved: an ended forløb is read, not written
 * (the server answers RULE_VIOLATION PROGRAMME_ENDED), and Min plan shows a running forløb only.
 */
export const OWN_WORDS_ENDED_NOTICE = 'Dit forløb er afsluttet, så det, du har skrevet, kan ikke længere gemmes i din plan. Teksten står stadig her, så du kan kopiere den.';

/** A save refused because the forløb has ended meanwhile. */
export function refusedAsEnded(error: unknown): boolean {
  const { kind, rule } = describeError(error);
  return kind === 'RULE_VIOLATION' && rule === 'PROGRAMME_ENDED';
}

/**
 * The words the citizen was writing when their forløb ended, each field's text read-only
 * (to select and copy), under the reason why it can no longer be saved. Shown above the
 * ended forløb's card until the page is left; on paper as text, in full (a text box prints
 * only the lines scrolled into it).
 */
export function KeptWords({ kept, headingRef }: { kept: readonly UnsavedWords[]; headingRef: RefObject<HTMLHeadingElement | null> }): JSX.Element | null {
  const id = useId();
  if (kept.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="citizen-kept-words">
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Det, du skrev, er ikke gemt
      </h2>
      <div className="notice notice-warning" role="alert">
        <p>{OWN_WORDS_ENDED_NOTICE}</p>
      </div>
      {kept.map((words, i) => (
        <div key={i} className="citizen-words-section">
          {/* A section's one field is labelled with its title: said once. */}
          {words.fields.length === 1 && words.fields[0].label === words.title ? null : <h3>{words.title}</h3>}
          {words.fields.map((f, j) => (
            <div key={j} className="field field-wide">
              <label htmlFor={`${id}-${i}-${j}`}>{f.label}</label>
              <p className="citizen-text print-only">{f.text}</p>
              <textarea id={`${id}-${i}-${j}`} className="plain-textarea" readOnly rows={Math.min(12, Math.max(3, f.text.split('\n').length))} value={f.text} />
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
