import { useMutation, useQuery } from '@apollo/client/react';
import { READ_ANEW } from '../../core/live';
import { localDate } from '@samplan/schema';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { formatDate, formatDateTime } from '../../core/format';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { useFocusOnFirstField } from '../../core/forms/firstField';
import { ErrorSummary, escapeAsCancel, FormActions } from '../../core/forms/FormParts';
import { problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { CONSENT_BASIS_LABELS, CONSENT_RECIPIENT_KIND_LABELS, CONSENT_SCOPE_LABELS } from '../../gql/enum-labels';
import type { ConsentBasis, ConsentEntryItemFragment, ConsentRecipientKind, ConsentScope } from '../../gql/graphql';
import './consent.css';
import { usePlanAccessLost, usePlanCannotSave, usePlanOpen } from '../plan/planOpen';

/**
 * "Samtykke og hjemmel" (server: modules/consent): the citizen's register — what is shared,
 * with whom, on which basis — with a form for the coordinator to record an entry and
 * "Tilbagekald" with a confirmation. A withdrawal takes effect at once on every open page:
 * its plan event makes them read the plan again (live/recordCache.ts).
 */
export const ConsentEntryItemFragmentDoc = graphql(`
  fragment ConsentEntryItem on ConsentEntry {
    id
    scope
    recipientKind
    recipientUnit {
      id
      name
    }
    recipientMentor {
      id
      name
    }
    recipientName
    recipientRelation
    basis
    legalReference
    givenOn
    note
    active
    recordedAt
    recordedBy {
      id
      name
    }
    withdrawnAt
    withdrawnBy {
      id
      name
    }
    withdrawalReason
    mayWithdraw
  }
`);

/**
 * The register has a query of its own, beside the plan page's (whose cost has little
 * headroom): who I am in the plan, the joint-plan warning, the entries, and which
 * interventions' details are withheld from me (the cards read that through useWithheld).
 */
export const ConsentRegisterQuery = graphql(`
  query ConsentRegister($planId: ID!) {
    plan(id: $planId) {
      id
      myStanding
      consentWarning
      withheldInterventionIds
      consents {
        id
        ...ConsentEntryItem
      }
    }
  }
`);

/** The ids of this plan's interventions whose details are withheld from me (server: consent module). */
export function useWithheld(planId: string): ReadonlySet<string> {
  const { data } = useQuery(ConsentRegisterQuery, { variables: { planId }, fetchPolicy: 'cache-first' });
  return useMemo(() => new Set(data?.plan.withheldInterventionIds ?? []), [data?.plan.withheldInterventionIds]);
}

/**
 * The server's warning that a helhedsorienteret forløb lacks the citizen's consent to the
 * joint plan (Plan.consentWarning), for the plan's "Advarsler": the register's answer, shared
 * with this section, so recording the consent takes it off both.
 */
export function useConsentWarning(planId: string | null): string | null {
  const { data } = useQuery(ConsentRegisterQuery, { variables: { planId: planId ?? '' }, skip: !planId, fetchPolicy: 'cache-first' });
  return data?.plan.consentWarning ?? null;
}

export const ConsentUnitsQuery = graphql(`
  query ConsentUnits {
    units {
      id
      name
    }
  }
`);

/** The mentors of the municipality, for an entry that names the one mentor the citizen agreed to. */
export const ConsentMentorsQuery = graphql(`
  query ConsentMentors {
    colleagues(roles: [MENTOR]) { id name }
  }
`);

export const RecordConsentMutation = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
      ...ConsentEntryItem
    }
  }
`);

export const WithdrawConsentMutation = graphql(`
  mutation WithdrawConsent($input: WithdrawConsentInput!) {
    withdrawConsent(input: $input) {
      id
      ...ConsentEntryItem
    }
  }
