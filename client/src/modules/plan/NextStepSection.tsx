import { useApolloClient, useMutation } from '@apollo/client/react';
import { todayInDenmark } from '@samplan/schema';
import { useState } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { formatDate } from '../../core/format';
import { FormPanel } from '../../core/forms/FormPanel';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { label, NEXT_STEP_LABELS, NEXT_STEPS } from '../../core/labels';
import { StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { NextStep, NextStepSection_ProgrammeFragment } from '../../gql/graphql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';

export const NextStepFragment = graphql(`
  fragment NextStepSection_Programme on Programme {
    id
    status
    endDate
    nextStep {
      id
      step
      stepLabel
      decidedOn
      note
      version
      decidedBy {
        id
        name
      }
    }
  }
`);

export const DecideNextStepMutation = graphql(`
  mutation DecideNextStep($input: DecideNextStepInput!) {
    decideNextStep(input: $input) {
      id
      ...NextStepSection_Programme
      ...Warnings_Programme
    }
  }
`);

export const NEXT_STEP_FIELDS: readonly FormField[] = [
  {
    key: 'step',
    label: 'Indsatsen efter forløbet',
    input: 'select',
    required: true,
    requiredMessage: 'Vælg, hvad der skal ske efter forløbet.',
    options: NEXT_STEPS.map((s) => ({ value: s, label: NEXT_STEP_LABELS[s] })),
    format: (v) => label(NEXT_STEP_LABELS, v as NextStep),
  },
  { key: 'decidedOn', label: 'Besluttet den', input: 'date', required: true, requiredMessage: 'Vælg datoen for beslutningen.', format: (v) => formatDate(String(v)) },
  { key: 'note', label: 'Bemærkning', input: 'textarea', hint: 'Fx hvad rehabiliteringsteamet indstillede, eller hvad borgeren ønsker.' },
];

/** A decision is taken, not planned: it cannot be dated ahead. */
export function checkDecidedOn(values: Values, now: string = todayInDenmark()): Record<string, string> {
  const day = values.decidedOn ?? '';
  return day && day > now ? { decidedOn: 'En beslutning kan ikke dateres frem i tiden.' } : {};
}

/** A select starts on a choice; an empty one stays empty until the user picks. */
const FIELDS_FIRST_TIME: readonly FormField[] = NEXT_STEP_FIELDS.map((f) =>
  f.key === 'step' ? { ...f, options: [{ value: '', label: 'Vælg indsats' }, ...(f.options ?? [])] } : f,
);

type Decision = NonNullable<NextStepSection_ProgrammeFragment['nextStep']>;

/**
 * The decision form. Whether it takes a first decision or changes one is fixed when it
 * opens: a decision someone else takes meanwhile comes back as a conflict on save.
 */
function NextStepForm(props: { programmeId: string; decision: Decision | null; onChanged: () => void; onDone: (message: string) => void; onCancel: () => void }) {
  const client = useApolloClient();
  const [decide, { loading }] = useMutation(DecideNextStepMutation);
  const [first] = useState(() => props.decision === null);
  return (
    <VersionedEditForm
      heading={first ? 'Beslutning om indsatsen efter forløbet' : 'Ret beslutningen om indsatsen efter forløbet'}
      subject="Beslutningen"
      typename="NextStepDecision"
      fields={first ? FIELDS_FIRST_TIME : NEXT_STEP_FIELDS}
      record={props.decision ?? { step: '', decidedOn: todayInDenmark(), note: '', version: null }}
      liveVersion={props.decision?.version}
      staleNotice="En anden har gemt en ændring af beslutningen, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      check={(values) => checkDecidedOn(values)}
      // The decision is saved whole: the changed fields on top of the one they change.
      save={(changed, expectedVersion, onTopOf) => {
        const all = { ...onTopOf, ...changed } as { step: NextStep; decidedOn: string; note?: string | null };
        return decide({
          variables: { input: { programmeId: props.programmeId, step: all.step, decidedOn: all.decidedOn, note: (all.note ?? '').trim(), expectedVersion } },
        });
      }}
      loading={loading}
      submitLabel="Gem beslutning"
      failedTitle="Beslutningen blev ikke gemt"
      savedMessage="Beslutningen er gemt."
      onTakeTheirs={(current) => {
        // A first decision someone else took is not in the cache yet: fetch the plan.
        applyEntityToCache(client.cache, current, { typename: 'NextStepDecision' });
        props.onChanged();
      }}
      onCancel={props.onCancel}
      onDone={props.onDone}
    />
  );
}

/**
 * Efter forløbet: the decision on what follows the programme, due before it ends (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5;
 * the NEXT_STEP_DECISION warning asks for it). Everyone on the plan sees it; the
 * coordinator records it and may change it later.
 */
export function NextStepSection(props: { programme: FragmentType<typeof NextStepFragment>; canDecide: boolean; onChanged: () => void }) {
  const programme = getFragmentData(NextStepFragment, props.programme);
  const decision = programme.nextStep ?? null;
  const highlight = useHighlight('section:programme');
  const [message, setMessage] = useState<string | null>(null);

  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="next-step-heading" data-testid="next-step-section">
      <h2 id="next-step-heading" tabIndex={-1}>
        Efter forløbet
      </h2>
      <ChangedFlag highlight={highlight} />
      {decision ? (
        <dl className="facts">
          <div>
            <dt>Beslutning</dt>
            <dd data-testid="next-step">{decision.stepLabel}</dd>
          </div>
          <div>
            <dt>Besluttet</dt>
            <dd>
              <time dateTime={decision.decidedOn}>{formatDate(decision.decidedOn)}</time>
              {decision.decidedBy ? ` af ${decision.decidedBy.name}` : ''}
            </dd>
          </div>
          {decision.note ? (
            <div className="fact-wide">
              <dt>Bemærkning</dt>
              <dd>{decision.note}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p data-testid="next-step">
          Der er ikke truffet beslutning om indsatsen efter forløbet.{' '}
          {programme.status === 'ACTIVE' ? (
            <>
              Den skal træffes, før forløbet slutter <time dateTime={programme.endDate}>{formatDate(programme.endDate)}</time> (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).
            </>
          ) : null}
        </p>
      )}
      <StatusNotice message={message} />
      {props.canDecide ? (
        <FormPanel label={decision ? 'Ret beslutning' : 'Træf beslutning'} onDone={setMessage}>
          {(close, done) => (
            <NextStepForm
              programmeId={programme.id}
              decision={decision}
              onChanged={props.onChanged}
              onCancel={close}
              onDone={done}
            />
          )}
        </FormPanel>
      ) : null}
    </section>
  );
}
