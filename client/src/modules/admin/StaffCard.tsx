import { useMutation } from '@apollo/client/react';
import { useId, type FormEvent, type ReactNode } from 'react';
import { formatDateTime } from '../../core/format';
import { FieldGrid } from '../../core/forms/FieldInput';
import type { EditField } from '../../core/forms/fields';
import { useFocusOnFirstField } from '../../core/forms/firstField';
import { FormActions } from '../../core/forms/FormParts';
import { ROLE_LABELS, STAFF_STATUS_LABELS } from '../../core/labels';
import type { AdminStaffFragment as Staff, Role, StaffStatus } from '../../gql/graphql';
import { ChangeStaffMutation, ChangeStaffPhoneMutation, checkName, DeactivateStaffMutation, ReactivateStaffMutation, RenameStaffMutation } from './admin';
import { ActionButton, ActionError, Confirm, useAdminForm, useRowAction } from './AdminParts';
import { placeStaff } from './adminCache';
import { PHONE_FIELD, phoneProblems, ROLE_FIELD, roleAndUnit, roleAndUnitProblems, roleInUnit, unitField, type UnitChoice } from './staffFields';

const STATUS_CLASS: Readonly<Record<StaffStatus, string>> = {
  INVITED: 'status-planned',
  ACTIVE: 'status-active',
  DEACTIVATED: 'status-cancelled',
};

/** When the person got their present status: invited, first signed in, or deactivated. */
function statusSince(staff: Staff): string | null {
  const at = staff.status === 'DEACTIVATED' ? staff.deactivatedAt : staff.status === 'ACTIVE' ? staff.activatedAt : staff.invitedAt;
  return at ? formatDateTime(at) : null;
}

/**
 * What a deactivation leaves behind, said before the administrator confirms: forløb whose
 * coordinator leaves (a caseworker on each team then takes over), and mentor support that
 * runs on without its mentor. Numbers only: the administrator sees no citizen.
 */
export function leavesBehind(staff: Pick<Staff, 'coordinatedProgrammes' | 'activeMentorGrants'>): string {
  const parts: string[] = [];
  if (staff.coordinatedProgrammes > 0) {
    const n = staff.coordinatedProgrammes;
    parts.push(` Brugeren koordinerer ${n === 1 ? '1 igangværende forløb' : `${n} igangværende forløb`}, som så står uden koordinator, indtil en sagsbehandler på forløbets team overtager. Bed om at få koordineringen overdraget først, hvis det kan nås.`);
  }
  if (staff.activeMentorGrants > 0) {
    const n = staff.activeMentorGrants;
    parts.push(` Brugeren er mentor på ${n === 1 ? '1 løbende mentorbevilling' : `${n} løbende mentorbevillinger`}; koordinatoren bør afslutte ${n === 1 ? 'den' : 'dem'}.`);
  }
  return parts.join('');
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ChangeStaffForm(props: { staff: Staff; units: readonly UnitChoice[]; self?: boolean; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { staff } = props;
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ role: staff.role, unitId: staff.unit?.id ?? '' }));
  const [change, { loading }] = useMutation(ChangeStaffMutation);
  const form = useFocusOnFirstField<HTMLFormElement>();
  const unit = unitField(values.role as Role, props.units, staff.unit?.id);
  const fields = [ROLE_FIELD, ...(unit ? [unit] : [])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(roleAndUnitProblems(values, fields), fields)) return;
    const { role, unitId } = roleAndUnit(values);
    try {
      await change({ variables: { input: { userId: staff.id, role, unitId } } });
      props.onDone(`${staff.name} er nu ${roleInUnit(role, props.units.find((u) => u.id === unitId)?.name)}.`);
    } catch (e) {
      refused(e, fields);
    }
  };

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Skift rolle eller enhed for {staff.name}
      </h4>
      <p className="hint">
        {props.self && staff.role === 'ADMINISTRATOR'
          ? 'Ændringen gælder med det samme: vælger du en anden rolle end administrator, mister du selv adgangen til Administration, så snart du gemmer.'
          : `Ændringen gælder med det samme: er ${staff.name} logget ind, får de straks de nye rettigheder.`}
      </p>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Ændringen blev ikke gemt')}
      <FormActions loading={loading} submitLabel="Gem ændringer" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

function ChangePhoneForm(props: { staff: Staff; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { staff } = props;
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ phone: staff.phone ?? '' }));
  const [change, { loading }] = useMutation(ChangeStaffPhoneMutation);
  const form = useFocusOnFirstField<HTMLFormElement>();
  const fields = [PHONE_FIELD];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(phoneProblems(values.phone), fields)) return;
    const phone = values.phone.trim() || null;
    try {
      await change({ variables: { input: { userId: staff.id, phone } } });
      props.onDone(phone ? `${staff.name}s arbejdstelefon er nu ${phone}.` : `${staff.name} har ikke længere en arbejdstelefon.`);
    } catch (e) {
      refused(e, fields);
    }
  };

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Arbejdstelefon for {staff.name}
      </h4>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Telefonnummeret blev ikke gemt')}
      <FormActions loading={loading} submitLabel="Gem telefon" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

const NAME_FIELD: EditField = { key: 'name', label: 'Navn', input: 'text', required: true };

