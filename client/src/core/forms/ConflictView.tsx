import { genitive } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { formatWhen } from '../format';
import { ErrorNotice, FieldError, StatusNotice } from '../ui';
import { mergeDraft, type FieldChoice } from './conflict';
import './conflict.css';

export interface ConflictField {
  key: string;
  label: string;
  /** How a value is shown (labels for codes, dates in Danish). */
  format?: (value: unknown) => string;
  /** How it is entered: a `textarea` (a longer text) can be merged. */
  input?: string;
  required?: boolean;
  /** A choice's values with their labels (`select`). */
  options?: ReadonlyArray<{ value: string; label: string }>;
  /** Said under a pickable field's choices when the user's value can no longer be kept: why, and what instead. */
  hint?: string;
  /**
   * A choice the user may set anew in the conflict view: besides keeping theirs or mine, "Vælg en
   * anden" picks another of its options (a status instead of one the newer version rules out).
   * A value of mine that is no longer among the options cannot be kept.
   */
  pickable?: boolean;
  /**
   * The user's value goes only with one of these values of another field, as chosen in the
   * conflict view (a reason only with an ending status): with any other, "Behold min" is not
   * offered, the newest version holds, and the field says why and what to choose instead.
   */
  keptOnlyWith?: { key: string; values: readonly string[] };
}

function show(field: ConflictField, value: unknown): string {
  // A yes-or-no: unset is no.
  if (field.input === 'checkbox' && !field.format) return value === true ? 'Ja' : 'Nej';
  if (value === null || value === undefined || value === '') return '(tom)';
  return field.format ? field.format(value) : String(value);
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? '') === (b ?? '') || String(a ?? '') === String(b ?? '');
}

/** A field someone types text in: the user's own words, kept on screen after a conflict. */
export function isTextField(field: ConflictField): boolean {
  return field.input === 'text' || field.input === 'textarea';
}

function mergeable(field: ConflictField): boolean {
  return field.input === 'textarea';
}

/** Whether the user's value of a field may be kept: always, but for a pickable field whose options no longer hold it. */
function keepable(field: ConflictField, value: unknown): boolean {
  return !field.pickable || !field.options || field.options.some((o) => o.value === asText(value));
}

/** What "Vælg en anden" offers: the field's options but mine and theirs (each its own choice). */
function otherOptions(field: ConflictField, mine: unknown, theirs: unknown): ReadonlyArray<{ value: string; label: string }> {
  return (field.options ?? []).filter((o) => o.value !== asText(mine) && o.value !== asText(theirs));
}

