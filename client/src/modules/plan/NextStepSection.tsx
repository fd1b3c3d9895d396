import { useApolloClient, useMutation } from '@apollo/client/react';
import { stepOfferedUntilMessage, TEXT_LIMITS, todayInDenmark } from '@samplan/schema';
import { useRef, useState } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { formatDate } from '../../core/format';
import { FormPanel } from '../../core/forms/FormPanel';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { label, NEXT_STEP_LABELS, NEXT_STEPS } from '../../core/labels';
import { conflictOf } from '../../core/forms/conflict';
import { ErrorNotice, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { NextStep, NextStepSection_ProgrammeFragment, ProgrammeType } from '../../gql/graphql';

/**
 * What the viewer does with the decision on what follows (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1): a caseworker of the
 * jobcenter decides; a coordinator from another unit proposes; anyone else only reads.
 */
export type NextStepRole = 'decide' | 'propose' | null;
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { PROGRAMME_ENDED_NOTICE, usePlanAccessLost, usePlanCannotSave } from './planOpen';
import { ruleSource } from './programmeSources';

export const NextStepFragment = graphql(`
  fragment NextStepSection_Programme on Programme {
    id
    type
    status
    endDate
    nextStepOptions
    nextStepLastDays {
      step
      lastDay
    }
    nextStep {
      id
      step
      status
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

/**
 * Ledighedsydelse is no decision of its own: a citizen visiteret til fleksjob receives it until
 * employed in one (lov om aktiv socialpolitik § 74 a). The decision is "Fleksjob"; the forløb may
 * then end with either reason.
 */
export const LEDIGHEDSYDELSE_HINT = 'Ledighedsydelse: vælg Fleksjob. Borgeren, der er visiteret til fleksjob, har ret til ledighedsydelse, indtil ansættelsen i et fleksjob (lov om aktiv socialpolitik § 74 a); forløbet kan så afsluttes med årsagen Ledighedsydelse.';

/**
 * The form's fields. The step offers what the server allows for the programme's type on some
 * day from the programme's decision until today (`nextStepOptions`: a ressourceforløb decided
 * before 1 February 2026 can still be recorded; the server checks each decision against the
 * law on its own day), in the form's order; a step no longer offered starts the select empty,
 * so a new choice is made.
 */
export function nextStepFields(allowed: readonly NextStep[] = NEXT_STEPS, current: string = '', proposing = false, lastDays: readonly StepLastDay[] = []): readonly FormField[] {
  const steps = NEXT_STEPS.filter((s) => allowed.includes(s));
  const lastDayOf = (s: NextStep) => lastDays.find((l) => l.step === s)?.lastDay;
  // A step the law has ended since the programme was decided says until when it could be decided.
  const options = steps.map((s) => ({ value: s, label: lastDayOf(s) ? `${NEXT_STEP_LABELS[s]} (kun besluttet til og med ${formatDate(lastDayOf(s)!)})` : NEXT_STEP_LABELS[s] }));
  return [
    {
      key: 'step',
      label: 'Indsatsen efter forløbet',
      input: 'select',
      required: true,
      requiredMessage: 'Vælg, hvad der skal ske efter forløbet.',
      options: steps.includes(current as NextStep) ? options : [{ value: '', label: 'Vælg indsats' }, ...options],
      // "Afslutningsårsag" has Ledighedsydelse, this list not: it is what follows the decision on fleksjob.
      hint: steps.includes('FLEXJOB') ? LEDIGHEDSYDELSE_HINT : undefined,
      format: (v) => label(NEXT_STEP_LABELS, v as NextStep),
    },
    {
      key: 'decidedOn',
      label: proposing ? 'Foreslået den' : 'Besluttet den',
      input: 'date',
      required: true,
      requiredMessage: proposing ? 'Vælg datoen for forslaget.' : 'Vælg datoen for beslutningen.',
      format: (v) => formatDate(String(v)),
    },
    { key: 'note', label: 'Bemærkning', input: 'textarea', hint: 'Fx hvad rehabiliteringsteamet indstillede, eller hvad borgeren ønsker.', maxChars: TEXT_LIMITS.short },
  ];
}


/** A decision is taken, not planned: it cannot be dated ahead. */
export function checkDecidedOn(values: Values, now: string = todayInDenmark()): Record<string, string> {
  const day = values.decidedOn ?? '';
  return day && day > now ? { decidedOn: 'En beslutning kan ikke dateres frem i tiden.' } : {};
}

type StepLastDay = { step: NextStep; lastDay: string };

/** A step the law has ended, dated after its last day: said at the step, in the server's words, before anything is sent. */
export function checkStepInTime(values: Values, lastDays: readonly StepLastDay[]): Record<string, string> {
  const ended = lastDays.find((l) => l.step === values.step);
  const day = values.decidedOn ?? '';
  return ended && day > ended.lastDay ? { step: stepOfferedUntilMessage(NEXT_STEP_LABELS[ended.step], ended.lastDay) } : {};
}

type Decision = NonNullable<NextStepSection_ProgrammeFragment['nextStep']>;

/** The form's words: a first decision, a change, a proposal, or the decision on a proposal. */
function formWords(role: 'decide' | 'propose', decision: Decision | null, own: boolean) {
  if (role === 'propose') {
    const saved = own ? 'Forslaget er gemt. Koordinatoren træffer beslutningen.' : 'Forslaget er gemt. En sagsbehandler fra beskæftigelse træffer afgørelsen.';
    return decision
      ? { heading: 'Ret forslaget om indsatsen efter forløbet', submit: 'Gem forslag', saved }
      : { heading: 'Forslag om indsatsen efter forløbet', submit: 'Gem forslag', saved };
  }
  if (decision?.status === 'PROPOSED') {
    return own
      ? { heading: 'Træf en anden beslutning end forslaget', submit: 'Træf beslutning', saved: 'Beslutningen er truffet.' }
      : { heading: 'Træf en anden afgørelse end forslaget', submit: 'Træf afgørelse', saved: 'Afgørelsen er truffet.' };
  }
  return decision
    ? { heading: 'Ret beslutningen om indsatsen efter forløbet', submit: 'Gem beslutning', saved: 'Beslutningen er gemt.' }
    : { heading: 'Beslutning om indsatsen efter forløbet', submit: 'Gem beslutning', saved: 'Beslutningen er gemt.' };
}

/**
 * The decision form. Whether it takes a first decision or changes one is fixed when it
 * opens: a decision someone else takes meanwhile comes back as a conflict on save. Deciding
 * on a proposal starts from the proposed step, dated today.
 */
function NextStepForm(props: {
  programmeId: string;
  decision: Decision | null;
  options: readonly NextStep[];
  /** Steps the law has ended since the programme was decided, with their last day. */
  lastDays: readonly StepLastDay[];
  role: 'decide' | 'propose';
  /** The municipality's own forløb: its coordinator decides, anyone else who may proposes. */
  own: boolean;
  /** Why the form can no longer be saved (the proposal was decided meanwhile); the typed text stays. */
  cannotSave?: string | null;
  onChanged: () => void;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const client = useApolloClient();
  const [decide, { loading }] = useMutation(DecideNextStepMutation);
  const [words] = useState(() => formWords(props.role, props.decision, props.own));
  // Deciding otherwise than proposed starts from an empty choice, dated today ("Træf afgørelse som foreslået" takes the proposal as it is).
  const decidingProposal = props.role === 'decide' && props.decision?.status === 'PROPOSED';
  const [record] = useState(() =>
    props.decision
      ? { ...props.decision, ...(decidingProposal ? { step: '', decidedOn: todayInDenmark() } : {}) }
      : { step: '', decidedOn: todayInDenmark(), note: '', version: null },
  );
  const [fields] = useState(() => nextStepFields(props.options, String(record.step), props.role === 'propose', props.lastDays));
  return (
    <VersionedEditForm
      heading={words.heading}
      subject={props.role === 'propose' ? 'Forslaget' : 'Beslutningen'}
      typename="NextStepDecision"
      fields={fields}
      record={record}
      liveVersion={props.decision?.version}
      savedAs={props.programmeId}
      staleNotice="En anden har gemt en ændring af beslutningen, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      createdNotice={`En anden har gemt ${props.decision?.status === 'PROPOSED' ? 'et forslag' : 'en beslutning'} om indsatsen efter forløbet, mens du skrev. Når du gemmer, kan du sammenligne de to udgaver.`}
      cannotSave={props.cannotSave}
      check={(values) => ({ ...checkDecidedOn(values), ...checkStepInTime(values, props.lastDays) })}
      // A step the law on the chosen day does not have is the step field's problem (the form offers the steps of every law since the decision).
      ruleFields={{ NEXT_STEP_NOT_AVAILABLE: 'step' }}
      // The decision is saved whole: the changed fields on top of the one they change.
      save={(changed, expectedVersion, onTopOf, baseVersion) => {
        const all = { ...onTopOf, ...changed } as { step: NextStep; decidedOn: string; note?: string | null };
        return decide({
          variables: { input: { programmeId: props.programmeId, step: all.step, decidedOn: all.decidedOn, note: (all.note ?? '').trim(), expectedVersion, baseVersion } },
        });
      }}
      loading={loading}
      submitLabel={words.submit}
      failedTitle={props.role === 'propose' ? 'Forslaget blev ikke gemt' : 'Beslutningen blev ikke gemt'}
      savedMessage={words.saved}
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
 * "Træf afgørelse som foreslået": the jobcenter's caseworker decides what the coordinator
 * proposed, today, with the proposal's version (a change meanwhile answers CONFLICT).
 */
function AcceptProposal(props: { programmeId: string; own: boolean; proposal: Decision; onChanged: () => void; onDone: (message: string) => void }) {
  // The own forløb's coordinator takes a decision, not one under the employment legislation (an afgørelse).
  const word = props.own ? 'beslutning' : 'afgørelse';
  const [decide, { loading }] = useMutation(DecideNextStepMutation);
  const [error, setError] = useState<unknown>(null);
  const accept = async () => {
    setError(null);
    const { proposal } = props;
    try {
      await decide({
        variables: {
          input: { programmeId: props.programmeId, step: proposal.step, decidedOn: todayInDenmark(), note: proposal.note, expectedVersion: proposal.version },
        },
      });
      props.onDone(`${props.own ? 'Beslutningen' : 'Afgørelsen'} er truffet: ${proposal.stepLabel}.`);
    } catch (e) {
      if (conflictOf(e)) props.onChanged();
      setError(e);
    }
  };
  return (
    <>
      <p className="actions">
        <button type="button" className="button" onClick={() => void accept()} disabled={loading}>
          {loading ? 'Gemmer…' : `Træf ${word} som foreslået`}
        </button>
      </p>
      {error ? <ErrorNotice error={error} title={`${props.own ? 'Beslutningen' : 'Afgørelsen'} blev ikke truffet`} /> : null}
    </>
  );
}

/** Who does what, in a sentence under the heading. */
function roleText(role: NextStepRole, decision: Decision | null, type: ProgrammeType, own: boolean): string | null {
  // The municipality's own forløb: its coordinator decides (lov nr. 1750 af 29. december 2025).
  if (own) {
    if (role === 'propose') {
      return decision?.status === 'DECIDED'
        ? 'Koordinatoren har truffet beslutningen. Kun koordinatoren kan ændre den.'
        : 'Du kan foreslå indsatsen efter forløbet; koordinatoren træffer beslutningen.';
    }
    return role === 'decide' && decision?.status === 'PROPOSED' ? 'Du træffer beslutningen som koordinator: som foreslået eller en anden.' : null;
  }
  if (role === 'propose') {
    return decision?.status === 'DECIDED'
      ? 'Beskæftigelse har truffet afgørelsen. Som koordinator uden for beskæftigelse kan du ikke ændre den.'
      : `Du er koordinator uden for beskæftigelse: du foreslår indsatsen, og en sagsbehandler fra beskæftigelse på planen træffer afgørelsen (${ruleSource(type, '5.1')}).`;
  }
  if (role === 'decide' && decision?.status === 'PROPOSED') return 'Du træffer afgørelsen efter beskæftigelseslovgivningen: som foreslået eller en anden.';
  return null;
}

/**
 * Efter forløbet: the decision on what follows the programme, due before it ends (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5;
 * the NEXT_STEP_DECISION warning asks for it). Everyone on the plan sees it. A caseworker of
 * the jobcenter decides ("træffer afgørelse"); a coordinator from another unit proposes
 * ("foreslår"), and the proposal shows as "Forslag" until the jobcenter decides it.
 */
export function NextStepSection(props: { programme: FragmentType<typeof NextStepFragment>; role: NextStepRole; onChanged: () => void }) {
  const programme = getFragmentData(NextStepFragment, props.programme);
  const decision = programme.nextStep ?? null;
  const proposed = decision?.status === 'PROPOSED';
  // A decision or proposal on what follows by a colleague; not a change of the forløb's own facts ("Forløb").
  const highlight = useHighlight('section:nextStep');
  // What the section said after a save, with the colleague's change it was said after: it
  // speaks of the decision as it was then, so it goes when a colleague changes the decision
  // since, or when the forløb ends.
  const [said, setSaid] = useState<{ text: string; after: string | null } | null>(null);
  const setMessage = (text: string) => setSaid({ text, after: highlight?.seq ?? null });
  const ended = programme.status !== 'ACTIVE';
  const message = said && !ended && said.after === (highlight?.seq ?? null) ? said.text : null;
  // The plan taken from me (planOpen.ts): as after the end, nothing is offered, and a form open stays, unsaveable.
  const accessLost = usePlanAccessLost();
  const planCannotSave = usePlanCannotSave();
  const role = ended || accessLost ? null : props.role;
  const mayChange = role === 'decide' || (role === 'propose' && decision?.status !== 'DECIDED');
  // The role a form of the section opens with: after the end nothing is offered, but a form left
  // open then stays with what was typed, says the programme has ended, and cannot be saved.
  const formRole = props.role;
  const own = programme.type === 'HELHEDSORIENTERET';
  const explain = roleText(role, decision, programme.type, own);
  // The section's heading takes the focus from a form that closes without its button, not the top of the page.
  const heading = useRef<HTMLHeadingElement>(null);
  // The jobcenter decided while the coordinator wrote a proposal (a live update): the form stays
  // with what they typed, says why it cannot be saved, and its button goes.
  const decidedMeanwhile = role === 'propose' && !mayChange;
  const cannotSave = ended ? PROGRAMME_ENDED_NOTICE : accessLost ? planCannotSave : decidedMeanwhile ? (own ? DECIDED_MEANWHILE_OWN : DECIDED_MEANWHILE) : null;

  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="next-step-heading" data-testid="next-step-section">
      <h2 id="next-step-heading" tabIndex={-1} ref={heading}>
        Efter forløbet
      </h2>
      <ChangedFlag highlight={highlight} />
      {decision ? <EditingBadge recordId={decision.id} /> : null}
      {decision ? (
        <dl className="facts">
          <div>
            <dt>{proposed ? 'Forslag' : 'Beslutning'}</dt>
            <dd data-testid="next-step">{decision.stepLabel}</dd>
          </div>
          <div>
            <dt>{proposed ? 'Foreslået' : 'Besluttet'}</dt>
            <dd>
              <time dateTime={decision.decidedOn}>{formatDate(decision.decidedOn)}</time>
              {decision.decidedBy ? ` af ${decision.decidedBy.name}` : ''}
            </dd>
          </div>
          {proposed ? (
            <div className="fact-wide">
              <dt>Status</dt>
              <dd data-testid="next-step-status">{own ? 'Forslag – afventer koordinatorens beslutning' : 'Forslag – afventer afgørelse fra en sagsbehandler i beskæftigelse'}</dd>
            </div>
          ) : null}
          {decision.note ? (
            <div className="fact-wide">
              <dt>Bemærkning</dt>
              <dd className="pre-line">{decision.note}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p data-testid="next-step">
          Der er ikke truffet beslutning om indsatsen efter forløbet.{' '}
          {programme.status === 'ACTIVE' ? (
            <>
              Den skal træffes, før forløbet slutter <time dateTime={programme.endDate}>{formatDate(programme.endDate)}</time> ({ruleSource(programme.type, '6.5')}).
            </>
          ) : null}
        </p>
      )}
      {explain ? (
        <p className="hint" data-testid="next-step-role">
          {explain}
        </p>
      ) : null}
      <StatusNotice message={message} />
      {role === 'decide' && decision && proposed ? (
        <AcceptProposal
          programmeId={programme.id}
          own={own}
          proposal={decision}
          onChanged={props.onChanged}
          onDone={(said) => {
            setMessage(said);
            // Its button goes with the proposal: the keyboard user's place is the section, not the top of the page.
            heading.current?.focus();
          }}
        />
      ) : null}
      {formRole ? (
        <FormPanel label={panelLabel(formRole, decision, own)} offered={!!role && mayChange} focusWithoutButton={heading} onDone={setMessage}>
          {(close, done) => (
            <NextStepForm
              programmeId={programme.id}
              decision={decision}
              options={programme.nextStepOptions}
              lastDays={programme.nextStepLastDays}
              role={formRole}
              own={own}
              cannotSave={cannotSave}
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

/** Said in the proposal form when the jobcenter has decided while the coordinator wrote. */
export const DECIDED_MEANWHILE =
  'Forslaget er afgjort i mellemtiden: en sagsbehandler fra beskæftigelse har truffet afgørelsen, som du ser ovenfor. Dit forslag kan derfor ikke gemmes. Det, du skrev, står stadig i felterne, så du kan kopiere det, før du lukker.';
export const DECIDED_MEANWHILE_OWN =
  'Forslaget er afgjort i mellemtiden: koordinatoren har truffet beslutningen, som du ser ovenfor. Dit forslag kan derfor ikke gemmes. Det, du skrev, står stadig i felterne, så du kan kopiere det, før du lukker.';

function panelLabel(role: 'decide' | 'propose', decision: Decision | null, own: boolean): string {
  if (role === 'propose') return decision ? 'Ret forslag' : 'Foreslå indsats';
  if (decision?.status === 'PROPOSED') return own ? 'Træf en anden beslutning' : 'Træf en anden afgørelse';
  return decision ? 'Ret beslutning' : 'Træf beslutning';
}
