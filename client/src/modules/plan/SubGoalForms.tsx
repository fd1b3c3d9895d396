import { useMutation } from '@apollo/client/react';
import { TEXT_LIMITS, todayInDenmark } from '@samplan/schema';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/format';
import { hintOf, problemOf, type EditField } from '../../core/forms/fields';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { AREA_LABELS, AREAS, PROGRESS_SCALE_LABELS, PROGRESS_SCALES } from '../../core/labels';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import type { Area, ProgressScale } from '../../gql/graphql';
import { addToList } from './planCache';
import { formatProgress, SCALE_MAX, SCALE_MIN } from './ProgressChart';
import { SUB_GOAL_FIELDS } from './SubGoalEditForm';

export const CreateSubGoalMutation = graphql(`
  mutation CreateSubGoal($input: CreateSubGoalInput!) {
    createSubGoal(input: $input) {
      id
      planId
      ...SubGoalItem_SubGoal
    }
  }
`);

export const RecordSubGoalProgressMutation = graphql(`
  mutation RecordSubGoalProgress($input: RecordProgressInput!) {
    recordSubGoalProgress(input: $input) {
      id
      subGoalId
      measuredOn
      ...ProgressPoint_SubGoalProgress
    }
  }
`);

/* ---------- shared bits of the two forms ---------- */

type Problems = Record<string, string | undefined>;

/**
 * The server's own messages for the fields it rejected, every one of them, each shown next to its
 * field and in the summary; the refusal itself only when some of it no field shows (not a third time).
 */
function serverFieldProblems(error: unknown, fields: readonly string[]): { problems: Problems; error: unknown } {
  return { problems: problemsFromServer(error, fields), error: toldAtFields(error, fields) ? null : error };
}

function Field(props: { id: string; label: string; hint?: string; problem?: string; wide?: boolean; children: (a11y: Record<string, unknown>) => ReactNode }) {
  const { id, problem } = props;
  const describedBy = [props.hint ? `${id}-hint` : null, problem ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.wide ? ' field-wide' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy })}
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}

/** What is wrong with a text over its field's limit, counted as it is sent (trimmed); null when it fits. */
const overLimit = (field: EditField, text: string) => problemOf(field, text.trim());

function ServerError(props: { error: unknown; title: string }) {
  if (!props.error) return null;
  const kind = describeError(props.error).kind;
  return <ErrorNotice error={props.error} title={kind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : props.title} />;
}

/* ---------- Nyt delmål (coordinator) ---------- */

/** A delmål's text and reason, with their limits, as "Redigér delmål" has them. */
const subGoalField = (key: 'text' | 'reason') => SUB_GOAL_FIELDS.find((f) => f.key === key)!;
const TEXT_FIELD: EditField = { ...subGoalField('text'), hint: 'Hvad borgeren vil nå, med borgerens egne ord.' };
const REASON_FIELD = subGoalField('reason');

/** "Nyt delmål": the coordinator adds a sub-goal, set with the citizen (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
export function NewSubGoalForm(props: {
  planId: string;
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [create, { loading }] = useMutation(CreateSubGoalMutation, {
    update: (cache, { data }) => {
      const created = data?.createSubGoal;
      if (created) addToList(cache, { __typename: 'Plan', id: created.planId }, 'subGoals', created);
    },
  });
  const [area, setArea] = useState<Area | ''>('');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Problems = {};
    if (!area) p.area = 'Vælg indsatsområde.';
    const textProblem = text.trim() ? overLimit(TEXT_FIELD, text) : 'Skriv delmålet.';
    if (textProblem) p.text = textProblem;
    const reasonProblem = reason.trim() ? overLimit(REASON_FIELD, reason) : 'Skriv en begrundelse for delmålet.';
    if (reasonProblem) p.reason = reasonProblem;
    setProblems(p);
    if (Object.keys(p).length || !area) return;
    setError(null);
    try {
      await create({ variables: { input: { planId: props.planId, area, text: text.trim(), reason: reason.trim() } } });
      props.onDone(`Delmålet »${text.trim()}« er tilføjet under ${AREA_LABELS[area]}.`);
    } catch (e) {
      const told = serverFieldProblems(e, ['area', 'text', 'reason']);
      setProblems(told.problems);
      setError(told.error);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Nyt delmål
      </h3>
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['area', 'text', 'reason']} />
      <div className="form-grid">
        <Field id={`${id}-area`} label="Indsatsområde" problem={problems.area}>
          {(a11y) => (
            <select
              {...a11y}
              name="area"
              aria-required
              value={area}
              onChange={(e) => {
                setArea(e.target.value as Area | '');
                setProblems((cur) => without(cur, 'area'));
              }}
            >
              <option value="">Vælg indsatsområde</option>
              {AREAS.map((a) => (
                <option key={a} value={a}>
                  {AREA_LABELS[a]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-text`} label="Delmål" hint={hintOf(TEXT_FIELD)} problem={problems.text} wide>
          {(a11y) => (
            <textarea
              {...a11y}
              name="text"
              aria-required
              rows={2}
              className="plain-textarea"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setProblems((cur) => without(cur, 'text'));
              }}
            />
          )}
        </Field>
        <Field id={`${id}-reason`} label="Begrundelse" hint={hintOf(REASON_FIELD)} problem={problems.reason} wide>
          {(a11y) => (
            <textarea
              {...a11y}
              name="reason"
              aria-required
              rows={3}
              className="plain-textarea"
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setProblems((cur) => without(cur, 'reason'));
              }}
            />
          )}
        </Field>
      </div>
      <ServerError error={error} title="Delmålet blev ikke tilføjet" />
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Tilføj delmål" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}

/* ---------- Progressionsmåling (anyone on the plan) ---------- */

