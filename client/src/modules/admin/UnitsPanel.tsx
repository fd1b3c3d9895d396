import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../core/format';
import { Link, paths } from '../../core/router';
import { problemsFromServer } from '../../core/forms/formErrors';
import { escapeAsCancel, FormActions } from '../../core/forms/FormParts';
import { FormPanel } from '../../core/forms/FormPanel';
import { UNIT_KIND_LABELS } from '../../core/labels';
import { ErrorNotice, FieldError, Loading } from '../../core/ui';
import { getFragmentData, makeFragmentData, type FragmentType } from '../../gql';
import type { AdminUnitFragment as UnitFields } from '../../gql/graphql';
import { AdminStaffFragment, AdminUnitFragment, AdminUnitsQuery, checkName, CloseUnitMutation, UNIT_NAME_MAX, RenameUnitMutation, ReopenUnitMutation, StaffMembersQuery } from './admin';
import { ActionButton, ActionError, Confirm, useAnnouncement, useRowAction, type RowAction } from './AdminParts';
import { placeUnit } from './adminCache';
import { placeConflict, useVersionedChange } from './adminVersion';

/** The unit as a CONFLICT found it, written into the list (the card shows it as it is now). */
const placeCurrent = (cache: ApolloCache, current: UnitFields) => placeUnit(cache, makeFragmentData(current, AdminUnitFragment));

/** After a CONFLICT, under the server's message: the unit as it is now. */
function UnitNow({ unit }: { unit: UnitFields | null }) {
  if (!unit) return null;
  return (
    <p data-testid="unit-now">
      Sådan er det nu: »{unit.name}«, {unit.closedAt ? 'lukket' : 'åben'}. Det, du skrev, står stadig i feltet.
    </p>
  );
}
import { CreateUnitForm } from './CreateUnitForm';

function RenameForm(props: { unit: UnitFields; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState(props.unit.name);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const [rename, { loading }] = useMutation(RenameUnitMutation);
  const version = useVersionedChange(props.unit, (u) => u.name, placeCurrent);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const p = checkName(name, 'enhedens navn', UNIT_NAME_MAX);
    setProblem(p);
    setError(null);
    if (p) {
      // To the field, as the other admin forms do: a screen reader reads it with its problem.
      nameField.current?.focus();
      return;
    }
    const next = name.trim();
    try {
      await rename({ variables: { input: { unitId: props.unit.id, name: next, expectedVersion: version.expectedVersion() } } });
      props.onDone(`Enheden »${props.unit.name}« hedder nu »${next}«.`);
    } catch (e) {
      version.refused(e);
      // A name in use (DUPLICATE_UNIT) or refused as a name is the field's problem, shown there as the form's own check is.
      const atField = problemsFromServer(e, ['name']).name;
      if (atField) {
        setProblem(atField);
        nameField.current?.focus();
      } else setError(e);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate onKeyDown={escapeAsCancel(props.onCancel)}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Nyt navn til {props.unit.name}</label>
        <input
          id={`${id}-name`}
          ref={nameField}
          name="name"
          value={name}
          autoComplete="off"
          // The form opens because the user asked to rename: their next keystrokes are the new name.
          autoFocus
          aria-required
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setProblem(null);
          }}
        />
        <FieldError id={`${id}-error`} message={problem} />
      </div>
      <FormActions loading={loading} submitLabel="Gem navn" busyLabel="Gemmer…" onCancel={props.onCancel} />
      {error ? (
        <>
          <ActionError error={error} title="Enheden blev ikke omdøbt" />
          <UnitNow unit={version.current} />
        </>
      ) : null}
    </form>
  );
}

type UnitMode = 'rename' | 'close' | 'reopen';

/** Names are listed up to this many; more, and the count says it (the Medarbejdere tab lists them). */
const NAMES_LISTED = 5;

/** "Enheden har 1 medarbejder, Karen Holm. Flyt eller deaktivér vedkommende …": who keeps the unit open, and what to do. */
function stillStaffed(names: readonly string[]): string {
  const n = names.length;
  if (n === 1) return `Enheden har 1 medarbejder, ${names[0]}. Flyt eller deaktivér vedkommende under `;
  const listed = n <= NAMES_LISTED ? `: ${new Intl.ListFormat('da', { type: 'conjunction' }).format(names)}` : '';
  return `Enheden har ${n} medarbejdere${listed}. Flyt eller deaktivér dem under `;
}

/**
 * "Luk enhed": a unit with staff does not close (closeUnit refuses it, UNIT_HAS_STAFF), so the
 * card says so before any yes, with who is still there and where to move them, and asks the
 * question only of a unit without staff. The staff are counted as the server counts them
 * (invited and active, not deactivated), from the list the Medarbejdere tab shows, read now and
 * kept up to date live: someone moved meanwhile, in another window, lets the question come.
 * Unread, the question is asked and the server judges.
 */
