import { useMutation } from '@apollo/client/react';
import { TEXT_LIMITS, todayInDenmark } from '@samplan/schema';
import { useRef, useState } from 'react';
import { formatDate } from '../../core/format';
import { useFormPanel } from '../../core/forms/FormPanel';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { HEALTH_TALK_OUTCOME_LABELS, label } from '../../core/labels';
import { StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import type { HealthTalkOutcome } from '../../gql/graphql';

export const RecordHealthTalkRequestMutation = graphql(`
  mutation RecordHealthTalkRequest($input: RecordHealthTalkRequestInput!) {
    recordHealthTalkRequest(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

export const RecordHealthTalkDecisionMutation = graphql(`
  mutation RecordHealthTalkDecision($input: RecordHealthTalkDecisionInput!) {
    recordHealthTalkDecision(input: $input) {
      id
      ...InterventionCard_Intervention
    }
  }
`);

/** An employment offer as the section needs it (the card's JobcenterIntervention). */
export interface HealthTalkOffer {
  id: string;
  version: number;
  title: string;
  healthTalkAskedOn?: string | null;
  healthTalkBeforeStart?: boolean | null;
  healthTalkDecidedOn?: string | null;
  healthTalkOutcome?: HealthTalkOutcome | null;
  healthTalkDecisionNote?: string | null;
}

/** An action, not the state it records (the section says the state above the buttons). */
const ASK_BUTTON = 'Registrér, at borgeren har bedt om en samtale med sundhedskoordinatoren';

export const HEALTH_TALK_PENDING_TEXT = 'Venter på jobcenterets stillingtagen efter samtale med sundhedskoordinator (LAB §113, stk. 3)';

const dayFormat = (v: unknown) => (v ? formatDate(String(v)) : '–');

const ASKED_FIELD: FormField = {
  key: 'healthTalkAskedOn',
  label: 'Dagen, borgeren bad om samtalen',
  input: 'date',
  required: true,
  requiredMessage: 'Vælg dagen, borgeren bad om samtalen.',
  hint: 'Borgeren mener, at tilbuddet ikke tager tilstrækkeligt hensyn til helbredet, og har ret til en samtale med sundhedskoordinatoren og den koordinerende sagsbehandler. Beder borgeren om samtalen, før tilbuddet er begyndt, må tilbuddet først begynde, når jobcenteret har taget stilling til, om det skal tilpasses (LAB §113, stk. 3).',
  format: dayFormat,
};

const DECISION_FIELDS: readonly FormField[] = [
  { key: 'healthTalkDecidedOn', label: 'Dagen, jobcenteret tog stilling', input: 'date', required: true, requiredMessage: 'Vælg dagen, jobcenteret tog stilling.', format: dayFormat },
  {
    key: 'healthTalkOutcome',
    label: 'Jobcenterets stillingtagen',
    input: 'select',
    required: true,
    requiredMessage: 'Vælg, om tilbuddet tilpasses eller fastholdes.',
    options: (['ADJUSTED', 'MAINTAINED'] as const).map((value) => ({ value, label: HEALTH_TALK_OUTCOME_LABELS[value] })),
    format: (v) => (v ? label(HEALTH_TALK_OUTCOME_LABELS, v as HealthTalkOutcome) : '–'),
  },
  { key: 'healthTalkDecisionNote', label: 'Note (kan udelades)', input: 'textarea', hint: 'Fx hvordan tilbuddet tilpasses, eller hvorfor det fastholdes.', maxChars: TEXT_LIMITS.short, format: (v) => (v ? String(v) : '(ingen)') },
];

/** The day fields: not ahead of today; the decision not before the request (the server's words). */
export function checkHealthTalkDays(values: Values, askedOn: string | null | undefined, now: string = todayInDenmark()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['healthTalkAskedOn', 'healthTalkDecidedOn']) if (values[key] && values[key] > now) out[key] = 'Dagen kan ikke ligge frem i tiden.';
  const decided = values.healthTalkDecidedOn;
  if (decided && askedOn && decided < askedOn && !out.healthTalkDecidedOn) {
    out.healthTalkDecidedOn = `Jobcenteret kan ikke have taget stilling, før borgeren bad om samtalen (${formatDate(askedOn)}).`;
  }
  return out;
}

/** The server's fields as the forms name them. */
const ALIASES = { askedOn: 'healthTalkAskedOn', decidedOn: 'healthTalkDecidedOn', outcome: 'healthTalkOutcome', note: 'healthTalkDecisionNote' } as const;

/** A value of the form: what the user changed, else what the record they save on top of had. */
const valueOf = (changed: Record<string, unknown>, onTopOf: Record<string, unknown>, key: string) => (key in changed ? changed[key] : onTopOf[key]);

/**
 * "Samtale med sundhedskoordinator" on an employment offer in a ressourceforløb under the 2022
 * rules (LAB §113, stk. 3): whether the citizen has asked for the samtale about it, and the
 * jobcenter's decision after it. While a request made before the offer began waits for the
 * decision, the offer cannot be set Aktiv (the server refuses it, HEALTH_TALK_PENDING, shown at
 * Status in the edit form). The unit that owns the offer and the coordinator record both.
 */
export function HealthTalkSection(props: { offer: HealthTalkOffer; canRecord: boolean; cannotSave?: string | null }) {
  const { offer } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const askPanel = useFormPanel(heading);
  const decidePanel = useFormPanel(heading);
  const [message, setMessage] = useState<string | null>(null);
  const [request, requestState] = useMutation(RecordHealthTalkRequestMutation);
  const [decide, decideState] = useMutation(RecordHealthTalkDecisionMutation);
  const asked = offer.healthTalkAskedOn ?? null;
  const decided = offer.healthTalkDecidedOn ?? null;
  const pending = !!asked && !decided;
  const headingId = `health-talk-${offer.id}`;
  const liveRecord = offer as unknown as Record<string, unknown> & { version: number };
  const button = (panel: ReturnType<typeof useFormPanel>, text: string) => (
    <button
      {...panel.buttonProps}
      className="button button-secondary"
      onClick={() => {
        setMessage(null);
        panel.buttonProps.onClick();
      }}
    >
      {text}
    </button>
  );
  const done = (panel: ReturnType<typeof useFormPanel>) => (m: string) => {
    setMessage(m);
    panel.close();
  };

  // What both forms share: the offer they save, the live copy they are checked against, who may save.
  const onOffer = {
    headingLevel: 4,
    subject: offer.title,
    typename: 'JobcenterIntervention',
    liveRecord,
    aliases: ALIASES,
    cannotSave: props.cannotSave,
    submitLabel: 'Gem',
  } as const;

  return (
    <section className="health-talk" aria-labelledby={headingId} data-testid="health-talk">
      <h5 id={headingId} ref={heading} tabIndex={-1}>
        Samtale med sundhedskoordinator
      </h5>
      {asked ? (
        <p>
          Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet <time dateTime={asked}>{formatDate(asked)}</time>
          {offer.healthTalkBeforeStart ? ', før det blev påbegyndt' : ''}.
        </p>
      ) : (
        <p className="hint">
          Mener borgeren, at tilbuddet ikke tager tilstrækkeligt hensyn til helbredet, har borgeren ret til en samtale med sundhedskoordinator og koordinerende sagsbehandler (LAB §113, stk. 3).
        </p>
      )}
      {pending ? (
        <p className="notice notice-warning" data-testid="health-talk-pending">
          {HEALTH_TALK_PENDING_TEXT}.{offer.healthTalkBeforeStart ? ' Tilbuddet kan ikke påbegyndes før da.' : ''}
        </p>
      ) : null}
      {decided ? (
        <p data-testid="health-talk-decision">
          Jobcenteret tog stilling <time dateTime={decided}>{formatDate(decided)}</time>: {label(HEALTH_TALK_OUTCOME_LABELS, offer.healthTalkOutcome)}.
          {offer.healthTalkDecisionNote ? <span className="pre-line"> {offer.healthTalkDecisionNote}</span> : null}
        </p>
      ) : null}
      <StatusNotice message={message} />
      {props.canRecord ? (
        <p className="actions">
          {button(askPanel, pending ? 'Ret dagen for borgerens ønske om samtale' : ASK_BUTTON)}
          {asked ? button(decidePanel, decided ? 'Ret jobcenterets stillingtagen' : 'Registrér jobcenterets stillingtagen') : null}
        </p>
      ) : null}
      <div {...askPanel.panelProps}>
        {askPanel.open ? (
          <VersionedEditForm
            {...onOffer}
            heading="Borgerens ønske om en samtale med sundhedskoordinatoren"
            fields={[ASKED_FIELD]}
            // After a decision, a new request starts over: the day is asked afresh.
            record={{ id: offer.id, version: offer.version, healthTalkAskedOn: pending ? asked : null }}
            check={(values) => checkHealthTalkDays(values, null)}
            save={(changed, expectedVersion, onTopOf) =>
              request({ variables: { input: { id: offer.id, expectedVersion: expectedVersion ?? offer.version, askedOn: String(valueOf(changed, onTopOf, 'healthTalkAskedOn')) } } })
            }
            loading={requestState.loading}
            failedTitle="Borgerens ønske om samtale blev ikke gemt"
            savedMessage="Borgerens ønske om en samtale med sundhedskoordinator er gemt."
            onDone={done(askPanel)}
            onCancel={askPanel.close}
          />
        ) : null}
      </div>
      <div {...decidePanel.panelProps}>
        {decidePanel.open ? (
          <VersionedEditForm
            {...onOffer}
            heading="Jobcenterets stillingtagen efter samtalen med sundhedskoordinator"
            intro={<p className="hint">Tager jobcenteret stilling til, om tilbuddet skal tilpasses (LAB §113, stk. 3).</p>}
            fields={DECISION_FIELDS}
            record={{
              id: offer.id,
              version: offer.version,
              healthTalkDecidedOn: decided,
              healthTalkOutcome: offer.healthTalkOutcome ?? null,
              healthTalkDecisionNote: offer.healthTalkDecisionNote ?? null,
            }}
            check={(values) => checkHealthTalkDays(values, asked)}
            save={(changed, expectedVersion, onTopOf) =>
              decide({
                variables: {
                  input: {
                    id: offer.id,
                    expectedVersion: expectedVersion ?? offer.version,
                    decidedOn: String(valueOf(changed, onTopOf, 'healthTalkDecidedOn')),
                    outcome: valueOf(changed, onTopOf, 'healthTalkOutcome') as HealthTalkOutcome,
                    note: (valueOf(changed, onTopOf, 'healthTalkDecisionNote') as string | null | undefined) ?? null,
                  },
                },
              })
            }
            loading={decideState.loading}
            failedTitle="Jobcenterets stillingtagen blev ikke gemt"
            savedMessage="Jobcenterets stillingtagen er gemt."
            onDone={done(decidePanel)}
            onCancel={decidePanel.close}
          />
        ) : null}
      </div>
    </section>
  );
}