/** The value typed for a scale, or a Danish reason it cannot be used. */
export function checkProgressValue(text: string, scale: ProgressScale): { value: number } | { problem: string } {
  const t = text.trim();
  if (!t) return { problem: 'Skriv værdien.' };
  const value = Number(t);
  const min = SCALE_MIN[scale];
  const max = SCALE_MAX[scale];
  if (!/^-?\d+$/.test(t) || !Number.isInteger(value) || value < min || value > max) {
    return { problem: `Skriv et helt tal fra ${min} til ${max}.` };
  }
  return { value };
}

/** The scale of a goal already measured, as text: the other scale is not offered. */
function MeasuredScale(props: { id: string; scale: ProgressScale; problem?: string }) {
  return (
    <div className="field">
      <p id={props.id} aria-describedby={`${props.id}-hint`} tabIndex={-1}>
        Skala: {PROGRESS_SCALE_LABELS[props.scale]}
      </p>
      <p className="hint" id={`${props.id}-hint`}>
        Som delmålets tidligere målinger, så de kan sammenlignes.
      </p>
      <FieldError id={`${props.id}-error`} message={props.problem} />
    </div>
  );
}

/** A measurement's comment, with the limit the server holds it to (RecordProgressInput). */
const COMMENT_FIELD: EditField = { key: 'comment', label: 'Kommentar', input: 'textarea', maxChars: TEXT_LIMITS.long };

/** "Registrér progression": a measurement of one sub-goal; the chart shows it at once. */
export function ProgressForm(props: {
  subGoal: { id: string; text: string };
  /**
   * The scale of the goal's latest measurement, when it has any: the only scale it is measured
   * on from then, so its measurements can be compared (the server refuses another).
   */
  defaultScale?: ProgressScale;
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [record, { loading }] = useMutation(RecordSubGoalProgressMutation, {
    // Into the goal's measurements, by date as the server sorts them.
    update: (cache, { data }) => {
      const created = data?.recordSubGoalProgress;
      if (created) addToList(cache, { __typename: 'SubGoal', id: created.subGoalId }, 'progress', created, (read, ref) => String(read('measuredOn', ref)));
    },
  });
  const [measuredOn, setMeasuredOn] = useState(() => todayInDenmark());
  const [chosenScale, setScale] = useState<ProgressScale>('ONE_TO_FIVE');
  // Read at each render: a measurement someone else records while the form is open settles the scale.
  const scale = props.defaultScale ?? chosenScale;
  const [valueText, setValueText] = useState('');
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const clear = (key: string) => setProblems((cur) => without(cur, key));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Problems = {};
    if (!measuredOn) p.measuredOn = 'Vælg datoen for målingen.';
    const checked = checkProgressValue(valueText, scale);
    if ('problem' in checked) p.value = checked.problem;
    const commentOver = overLimit(COMMENT_FIELD, comment);
    if (commentOver) p.comment = commentOver;
    setProblems(p);
    if (Object.keys(p).length || !('value' in checked)) return;
    setError(null);
    try {
      await record({ variables: { input: { subGoalId: props.subGoal.id, measuredOn, scale, value: checked.value, comment: comment.trim() || null } } });
      props.onDone(`Målingen er gemt: ${formatProgress(checked.value, scale)} den ${formatDate(measuredOn)}.`);
    } catch (e) {
      const told = serverFieldProblems(e, ['measuredOn', 'scale', 'value', 'comment']);
      setProblems(told.problems);
      setError(told.error);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Ny måling
      </h4>
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['measuredOn', 'scale', 'value', 'comment']} />
      <div className="form-grid">
        <Field id={`${id}-measuredOn`} label="Målt den" problem={problems.measuredOn}>
          {(a11y) => (
            <input
              {...a11y}
              name="measuredOn"
              type="date"
              aria-required
              value={measuredOn}
              onChange={(e) => {
                setMeasuredOn(e.target.value);
                clear('measuredOn');
              }}
            />
          )}
        </Field>
        {props.defaultScale ? (
          <MeasuredScale id={`${id}-scale`} scale={props.defaultScale} problem={problems.scale} />
        ) : (
          <Field id={`${id}-scale`} label="Skala" hint="Delmålets senere målinger skal være på samme skala, så de kan sammenlignes." problem={problems.scale}>
            {(a11y) => (
              <select
                {...a11y}
                name="scale"
                value={scale}
                onChange={(e) => {
                  setScale(e.target.value as ProgressScale);
                  clear('scale');
                  clear('value');
                }}
              >
                {PROGRESS_SCALES.map((s) => (
                  <option key={s} value={s}>
                    {PROGRESS_SCALE_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id={`${id}-value`} label="Værdi" hint={`Et helt tal fra ${SCALE_MIN[scale]} til ${SCALE_MAX[scale]}.`} problem={problems.value}>
          {(a11y) => (
            <input
              {...a11y}
              name="value"
              inputMode="numeric"
              autoComplete="off"
              aria-required
              value={valueText}
              onChange={(e) => {
                setValueText(e.target.value);
                clear('value');
              }}
            />
          )}
        </Field>
        <Field id={`${id}-comment`} label="Kommentar" hint={hintOf(COMMENT_FIELD)} problem={problems.comment} wide>
          {(a11y) => (
            <textarea
              {...a11y}
              name="comment"
              rows={2}
              className="plain-textarea"
              value={comment}
              onChange={(e) => {
                setComment(e.target.value);
                clear('comment');
              }}
            />
          )}
        </Field>
      </div>
      <ServerError error={error} title="Målingen blev ikke gemt" />
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Gem måling" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}