function CloseUnit(props: { unit: UnitFields; action: RowAction<UnitMode>; send: () => Promise<unknown> }) {
  const { unit, action } = props;
  const { data, error } = useQuery(StaffMembersQuery, { fetchPolicy: 'cache-and-network' });
  const explanation = useRef<HTMLParagraphElement>(null);
  const staff = data?.staffMembers.map((ref) => getFragmentData(AdminStaffFragment, ref));
  const names = staff?.filter((s) => s.unit?.id === unit.id && s.status !== 'DEACTIVATED').map((s) => s.name) ?? [];
  const blocked = names.length > 0;
  useEffect(() => {
    if (blocked) explanation.current?.focus();
  }, [blocked]);
  if (!data && !error) return <Loading label="Henter enhedens medarbejdere…" />;
  if (blocked) {
    return (
      <div className="confirm-box stack" role="group" aria-label={`Lukning af ${unit.name}`} onKeyDown={(e) => e.key === 'Escape' && action.cancel()}>
        <p tabIndex={-1} ref={explanation} data-testid="unit-still-staffed">
          {unit.name} kan ikke lukkes endnu. {stillStaffed(names)}
          <Link to={paths.administration('staff')}>Medarbejdere</Link>, før enheden lukkes.
        </p>
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={action.cancel}>
            Fortryd
          </button>
        </p>
      </div>
    );
  }
  return (
    <Confirm action={action} label={`Bekræft lukning af ${unit.name}`} confirmLabel="Ja, luk enheden" send={props.send} done={`Enheden »${unit.name}« er lukket.`}>
      Luk {unit.name}? En lukket enhed kan ikke få nye medarbejdere eller komme på nye planer. Du kan genåbne den senere.
    </Confirm>
  );
}

function UnitCard(props: { unit: FragmentType<typeof AdminUnitFragment>; onDone: (message: string) => void }) {
  const id = useId();
  const unit = getFragmentData(AdminUnitFragment, props.unit);
  const action = useRowAction<UnitMode>(props.onDone);
  const [close] = useMutation(CloseUnitMutation);
  const [reopen] = useMutation(ReopenUnitMutation);
  const { cache } = useApolloClient();
  const closed = !!unit.closedAt;
  // A yes is for the unit as the card shows it now; a CONFLICT shows it as it is, and the question stays for a second look.
  const confirmed = (send: (expectedVersion: number) => Promise<unknown>) => () =>
    send(unit.version).catch((e: unknown) => {
      placeConflict(cache, e, placeCurrent);
      throw e;
    });

  return (
    <article ref={action.containerRef} className="card admin-card" aria-labelledby={`${id}-name`} data-testid="admin-unit">
      <h4 id={`${id}-name`}>{unit.name}</h4>
      <dl className="facts facts-compact">
        <div>
          <dt>Art</dt>
          <dd>{UNIT_KIND_LABELS[unit.kind]}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status ${closed ? 'status-completed' : 'status-active'}`}>{closed ? 'Lukket' : 'Åben'}</span>
            {unit.closedAt ? (
              <>
                {' '}
                <time dateTime={unit.closedAt}>{formatDateTime(unit.closedAt)}</time>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {action.mode === 'rename' ? (
        <RenameForm unit={unit} {...action.formProps} />
      ) : action.mode === 'close' ? (
        <CloseUnit unit={unit} action={action} send={confirmed((expectedVersion) => close({ variables: { unitId: unit.id, expectedVersion } }))} />
      ) : action.mode === 'reopen' ? (
        <Confirm
          action={action}
          label={`Bekræft genåbning af ${unit.name}`}
          confirmLabel="Ja, genåbn"
          send={confirmed((expectedVersion) => reopen({ variables: { unitId: unit.id, expectedVersion } }))}
          done={`Enheden »${unit.name}« er genåbnet.`}
        >
          Genåbn {unit.name}? Enheden kan igen få medarbejdere og komme på planer.
        </Confirm>
      ) : (
        <p className="actions">
          <ActionButton action={action} mode="rename" about={unit.name}>
            Omdøb
          </ActionButton>
          {closed ? (
            <ActionButton action={action} mode="reopen" about={unit.name}>
              Genåbn
            </ActionButton>
          ) : (
            <ActionButton action={action} mode="close" about={unit.name}>
              Luk enhed
            </ActionButton>
          )}
        </p>
      )}
      {action.error ? <ActionError error={action.error} title={action.mode === 'reopen' ? 'Enheden blev ikke genåbnet' : 'Enheden blev ikke lukket'} /> : null}
    </article>
  );
}

/** Enheder: the municipality's own units, open ones first; create, rename, close and reopen. */
export function UnitsPanel() {
  const id = useId();
  const { data, loading, error } = useQuery(AdminUnitsQuery, { fetchPolicy: 'cache-and-network' });
  const { announce, notice } = useAnnouncement();
  const units = data?.units.map((ref) => ({ ref, unit: getFragmentData(AdminUnitFragment, ref) }));
  const open = units?.filter((u) => !u.unit.closedAt) ?? [];
  const closed = units?.filter((u) => u.unit.closedAt) ?? [];

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Enheder</h2>
      <p className="hint">
        Kommunens egne enheder. Hver enhed har en art – beskæftigelse, social eller sundhed – som bestemmer, hvilke indsatser dens medarbejdere arbejder med.
      </p>
      <FormPanel label="Opret enhed" onDone={announce}>
        {(close, done) => <CreateUnitForm onDone={done} onCancel={close} />}
      </FormPanel>
      {notice}
      {error ? <ErrorNotice error={error} title="Enhederne kunne ikke hentes" /> : null}
      {loading && !units ? <Loading label="Henter enheder…" /> : null}
      {/* One keyed list for both groups: a card that moves between them (another administrator
          closed or reopened the unit) keeps its open form and what was typed in it. */}
      {units
        ? [
            <h3 key="open-heading" className="admin-group-heading">
              Åbne enheder ({open.length})
            </h3>,
            open.length === 0 ? (
              <p key="open-none" className="hint">
                Kommunen har ingen åbne enheder endnu. Opret den første.
              </p>
            ) : null,
            ...open.map((u) => <UnitCard key={u.unit.id} unit={u.ref} onDone={announce} />),
            closed.length ? (
              <h3 key="closed-heading" className="admin-group-heading">
                Lukkede enheder ({closed.length})
              </h3>
            ) : null,
            ...closed.map((u) => <UnitCard key={u.unit.id} unit={u.ref} onDone={announce} />),
          ]
        : null}
    </section>
  );
}