`);

const SCOPES: readonly ConsentScope[] = ['HEALTH_DETAILS', 'SOCIAL_DETAILS', 'JOINT_PLAN'];
const RECIPIENTS: readonly ConsentRecipientKind[] = ['WHOLE_TEAM', 'UNIT', 'GP', 'NETWORK_PERSON', 'MENTOR'];
const BASES: readonly ConsentBasis[] = ['CONSENT', 'LEGAL_BASIS'];

/**
 * With whom, as a person says it in a sentence ("deles med …"): "hele teamet", "Socialforvaltningen",
 * "Hanne og Jens Hansen (forældre)", "Mette Mentor (mentor)". A kind of recipient ("Hele teamet",
 * "Egen læge") is no name: lower-case mid-sentence, unlike the choice in the form.
 */
export function recipientText(e: Pick<ConsentEntryItemFragment, 'recipientKind' | 'recipientUnit' | 'recipientName' | 'recipientRelation'> & { recipientMentor?: { name: string } | null }): string {
  if (e.recipientKind === 'UNIT' && e.recipientUnit) return e.recipientUnit.name;
  if (e.recipientKind === 'NETWORK_PERSON') return `${e.recipientName ?? ''} (${e.recipientRelation ?? ''})`;
  if (e.recipientKind === 'MENTOR' && e.recipientMentor) return `${e.recipientMentor.name} (mentor)`;
  const kind = CONSENT_RECIPIENT_KIND_LABELS[e.recipientKind];
  return kind.charAt(0).toLocaleLowerCase('da-DK') + kind.slice(1);
}

/**
 * What withdrawing an entry ends at once, told by whom it shares with. The team's units lose
 * the details in Samplan. The mentor loses the activities shared with them, but their marks
 * »Delt med mentor« stay, so the activities reach the mentor again if the entry is recorded
 * anew. The GP and a network person read nothing in Samplan: for them the withdrawal stops
 * further sharing.
 */
function withdrawalEffect(e: Pick<ConsentEntryItemFragment, 'recipientKind' | 'recipientUnit' | 'recipientName' | 'recipientRelation' | 'basis'>): string {
  switch (e.recipientKind) {
    case 'MENTOR':
      return `Mentoren mister straks adgangen til det, der er delt. Aktiviteter markeret »Delt med mentor« vises igen for mentoren, hvis ${e.basis === 'LEGAL_BASIS' ? 'hjemlen' : 'samtykket'} registreres igen.`;
    case 'GP':
    case 'NETWORK_PERSON':
      return `Oplysningerne må ikke længere deles med ${recipientText(e)}.`;
    default:
      return 'Andre enheder mister straks adgangen til detaljerne.';
  }
}

function basisText(e: Pick<ConsentEntryItemFragment, 'basis' | 'legalReference'>): string {
  return e.basis === 'LEGAL_BASIS' ? `Hjemmel: ${e.legalReference ?? ''}` : CONSENT_BASIS_LABELS.CONSENT;
}

/** The plan page's "Samtykke og hjemmel". */
export function ConsentSection(props: { planId: string }) {
  // Each read its own request (READ_ANEW): the register read again after a withdrawal, while the
  // section's first read is still on its way, would otherwise join that read and show its
  // answer, from before the withdrawal, over the mutation's.
  const { data, error } = useQuery(ConsentRegisterQuery, { variables: { planId: props.planId }, fetchPolicy: 'cache-and-network', ...READ_ANEW });
  const plan = data?.plan;
  if (!plan) {
    return error ? (
      <section className="card consent-section" aria-labelledby="consent-heading" data-testid="consent-section">
        <h2 id="consent-heading">Samtykke og hjemmel</h2>
        <ErrorNotice error={error} title="Samtykker og hjemmel kunne ikke vises" />
      </section>
    ) : null;
  }
  return <ConsentRegister plan={plan} />;
}

function ConsentRegister(props: { plan: { id: string; myStanding?: string | null; consentWarning?: string | null; consents: ReadonlyArray<FragmentType<typeof ConsentEntryItemFragmentDoc>> } }) {
  const plan = props.plan;
  const entries = plan.consents.map((ref) => getFragmentData(ConsentEntryItemFragmentDoc, ref));
  const active = entries.filter((e) => e.active);
  const withdrawn = entries.filter((e) => !e.active);
  const isCoordinator = plan.myStanding === 'COORDINATOR';
  const open = usePlanOpen();
  // Taken from me (planOpen.ts): a withdrawal, possible at any time otherwise, is refused now.
  const accessLost = usePlanAccessLost();
  const cannotSave = usePlanCannotSave();
  const [formOpen, setFormOpen] = useState(false);
  // The form left open when the programme ends stays with what was typed, and cannot be saved;
  // its button went with the end, so closing it gives the focus to the section's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  // A withdrawn entry moves to "Tilbagekaldt", a new element without the button that had the
  // focus: then the message takes it (useChangeNotice), so the keyboard user keeps their place.
  const notice = useChangeNotice('consent-notice');
  const openButton = useRef<HTMLButtonElement>(null);

  return (
    <section className="card consent-section" aria-labelledby="consent-heading" data-testid="consent-section">
      <h2 id="consent-heading" ref={heading} tabIndex={-1}>
        Samtykke og hjemmel
      </h2>
      {/* A plain notice: the warning is in the plan's "Advarsler" too, and an alert would be announced every time the page opens; announcements are for changes. */}
      {plan.consentWarning ? (
        <p className="consent-warning" data-testid="consent-warning">
          {plan.consentWarning}
        </p>
      ) : null}
      <p className="hint">
        Andre enheder ser detaljerne i en sundheds- eller socialindsats, når borgeren har givet samtykke, eller der er hjemmel til at dele dem.
      </p>
      {notice.element}
      <h3>Gældende</h3>
      {active.length === 0 ? <p>Intet registreret.</p> : (
        <ul className="consent-list" data-testid="consent-active">
          {active.map((e) => (
            <ConsentItem key={e.id} entry={e} planId={plan.id} canWithdraw={e.mayWithdraw && !accessLost} onWithdrawn={notice.show} />
          ))}
        </ul>
      )}
      {withdrawn.length ? (
        <>
          <h3>Tilbagekaldt</h3>
          <ul className="consent-list consent-list-withdrawn" data-testid="consent-withdrawn">
            {withdrawn.map((e) => (
              <ConsentItem key={e.id} entry={e} planId={plan.id} canWithdraw={false} onWithdrawn={notice.show} />
            ))}
          </ul>
        </>
      ) : null}
      {isCoordinator && (open || formOpen) ? (
        formOpen ? (
          <RecordConsentForm
            planId={plan.id}
            cannotSave={cannotSave}
            onCancel={() => {
              setFormOpen(false);
              setTimeout(() => (openButton.current ?? heading.current)?.focus(), 0);
            }}
            onDone={(msg) => {
              setFormOpen(false);
              notice.show(msg);
              setTimeout(() => openButton.current?.focus(), 0);
            }}
          />
        ) : (
          <p className="actions">
            <button ref={openButton} type="button" className="button button-secondary" onClick={() => setFormOpen(true)}>
              Registrér samtykke eller hjemmel
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

/**
 * One entry of the citizen's register. The register is the citizen's, whichever of their
 * forløb an entry was recorded in: it is withdrawn by the coordinator of the forløb that
 * governs it (the running one, else the latest), from any plan whose register shows it. Who
 * that is, the server says per entry (`mayWithdraw`, the rule the withdrawal itself keeps), not
 * this plan's standing: on an ended forløb's plan its former coordinator may not, and the
 * running forløb's coordinator may, though she is only on that plan's team.
 */
function ConsentItem(props: { entry: ConsentEntryItemFragment; planId: string; canWithdraw: boolean; onWithdrawn: (message: string) => void }) {
  const e = props.entry;
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [withdraw, { loading, error }] = useMutation(WithdrawConsentMutation, { refetchQueries: ['PlanPage', 'ConsentRegister'], awaitRefetchQueries: true });
  const question = useRef<HTMLParagraphElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  // "Fortryd" closed the question: focus goes back to the "Tilbagekald" that opened it.
  const refocus = useRef(false);
  const reasonId = useId();
  const what = `${CONSENT_SCOPE_LABELS[e.scope]} med ${recipientText(e)}`;
  useEffect(() => {
    if (confirming) question.current?.focus();
    else if (refocus.current) opener.current?.focus();
    refocus.current = false;
  }, [confirming]);

  return (
    <li className="consent-item" data-testid="consent-entry" data-consent-id={e.id}>
      <p className="consent-what">
        <strong>{CONSENT_SCOPE_LABELS[e.scope]}</strong> deles med <strong>{recipientText(e)}</strong>
      </p>
      <p className="consent-meta">
        {basisText(e)} · givet <time dateTime={e.givenOn}>{formatDate(e.givenOn)}</time>
        {e.recordedBy ? ` · registreret af ${e.recordedBy.name}` : ''}
      </p>
      {e.note ? <p className="consent-note">{e.note}</p> : null}
      {e.withdrawnAt ? (
        <p className="consent-meta">
          Tilbagekaldt <time dateTime={e.withdrawnAt}>{formatDateTime(e.withdrawnAt)}</time>
          {e.withdrawnBy ? ` af ${e.withdrawnBy.name}` : ''}
          {e.withdrawalReason ? `: ${e.withdrawalReason}` : ''}
        </p>
      ) : null}
      {props.canWithdraw && !confirming ? (
        <p className="actions">
          <button ref={opener} type="button" className="button button-secondary button-small" onClick={() => setConfirming(true)}>
            Tilbagekald<span className="visually-hidden"> {what}</span>
          </button>
        </p>
      ) : null}
      {props.canWithdraw && confirming ? (
        <div className="confirm-box stack" role="group" aria-label={`Tilbagekald ${what}`}>
          <p tabIndex={-1} ref={question}>
            Vil du tilbagekalde: {what}? {withdrawalEffect(e)}
          </p>
          <div className="field">
            <label htmlFor={reasonId}>Begrundelse (valgfri)</label>
            <input id={reasonId} value={reason} autoComplete="off" onChange={(ev) => setReason(ev.target.value)} />
          </div>
          {error ? <ErrorNotice error={error} title="Samtykket blev ikke tilbagekaldt" /> : null}
          <p className="actions">
            <button
              type="button"
              className="button button-danger"
              disabled={loading}
              onClick={() =>
                void withdraw({ variables: { input: { id: e.id, planId: props.planId, reason: reason.trim() || null } } })
                  .then(() => {
                    setConfirming(false);
                    props.onWithdrawn(`Tilbagekaldt: ${what}.`);
                  })
                  .catch(() => undefined)
              }
            >
              {loading ? 'Vent…' : 'Ja, tilbagekald'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={loading}
              onClick={() => {
                refocus.current = true;
                setConfirming(false);
              }}
            >
              Fortryd
            </button>
          </p>
        </div>
      ) : null}
    </li>
  );
}

const FIELDS = ['scope', 'recipientKind', 'recipientUnitId', 'recipientMentorId', 'recipientName', 'recipientRelation', 'basis', 'legalReference', 'givenOn'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field | 'note', string>;

/** The coordinator's form: what, with whom, on which basis, given when. */
export function RecordConsentForm(props: {
  planId: string;
  /** Why the form can no longer be saved (the programme has ended); what was typed stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const units = useQuery(ConsentUnitsQuery, { fetchPolicy: 'cache-first' });
  const [values, setValues] = useState<Values>({
    scope: '', recipientKind: '', recipientUnitId: '', recipientMentorId: '', recipientName: '', recipientRelation: '', basis: 'CONSENT', legalReference: '', givenOn: localDate(new Date()), note: '',
  });
  // The mentors of the municipality, asked for once the mentor is chosen as recipient.
  const mentors = useQuery(ConsentMentorsQuery, { fetchPolicy: 'cache-first', skip: values.recipientKind !== 'MENTOR' });
  const [record, { loading }] = useMutation(RecordConsentMutation, { refetchQueries: ['PlanPage', 'ConsentRegister'], awaitRefetchQueries: true });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const form = useFocusOnFirstField<HTMLFormElement>();

  const set = (key: Field | 'note', value: string) => {
    setValues((cur) => ({ ...cur, [key]: value }));
    setProblems((cur) => without(cur, key));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Partial<Record<Field, string>> = {};
    if (!values.scope) p.scope = 'Vælg hvad der deles.';
    if (!values.recipientKind) p.recipientKind = 'Vælg hvem der deles med.';
    if (values.recipientKind === 'UNIT' && !values.recipientUnitId) p.recipientUnitId = 'Vælg en enhed.';
    if (values.recipientKind === 'NETWORK_PERSON' && !values.recipientName.trim()) p.recipientName = 'Skriv personens navn.';
    if (values.recipientKind === 'NETWORK_PERSON' && !values.recipientRelation.trim()) p.recipientRelation = 'Skriv personens relation til borgeren, fx "forældre".';
    if (values.basis === 'LEGAL_BASIS' && !values.legalReference.trim()) p.legalReference = 'Angiv hjemlen, fx "Retssikkerhedsloven §11 c".';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.givenOn)) p.givenOn = 'Vælg datoen.';
    else if (values.givenOn > localDate(new Date())) p.givenOn = 'Datoen kan ikke ligge frem i tiden.';
    setProblems(p);
    if (Object.keys(p).length) return;
    setError(null);
    try {
      await record({
        variables: {
          input: {
            planId: props.planId,
            scope: values.scope as ConsentScope,
            recipientKind: values.recipientKind as ConsentRecipientKind,
            recipientUnitId: values.recipientKind === 'UNIT' ? values.recipientUnitId : null,
            recipientMentorId: values.recipientKind === 'MENTOR' && values.recipientMentorId ? values.recipientMentorId : null,
            recipientName: values.recipientKind === 'NETWORK_PERSON' ? values.recipientName.trim() : null,
            recipientRelation: values.recipientKind === 'NETWORK_PERSON' ? values.recipientRelation.trim() : null,
            basis: values.basis as ConsentBasis,
            legalReference: values.basis === 'LEGAL_BASIS' ? values.legalReference.trim() : null,
            givenOn: values.givenOn,
            note: values.note.trim() || null,
          },
        },
      });
      props.onDone(`Registreret: ${CONSENT_SCOPE_LABELS[values.scope as ConsentScope]} deles.`);
    } catch (e) {
      // Every field the server refused, each at its field and in the summary; a box only for what no field shows.
      setProblems(problemsFromServer(e, FIELDS));
      setError(toldAtFields(e, FIELDS) ? null : e);
    }
  };

  const describedBy = (key: Field) => (problems[key] ? `${id}-${key}-error` : undefined);
  const attrs = (key: Field) => ({
    id: `${id}-${key}`,
    name: key,
    value: values[key],
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': describedBy(key),
  });
  const errorText = (key: Field) => <FieldError id={`${id}-${key}-error`} message={problems[key]} />;
  const errorKind = error ? describeError(error).kind : null;

  return (
    <form
      ref={form}
      className="edit-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-heading`}
      data-testid="consent-form"
      // Escape does what "Annullér" does (asks first when something typed would go); not while it is being saved.
      onKeyDown={escapeAsCancel(props.onCancel)}
    >
      <h3 id={`${id}-heading`} className="edit-form-title">
        Registrér samtykke eller hjemmel
      </h3>
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={FIELDS} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-scope`}>Hvad deles</label>
          <select {...attrs('scope')} aria-required onChange={(e) => set('scope', e.target.value)}>
            <option value="">Vælg…</option>
            {SCOPES.map((s) => <option key={s} value={s}>{CONSENT_SCOPE_LABELS[s]}</option>)}
          </select>
          {errorText('scope')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-recipientKind`}>Med hvem</label>
          <select {...attrs('recipientKind')} aria-required onChange={(e) => set('recipientKind', e.target.value)}>
            <option value="">Vælg…</option>
            {RECIPIENTS.map((r) => <option key={r} value={r}>{CONSENT_RECIPIENT_KIND_LABELS[r]}</option>)}
          </select>
          {errorText('recipientKind')}
        </div>
        {values.recipientKind === 'UNIT' ? (
          <div className="field">
            <label htmlFor={`${id}-recipientUnitId`}>Enhed</label>
            <select {...attrs('recipientUnitId')} aria-required onChange={(e) => set('recipientUnitId', e.target.value)}>
              <option value="">Vælg…</option>
              {(units.data?.units ?? []).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
            {errorText('recipientUnitId')}
            {/* Without the list there is no unit to choose: say so, rather than offer only "Vælg…". */}
            {units.error ? (
              <ErrorNotice
                error={units.error}
                title="Enhederne kunne ikke hentes"
                onRetry={() => void units.refetch().catch(() => undefined)}
              />
            ) : null}
          </div>
        ) : null}
        {values.recipientKind === 'MENTOR' ? (
          <div className="field">
            <label htmlFor={`${id}-recipientMentorId`}>Hvilken mentor</label>
            <select {...attrs('recipientMentorId')} aria-describedby={[`${id}-recipientMentorId-hint`, describedBy('recipientMentorId')].filter(Boolean).join(' ')} onChange={(e) => set('recipientMentorId', e.target.value)}>
              <option value="">Borgerens mentor, hvem det end er</option>
              {(mentors.data?.colleagues ?? []).map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </select>
            <p className="hint" id={`${id}-recipientMentorId-hint`}>
              Har borgeren kun sagt ja til én bestemt mentor, så vælg personen: andre mentorer får intet at se under samtykket.
            </p>
            {errorText('recipientMentorId')}
            {mentors.error ? (
              <ErrorNotice error={mentors.error} title="Mentorerne kunne ikke hentes" onRetry={() => void mentors.refetch().catch(() => undefined)} />
            ) : null}
          </div>
        ) : null}
        {values.recipientKind === 'NETWORK_PERSON' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-recipientName`}>Navn</label>
              <input {...attrs('recipientName')} aria-required autoComplete="off" onChange={(e) => set('recipientName', e.target.value)} />
              {errorText('recipientName')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-recipientRelation`}>Relation til borgeren</label>
              <input {...attrs('recipientRelation')} aria-required autoComplete="off" onChange={(e) => set('recipientRelation', e.target.value)} />
              {errorText('recipientRelation')}
            </div>
          </>
        ) : null}
        <fieldset className="field">
          <legend>Grundlag</legend>
          {BASES.map((b) => (
            <label key={b} className="choice">
              <input type="radio" name={`${id}-basis`} value={b} checked={values.basis === b} onChange={() => set('basis', b)} /> {CONSENT_BASIS_LABELS[b]}
            </label>
          ))}
        </fieldset>
        {values.basis === 'LEGAL_BASIS' ? (
          <div className="field">
            <label htmlFor={`${id}-legalReference`}>Hjemmel</label>
            <input {...attrs('legalReference')} aria-required autoComplete="off" placeholder="fx Retssikkerhedsloven §11 c" onChange={(e) => set('legalReference', e.target.value)} />
            {errorText('legalReference')}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-givenOn`}>Givet den</label>
          <input {...attrs('givenOn')} type="date" aria-required onChange={(e) => set('givenOn', e.target.value)} />
          {errorText('givenOn')}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-note`}>Bemærkning (valgfri)</label>
          <textarea id={`${id}-note`} name="note" rows={2} className="plain-textarea" value={values.note} onChange={(e) => set('note', e.target.value)} />
        </div>
      </div>
      {error ? <ErrorNotice error={error} title={errorKind === 'BAD_USER_INPUT' ? 'Ret feltet, og prøv igen' : 'Samtykket blev ikke registreret'} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Registrér" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}