/** A name misspelt at the invitation, or changed since: colleagues and citizens read it on plans and printouts. */
function RenameStaffForm(props: { staff: Staff; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { staff } = props;
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ name: staff.name }));
  // The list is in the server's order, by name: the renamed person moves to their new place
  // at once, as they would on the next reading of the list.
  const [rename, { loading }] = useMutation(RenameStaffMutation, {
    update: (cache, { data }) => {
      if (data) placeStaff(cache, data.renameStaff);
    },
  });
  const form = useFocusOnFirstField<HTMLFormElement>();
  const fields = [NAME_FIELD];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = checkName(values.name, 'personens navn');
    if (!check(problem ? { name: problem } : {}, fields)) return;
    const name = values.name.trim();
    try {
      await rename({ variables: { input: { userId: staff.id, name } } });
      props.onDone(name === staff.name ? `Navnet er uændret: ${name}.` : `${staff.name} hedder nu ${name}.`);
    } catch (e) {
      refused(e, fields);
    }
  };

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Ret navn for {staff.name}
      </h4>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Navnet blev ikke gemt')}
      <FormActions loading={loading} submitLabel="Gem navn" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

type StaffMode = 'name' | 'change' | 'phone' | 'deactivate' | 'reactivate';

/** One person of the municipality's staff: who, how they sign in, role, unit and status, and what the administrator can do. */
export function StaffCard(props: { staff: Staff; units: readonly UnitChoice[]; self?: boolean; onDone: (message: string) => void }) {
  const id = useId();
  const { staff } = props;
  const action = useRowAction<StaffMode>(props.onDone);
  const [deactivate] = useMutation(DeactivateStaffMutation);
  const [reactivate] = useMutation(ReactivateStaffMutation);
  const deactivated = staff.status === 'DEACTIVATED';
  const since = statusSince(staff);

  return (
    <article ref={action.containerRef} className="card admin-card" aria-labelledby={`${id}-name`} data-testid="admin-staff">
      <h3 id={`${id}-name`}>{staff.name}</h3>
      <dl className="facts facts-compact">
        {staff.email ? <Fact term="E-mail">{staff.email}</Fact> : null}
        {staff.subject ? <Fact term="Bruger-id hos identitetsudbyderen">{staff.subject}</Fact> : null}
        {staff.phone ? <Fact term="Arbejdstelefon">{staff.phone}</Fact> : null}
        <Fact term="Rolle">{ROLE_LABELS[staff.role]}</Fact>
        <Fact term="Enhed">{staff.unit?.name ?? 'Ingen enhed'}</Fact>
        <Fact term="Status">
          <span className={`status ${STATUS_CLASS[staff.status]}`}>{STAFF_STATUS_LABELS[staff.status]}</span>
          {since ? ` siden ${since}` : null}
        </Fact>
      </dl>
      {action.mode === 'name' ? (
        <RenameStaffForm staff={staff} {...action.formProps} />
      ) : action.mode === 'change' ? (
        <ChangeStaffForm staff={staff} units={props.units} self={props.self} {...action.formProps} />
      ) : action.mode === 'phone' ? (
        <ChangePhoneForm staff={staff} {...action.formProps} />
      ) : action.mode === 'deactivate' ? (
        <Confirm
          action={action}
          label={`Bekræft deaktivering af ${staff.name}`}
          confirmLabel="Ja, deaktiver"
          send={() => deactivate({ variables: { userId: staff.id } })}
          done={`${staff.name} er deaktiveret og logget ud.`}
        >
          {/* An administrator may deactivate themself while another administrator remains: said in the second person, so the one who confirms knows the session they are in ends. */}
          {props.self
            ? 'Deaktiver dig selv? Du bliver logget ud med det samme og kan ikke logge ind igen, før en anden administrator genaktiverer dig.'
            : `Deaktiver ${staff.name}? ${staff.name} bliver logget ud med det samme og kan ikke logge ind igen, før brugeren bliver genaktiveret.`}
          {leavesBehind(staff)}
        </Confirm>
      ) : action.mode === 'reactivate' ? (
        <Confirm
          action={action}
          label={`Bekræft genaktivering af ${staff.name}`}
          confirmLabel="Ja, genaktiver"
          send={() => reactivate({ variables: { userId: staff.id } })}
          done={`${staff.name} er genaktiveret.`}
        >
          Genaktiver {staff.name}? {staff.name} kan igen logge ind som {roleInUnit(staff.role, staff.unit?.name)}.
        </Confirm>
      ) : (
        <p className="actions">
          {deactivated ? (
            <>
              <ActionButton action={action} mode="reactivate" about={staff.name}>
                Genaktiver
              </ActionButton>
              {/* Their unit may have closed meanwhile: they come back only to an open one, so the unit can be changed first. */}
              <ActionButton action={action} mode="change" about={`for ${staff.name}`}>
                Skift rolle eller enhed
              </ActionButton>
            </>
          ) : (
            <>
              <ActionButton action={action} mode="name" about={`for ${staff.name}`}>
                Ret navn
              </ActionButton>
              <ActionButton action={action} mode="change" about={`for ${staff.name}`}>
                Skift rolle eller enhed
              </ActionButton>
              <ActionButton action={action} mode="phone" about={`for ${staff.name}`}>
                {staff.phone ? 'Skift telefon' : 'Tilføj telefon'}
              </ActionButton>
              <ActionButton action={action} mode="deactivate" about={staff.name}>
                Deaktiver
              </ActionButton>
            </>
          )}
        </p>
      )}
      {action.error ? <ActionError error={action.error} title={action.mode === 'reactivate' ? 'Brugeren blev ikke genaktiveret' : 'Brugeren blev ikke deaktiveret'} /> : null}
    </article>
  );
}