function asText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** "A", "A eller B", "A, B eller C". */
function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} eller ${items[items.length - 1]}`;
}


const CHOICE_LABELS: Readonly<Record<FieldChoice['take'], string>> = { mine: 'Behold min', theirs: 'Tag deres', merged: 'Flet', picked: 'Vælg en anden' };

/**
 * "Din tekst": a copy of what the user wrote, shown until they leave the form, so a text
 * that was not saved as written (merged, or theirs taken) is never lost from sight.
 */
export function YourText(props: { fields: readonly ConflictField[]; texts: Readonly<Record<string, unknown>> }) {
  const id = useId();
  const shown = props.fields.filter((f) => isTextField(f) && asText(props.texts[f.key]).trim());
  if (shown.length === 0) return null;
  return (
    <section className="your-text" aria-labelledby={`${id}-heading`} data-testid="your-text">
      <h5 id={`${id}-heading`}>Din tekst</h5>
      <p className="hint">En kopi af det, du skrev. Den forsvinder, når du lukker formularen.</p>
      {shown.map((f) => (
        <div key={f.key}>
          <p className="your-text-label">{f.label}</p>
          <p className="your-text-body">{asText(props.texts[f.key])}</p>
        </div>
      ))}
    </section>
  );
}

/**
 * Konflikt: the user saved over a newer change by someone else. For each field either of
 * them changed, it shows their value and the user's, and for each field the user changed a
 * choice: keep mine, take theirs, (for a longer text) merge the two in a text of its own, or (for
 * a pickable choice, such as an intervention's status) pick another of its options.
 * Nothing is saved until the user saves their choices. When a newer version arrives while
 * they choose, `theirs` changes under the view and their choices and merged texts stay. When
 * nothing can be saved any longer (`cannotSave`), it says why, offers no save, and keeps the
 * user's values and merged texts on screen.
 */
export function ConflictView(props: {
  title: string;
  fields: readonly ConflictField[];
  /** What the user had when they started editing. */
  base: Record<string, unknown>;
  /** The user's changed fields only. */
  mine: Record<string, unknown>;
  /** The record as saved now (extensions.current). */
  theirs: Record<string, unknown>;
  /** Who saved the newer version, when known. */
  theirAuthor?: string | null;
  /** The newer version is the user's own, saved in another window: said so, not "en anden". */
  theirAuthorIsYou?: boolean;
  /** Says what happened since the view opened (e.g. yet another save by someone else). */
  notice?: string | null;
  /**
   * Why the user's choices can no longer be saved (the form's `cannotSave`, e.g. the programme
   * has ended): said in place of `notice`, and "Gem valgene" goes. Their values stay on screen
   * to copy, and the newest version can still be taken.
   */
  cannotSave?: string | null;
  busy?: boolean;
  error?: unknown;
  /** Saves the choices for the user's fields; called only when at least one is not "Tag deres". */
  onSave: (choices: Record<string, FieldChoice>) => void;
  /** Drops all of the user's changes; nothing is saved. */
  onTakeTheirs: () => void;
  /**
   * What an option picked under "Vælg en anden" brings in other fields, as the form would fill
   * them in (an end date with Afsluttet), given the choices as they stand: texts by field key.
   * Shown at the pick, to correct, and saved with it (the choice's `follows`).
   */
  followOf?: (key: string, text: string, choices: Readonly<Record<string, FieldChoice>>) => Record<string, string>;
  /** The form's problems with those texts, by field key, checked before anything is sent. */
  checkFollows?: (choices: Readonly<Record<string, FieldChoice>>) => Record<string, string>;
  extra?: ReactNode;
}) {
  const { fields, base, mine, theirs } = props;
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [takes, setTakes] = useState<Record<string, FieldChoice['take']>>(() => Object.fromEntries(Object.keys(mine).map((k) => [k, 'mine'])));
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  // The option picked under "Vælg en anden", by field ('' until one is picked).
  const [picks, setPicks] = useState<Record<string, string>>({});
  // What the user corrected of what a pick brings (an end date), by field.
  const [followEdits, setFollowEdits] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const rows = fields.filter((f) => f.key in mine || !same(theirs[f.key], base[f.key]));
  const updatedAt = typeof theirs.updatedAt === 'string' ? theirs.updatedAt : null;
  const you = props.theirAuthorIsYou === true;
  const theirsLabel = you ? 'Din gemte udgave' : props.theirAuthor ? `${genitive(props.theirAuthor)} udgave` : 'Nyeste gemte udgave';

  const fieldOf = (key: string) => fields.find((f) => f.key === key);

  /** The value a field gets as chosen now; undefined while an option is yet to be picked. */
  const chosenValueOf = (key: string): unknown => {
    const field = fieldOf(key);
    if (!field || !(key in mine)) return theirs[key];
    const take = takeOf(field);
    if (take === 'mine') return mine[key];
    if (take === 'picked') return picks[key] || undefined;
    if (take === 'merged') return drafts[key] ?? '';
    return theirs[key];
  };

  /** Whether the user's value of a field goes with what is chosen for the field it depends on (see keptOnlyWith); yes while that is yet to be picked. */
  const goesWith = (field: ConflictField): boolean => {
    if (!field.keptOnlyWith) return true;
    const value = chosenValueOf(field.keptOnlyWith.key);
    return value === undefined || field.keptOnlyWith.values.includes(asText(value));
  };

  /** The choice that holds for a field: mine cannot hold once the options no longer have it, so "Vælg en anden" does; nor with a value of another field it does not go with, so theirs does. */
  const takeOf = (field: ConflictField): FieldChoice['take'] => {
    if (!goesWith(field)) return 'theirs';
    const take = takes[field.key] ?? 'mine';
    if (take !== 'mine' || keepable(field, mine[field.key])) return take;
    return otherOptions(field, mine[field.key], theirs[field.key]).length ? 'picked' : 'theirs';
  };

  /** The values a field can be given in the view: theirs, and, of the user's field, mine where keepable and the other options where pickable. */
  const choosable = (field: ConflictField): string[] => {
    if (!(field.key in mine)) return [asText(theirs[field.key])];
    return [
      ...(keepable(field, mine[field.key]) ? [asText(mine[field.key])] : []),
      asText(theirs[field.key]),
      ...(field.pickable ? otherOptions(field, mine[field.key], theirs[field.key]).map((o) => o.value) : []),
    ];
  };

  /** Why the user's value of a field cannot be kept with what is chosen for the field it depends on, in words of the choices the view offers. */
  const notWithLine = (field: ConflictField): string | null => {
    const rule = field.keptOnlyWith;
    const other = rule ? fieldOf(rule.key) : undefined;
    if (!rule || !other) return null;
    const reachable = rule.values.filter((v) => choosable(other).includes(v));
    const stated = reachable.length ? reachable : rule.values.filter((v) => !other.options || other.options.some((o) => o.value === v));
    const named = orList(stated.map((v) => show(other, v)));
    const otherName = other.label.toLowerCase();
    const instead = reachable.length ? `; vælg ${named} under ${other.label} for at gemme din ${isTextField(field) ? 'tekst' : 'ændring'}.` : '.';
    return `${field.label} gemmes kun med ${otherName} ${named}. Med ${otherName} ${show(other, chosenValueOf(other.key))} gælder den nyeste udgave${instead}`;
  };

  /** The choices as they stand, a pick with what it brings in other fields (corrected by the user where they did). */
  const currentChoices = (): Record<string, FieldChoice> => {
    const choices: Record<string, FieldChoice> = {};
    for (const f of fields) {
      if (!(f.key in mine)) continue;
      const take = takeOf(f);
      if (take === 'picked') choices[f.key] = { take, text: picks[f.key] ?? '' };
      else if (take === 'merged') choices[f.key] = { take, text: drafts[f.key] ?? '' };
      else choices[f.key] = { take };
    }
    for (const [key, choice] of Object.entries(choices)) {
      if (choice.take !== 'picked' || !choice.text || !props.followOf) continue;
      const follows = Object.fromEntries(Object.entries(props.followOf(key, choice.text, choices)).map(([other, text]) => [other, followEdits[other] ?? text]));
      if (Object.keys(follows).length) choices[key] = { ...choice, follows };
    }
    return choices;
  };

  const choose = (field: ConflictField, take: FieldChoice['take']) => {
    setTakes((cur) => ({ ...cur, [field.key]: take }));
    setProblems((cur) => ({ ...cur, [field.key]: '' }));
    if (take === 'merged' && drafts[field.key] === undefined) {
      setDrafts((cur) => ({ ...cur, [field.key]: mergeDraft(asText(theirs[field.key]), asText(mine[field.key])) }));
    }
  };

  const save = () => {
    if (props.cannotSave) return;
    const choices = currentChoices();
    const found: Record<string, string> = {};
    for (const [key, choice] of Object.entries(choices)) {
      const f = fieldOf(key)!;
      if (choice.take === 'picked' && !choice.text) found[key] = `Vælg ${f.label.toLowerCase()}.`;
      if (choice.take === 'merged' && f.required && !choice.text.trim()) found[key] = `Skriv den flettede tekst til ${f.label.toLowerCase()}.`;
    }
    for (const [key, problem] of Object.entries(props.checkFollows?.(choices) ?? {})) found[`follows:${key}`] = problem;
    setProblems(found);
    if (Object.keys(found).length) return;
    if (Object.values(choices).every((c) => c.take === 'theirs')) props.onTakeTheirs();
    else props.onSave(choices);
  };

  const shownChoices = currentChoices();

  return (
    <section className="conflict" aria-labelledby={`${id}-heading`} data-testid="conflict-view">
      <h4 id={`${id}-heading`} ref={heading} tabIndex={-1} className="conflict-heading">
        {props.title} {you ? 'er gemt af dig i et andet vindue' : 'er ændret af en anden'}, mens du redigerede
      </h4>
      <p>
        {you ? 'Du gemte' : props.theirAuthor ? `${props.theirAuthor} gemte` : 'Der blev gemt'} en nyere udgave{you ? ' i et andet vindue' : ''}
        {updatedAt ? (
          <>
            {' '}
            <time dateTime={updatedAt}>{formatWhen(updatedAt)}</time>
          </>
        ) : null}
        . Intet er overskrevet.{props.cannotSave ? null : ' Vælg for hvert af dine felter, hvad der skal gælde.'}
      </p>
      <StatusNotice message={props.cannotSave ?? props.notice} />
      {rows.map((f) => {
        const mineChanged = f.key in mine;
        const theirsChanged = !same(theirs[f.key], base[f.key]);
        const take = takeOf(f);
        const fieldId = `${id}-${f.key}`;
        const goes = goesWith(f);
        const offered: ReadonlyArray<FieldChoice['take']> = [
          ...(goes && keepable(f, mine[f.key]) ? (['mine'] as const) : []),
          'theirs',
          ...(goes && mergeable(f) && theirsChanged ? (['merged'] as const) : []),
          ...(goes && f.pickable && otherOptions(f, mine[f.key], theirs[f.key]).length ? (['picked'] as const) : []),
        ];
        const chosen = shownChoices[f.key];
        const follows = chosen?.take === 'picked' ? Object.entries(chosen.follows ?? {}) : [];
        return (
          <fieldset key={f.key} className="conflict-field" data-testid={`conflict-field-${f.key}`}>
            <legend>{f.label}</legend>
            <dl className="conflict-values">
              <div className={theirsChanged ? 'conflict-changed' : undefined}>
                <dt>{theirsLabel}</dt>
                <dd>
                  {show(f, theirs[f.key])}
                  {theirsChanged ? <span className="conflict-note"> (ændret)</span> : <span className="conflict-note"> (ikke ændret)</span>}
                </dd>
              </div>
              <div className={mineChanged ? 'conflict-changed' : undefined}>
                <dt>{mineChanged && isTextField(f) ? 'Din tekst' : 'Din udgave'}</dt>
                <dd>
                  {mineChanged ? show(f, mine[f.key]) : show(f, base[f.key])}
                  {mineChanged ? <span className="conflict-note"> (din ændring)</span> : <span className="conflict-note"> (ikke ændret af dig)</span>}
                </dd>
              </div>
            </dl>
            {mineChanged ? (
              <div className="conflict-choices">
                {offered.map((t) => (
                  <label key={t} className="choice">
                    <input type="radio" name={fieldId} value={t} checked={take === t} onChange={() => choose(f, t)} disabled={props.busy || !!props.cannotSave} />
                    {t === 'theirs' && you ? 'Tag den gemte' : CHOICE_LABELS[t]}
                  </label>
                ))}
              </div>
            ) : (
              <p className="hint">Du har ikke ændret feltet; den nyeste udgave gælder.</p>
            )}
            {mineChanged && f.hint && !keepable(f, mine[f.key]) ? <p className="hint">{f.hint}</p> : null}
            {mineChanged && !goes ? <p className="hint">{notWithLine(f)}</p> : null}
            {mineChanged && take === 'picked' ? (
              <div className="field">
                <label htmlFor={`${fieldId}-picked`}>Vælg {f.label.toLowerCase()}</label>
                <select
                  id={`${fieldId}-picked`}
                  value={picks[f.key] ?? ''}
                  disabled={props.busy || !!props.cannotSave}
                  aria-invalid={problems[f.key] ? true : undefined}
                  aria-describedby={problems[f.key] ? `${fieldId}-problem` : undefined}
                  onChange={(e) => {
                    const text = e.target.value;
                    setPicks((cur) => ({ ...cur, [f.key]: text }));
                    setProblems((cur) => ({ ...cur, [f.key]: '' }));
                  }}
                >
                  <option value="">Vælg …</option>
                  {otherOptions(f, mine[f.key], theirs[f.key]).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
                <FieldError id={`${fieldId}-problem`} message={problems[f.key]} />
              </div>
            ) : null}
            {follows.map(([key, text]) => {
              const other = fieldOf(key);
              if (!other) return null;
              const followId = `${fieldId}-follows-${key}`;
              const problem = problems[`follows:${key}`];
              const picked = show(f, chosen?.take === 'picked' ? chosen.text : '');
              return other.input === 'date' ? (
                <div key={key} className="field">
                  <label htmlFor={followId}>{other.label}</label>
                  <p className="hint" id={`${followId}-hint`}>
                    Gemmes med {f.label.toLowerCase()} {picked}.
                  </p>
                  <input
                    id={followId}
                    type="date"
                    value={text}
                    disabled={props.busy || !!props.cannotSave}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${followId}-hint ${followId}-problem` : `${followId}-hint`}
                    onChange={(e) => {
                      const typed = e.target.value;
                      setFollowEdits((cur) => ({ ...cur, [key]: typed }));
                      setProblems((cur) => ({ ...cur, [`follows:${key}`]: '' }));
                    }}
                  />
                  <FieldError id={`${followId}-problem`} message={problem} />
                </div>
              ) : (
                <p key={key} className="hint">
                  Med {f.label.toLowerCase()} {picked} gemmes {other.label.toLowerCase()}: {show(other, text)}.
                </p>
              );
            })}
            {mineChanged && take === 'merged' ? (
              <div className="field">
                <label htmlFor={`${fieldId}-merged`}>Flettet tekst: {f.label}</label>
                <textarea
                  id={`${fieldId}-merged`}
                  rows={6}
                  readOnly={!!props.cannotSave}
                  value={drafts[f.key] ?? ''}
                  aria-invalid={problems[f.key] ? true : undefined}
                  aria-describedby={problems[f.key] ? `${fieldId}-problem` : undefined}
                  onChange={(e) => {
                    const text = e.target.value;
                    setDrafts((cur) => ({ ...cur, [f.key]: text }));
                  }}
                />
                <FieldError id={`${fieldId}-problem`} message={problems[f.key]} />
              </div>
            ) : null}
          </fieldset>
        );
      })}
      {props.error ? <ErrorNotice error={props.error} title="Det kunne ikke gemmes" /> : null}
      {props.extra}
      <p className="actions">
        {props.cannotSave ? null : (
          <button type="button" className="button" onClick={save} disabled={props.busy}>
            {props.busy ? 'Gemmer…' : 'Gem valgene'}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={props.onTakeTheirs} disabled={props.busy}>
          Tag den nyeste udgave
        </button>
      </p>
      <p className="hint">
        {props.cannotSave
          ? 'Dine valg kan ikke gemmes. Det, du skrev, står ovenfor, så du kan kopiere det. »Tag den nyeste udgave« viser den nyeste udgave; intet af dit bliver gemt.'
          : '»Gem valgene« gemmer dine valg oven på den nyeste udgave. »Tag den nyeste udgave« dropper alle dine ændringer.'}
      </p>
    </section>
  );
}
