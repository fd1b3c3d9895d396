import type { ApolloCache } from '@apollo/client';
import { genitive } from '@samplan/schema';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useId, type FormEvent, type ReactNode } from 'react';
import { formatDateTime, formatPhone } from '../../core/format';
import { FieldGrid } from '../../core/forms/FieldInput';
import { useFocusOnFirstField } from '../../core/forms/firstField';
import { escapeAsCancel, FormActions } from '../../core/forms/FormParts';
import { ROLE_LABELS, STAFF_STATUS_LABELS } from '../../core/labels';
import { StatusNotice } from '../../core/ui';
import { getFragmentData, makeFragmentData } from '../../gql';
import type { AdminStaffFragment as Staff, Role, StaffStatus } from '../../gql/graphql';
import {
  AdminStaffFragment, ApproveStaffChangeMutation, ApproveStaffInvitationMutation, approvable, ChangeStaffMutation, ChangeStaffPhoneMutation, checkName, DeactivateStaffMutation,
  ReactivateStaffMutation, RenameStaffMutation, WithdrawStaffChangeMutation,
} from './admin';
import { ActionButton, ActionError, Confirm, useAdminForm, useRowAction, type RowAction } from './AdminParts';
import { NO_APPROVER_ADD } from './InviteStaffForm';
import { placeStaff } from './adminCache';
import { placeConflict, useVersionedChange } from './adminVersion';
import { PHONE_FIELD, phoneProblems, ROLE_FIELD, roleAndUnit, roleAndUnitProblems, roleInUnit, STAFF_NAME_FIELD, unitField, type UnitChoice } from './staffFields';

const STATUS_CLASS: Readonly<Record<StaffStatus, string>> = {
  INVITED: 'status-planned',
  ACTIVE: 'status-active',
  DEACTIVATED: 'status-cancelled',
};

/**
 * Since when the person has their present status, after the status's label: " siden" their
 * invitation or deactivation; for an active person their first sign-in, or " igen siden" their
 * latest reactivation when that came after it (the first sign-in alone would hide that they
 * were deactivated since).
 */
function statusSince(staff: Staff): string | null {
  if (staff.status === 'ACTIVE' && staff.reactivatedAt && (!staff.activatedAt || Date.parse(staff.reactivatedAt) > Date.parse(staff.activatedAt))) {
    return ` igen siden ${formatDateTime(staff.reactivatedAt)}`;
  }
  const at = staff.status === 'DEACTIVATED' ? staff.deactivatedAt : staff.status === 'ACTIVE' ? staff.activatedAt : staff.invitedAt;
  return at ? ` siden ${formatDateTime(at)}` : null;
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

/**
 * What a reactivation brings back, said before the administrator confirms: mentor grants still
 * running give the mentor their citizens again at once, which someone gone for months may not
 * be expected to have. Numbers only, as above.
 */
function bringsBack(staff: Pick<Staff, 'activeMentorGrants'>): string {
  const n = staff.activeMentorGrants;
  if (n === 0) return '';
  return n === 1
    ? ' Mentoren får adgang igen til en borger gennem 1 mentorbevilling, der ikke er udløbet. Koordinatoren kan afslutte bevillingen på planen.'
    : ` Mentoren får adgang igen til borgere gennem ${n} mentorbevillinger, der ikke er udløbet. Koordinatorerne kan afslutte bevillingerne på planerne.`;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The person as a CONFLICT found them, written into the list (the card shows them as they are now). */
const placeCurrent = (cache: ApolloCache, current: Staff) => placeStaff(cache, makeFragmentData(current, AdminStaffFragment));

/** After a CONFLICT, under the server's message: the person as they are now, in the words of the card. */
function StaffNow({ staff }: { staff: Staff | null }) {
  if (!staff) return null;
  return (
    <p data-testid="staff-now">
      Sådan er det nu: {staff.name}, {roleInUnit(staff.role, staff.unit?.name)}, {STAFF_STATUS_LABELS[staff.status].toLowerCase()},{' '}
      {staff.pendingChange ? `afventer godkendelse: ${roleInUnit(staff.pendingChange.role, staff.pendingChange.unit?.name)}, ` : null}
      {staff.phone ? `arbejdstelefon ${formatPhone(staff.phone)}` : 'ingen arbejdstelefon'}. Det, du skrev, står stadig i formularen.
    </p>
  );
}

/** "Afventer godkendelse: sagsbehandler i Jobcenter": a change of role or unit that waits for another administrator's yes. */
const pendingText = (change: NonNullable<Staff['pendingChange']>) => `Afventer godkendelse: ${roleInUnit(change.role, change.unit?.name)}`;

/** The title over a refused yes, by the question it answered. */
const ACTION_FAILED = {
  deactivate: 'Brugeren blev ikke deaktiveret',
  reactivate: 'Brugeren blev ikke genaktiveret',
  approve: 'Invitationen blev ikke godkendt',
  approveChange: 'Ændringen blev ikke godkendt',
  withdrawChange: 'Ændringen blev ikke trukket tilbage',
} as const;

/** As VersionedEditForm says it (core/forms). */
const NOTHING_CHANGED = 'Der var ingen ændringer at gemme.';

function ChangeStaffForm(props: { staff: Staff; units: readonly UnitChoice[]; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { staff } = props;
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ role: staff.role, unitId: staff.unit?.id ?? '' }));
  const [change, { loading }] = useMutation(ChangeStaffMutation);
  // A deactivation or reactivation meanwhile is a conflict too: a role given to someone just
  // deactivated (an administrator, say) would wait for them should they come back. So is a change
  // another administrator asked for, withdrew or approved meanwhile: this one would replace it
  // unseen. A first sign-in (invited → active) is not.
  const version = useVersionedChange(
    staff,
    (s) => `${s.role} ${s.unit?.id ?? ''} ${s.status === 'DEACTIVATED'} ${s.pendingChange?.role ?? ''} ${s.pendingChange?.unit?.id ?? ''}`,
    placeCurrent,
  );
  const form = useFocusOnFirstField<HTMLFormElement>();
  const unit = unitField(values.role as Role, props.units, staff.unit?.id);
  const fields = [ROLE_FIELD, ...(unit ? [unit] : [])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(roleAndUnitProblems(values, fields), fields)) return;
    const { role, unitId } = roleAndUnit(values);
    // Nothing to change: nothing is sent, and the form says so, as the app's other forms do.
    if (role === staff.role && unitId === (staff.unit?.id ?? null)) {
      props.onDone(NOTHING_CHANGED);
      return;
    }
    try {
      const changed = await change({ variables: { input: { userId: staff.id, role, unitId, expectedVersion: version.expectedVersion() } } });
      const now = changed.data ? getFragmentData(AdminStaffFragment, changed.data.changeStaff) : null;
      const asked = roleInUnit(role, props.units.find((u) => u.id === unitId)?.name);
      // Signed in, the person keeps their rights until another administrator approves the change.
      if (now?.pendingChange) {
        props.onDone(`Ændringen af ${staff.name} til ${asked} afventer godkendelse af en anden administrator. Indtil da er ${staff.name} fortsat ${roleInUnit(now.role, now.unit?.name)}.`);
        return;
      }
      // Not yet signed in, the account binds as this new role only once another administrator approves it.
      const waits = now?.awaitingApproval ? ' Invitationen skal nu godkendes af en anden administrator, før personen kan logge ind.' : '';
      props.onDone(`${staff.name} er nu ${asked}.${waits}`);
    } catch (e) {
      version.refused(e);
      refused(e, fields);
    }
  };

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} onKeyDown={escapeAsCancel(props.onCancel)}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Skift rolle eller enhed for {staff.name}
      </h4>
      <p className="hint">
        {staff.activatedAt
          ? `${staff.name} har logget ind, så ændringen skal godkendes af en anden administrator. Indtil da er ${staff.name} fortsat ${roleInUnit(staff.role, staff.unit?.name)}.`
          : 'Ændringen gælder med det samme, og invitationen skal så godkendes igen af en anden administrator.'}
      </p>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Ændringen blev ikke gemt', <StaffNow staff={version.current} />)}
      <FormActions loading={loading} submitLabel="Gem ændringer" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

function ChangePhoneForm(props: { staff: Staff; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { staff } = props;
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ phone: staff.phone ?? '' }));
  const [change, { loading }] = useMutation(ChangeStaffPhoneMutation);
  const version = useVersionedChange(staff, (s) => s.phone ?? '', placeCurrent);
  const form = useFocusOnFirstField<HTMLFormElement>();
  const fields = [PHONE_FIELD];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(phoneProblems(values.phone), fields)) return;
    const phone = values.phone.trim() || null;
    try {
      await change({ variables: { input: { userId: staff.id, phone, expectedVersion: version.expectedVersion() } } });
      props.onDone(phone ? `${genitive(staff.name)} arbejdstelefon er nu ${formatPhone(phone)}.` : `${staff.name} har ikke længere en arbejdstelefon.`);
    } catch (e) {
      version.refused(e);
      refused(e, fields);
    }
  };

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} onKeyDown={escapeAsCancel(props.onCancel)}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Arbejdstelefon for {staff.name}
      </h4>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Telefonnummeret blev ikke gemt', <StaffNow staff={version.current} />)}
      <FormActions loading={loading} submitLabel="Gem telefon" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

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
  const version = useVersionedChange(staff, (s) => s.name, placeCurrent);
  const form = useFocusOnFirstField<HTMLFormElement>();
  const fields = [STAFF_NAME_FIELD];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = checkName(values.name, 'personens navn');
    if (!check(problem ? { name: problem } : {}, fields)) return;
    const name = values.name.trim();
    try {
      await rename({ variables: { input: { userId: staff.id, name, expectedVersion: version.expectedVersion() } } });
      props.onDone(name === staff.name ? `Navnet er uændret: ${name}.` : `${staff.name} hedder nu ${name}.`);
    } catch (e) {
      version.refused(e);
      refused(e, fields);
    }
  };

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} onKeyDown={escapeAsCancel(props.onCancel)}>
      <h4 id={`${id}-heading`} className="edit-form-title">
        Ret navn for {staff.name}
      </h4>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Navnet blev ikke gemt', <StaffNow staff={version.current} />)}
      <FormActions loading={loading} submitLabel="Gem navn" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

type StaffMode = 'name' | 'change' | 'phone' | 'deactivate' | 'reactivate' | 'approve' | 'approveChange' | 'withdrawChange';

/** "Godkend" and "Træk ændringen tilbage" for a change of role or unit that waits: any administrator but the person themself may take it back. */
function PendingChangeButtons({ action, staff, mayApprove, self }: { action: RowAction<StaffMode>; staff: Staff; mayApprove: boolean; self: boolean }) {
  if (!staff.pendingChange) return null;
  return (
    <>
      {mayApprove ? (
        <ActionButton action={action} mode="approveChange" about={`ændringen af ${staff.name}`}>
          Godkend
        </ActionButton>
      ) : null}
      {self ? null : (
        <ActionButton action={action} mode="withdrawChange" about={`for ${staff.name}`}>
          Træk ændringen tilbage
        </ActionButton>
      )}
    </>
  );
}

/** How the invitation names the login the person will sign in with: by the login-id when one is given (it alone binds). */
const invitedLogin = (staff: Pick<Staff, 'email' | 'subject'>) => (staff.subject ? `bruger-id ${staff.subject}` : (staff.email ?? ''));

/** Said to an administrator who may give the yes that waits. */
const YOU_MAY_APPROVE = 'Du kan godkende den.';

/**
 * Four eyes on an invitation, as the card says it: who may approve it, and who may not. The
 * one who invited cannot; when no other administrator is active, nobody can yet.
 */
function ApprovalHint({ staff, invitedByMe, mayApprove, approvers }: { staff: Staff; invitedByMe: boolean; mayApprove: boolean; approvers: number }) {
  if (approvers === 0) {
    return (
      <p className="hint" data-testid="approval-hint">
        Kræver godkendelse af en anden administrator. Kommunen har ingen anden aktiv administrator, så ingen kan godkende invitationen, og {staff.name} kan ikke
        logge ind, før kommunen får en administrator mere. {NO_APPROVER_ADD}
      </p>
    );
  }
  return (
    <p className="hint" data-testid="approval-hint">
      {invitedByMe
        ? `Din invitation skal godkendes af en anden administrator, før ${staff.name} kan logge ind.`
        : mayApprove
          ? `${staff.name} kan ikke logge ind, før invitationen er godkendt. ${YOU_MAY_APPROVE}`
          : `${staff.name} kan ikke logge ind, før en anden administrator end ${staff.invitedByName ?? 'den, der inviterede'} har godkendt invitationen.`}
    </p>
  );
}

/**
 * Four eyes on a change of role or unit of someone who has signed in, as the card says it: they
 * keep the role and unit they have until another administrator than the one who asked (and than
 * themself) approves it; when no such administrator is active, nobody can yet.
 */
function ChangeApprovalHint({ staff, requestedByMe, mayApprove, approvers }: { staff: Staff; requestedByMe: boolean; mayApprove: boolean; approvers: number }) {
  const current = roleInUnit(staff.role, staff.unit?.name);
  if (approvers === 0) {
    return (
      <p className="hint" data-testid="change-approval-hint">
        Ændringen kræver godkendelse af en anden administrator. Kommunen har ingen anden aktiv administrator, så ingen kan godkende den, og {staff.name} er fortsat {current},
        til kommunen får en administrator mere. {NO_APPROVER_ADD}
      </p>
    );
  }
  return (
    <p className="hint" data-testid="change-approval-hint">
      {requestedByMe
        ? `Din ændring skal godkendes af en anden administrator. Indtil da er ${staff.name} fortsat ${current}.`
        : mayApprove
          ? `${staff.name} er fortsat ${current}, indtil ændringen er godkendt. ${YOU_MAY_APPROVE}`
          : `${staff.name} er fortsat ${current}, indtil en anden administrator end ${staff.pendingChange?.requestedByName ?? 'den, der bad om ændringen'} har godkendt ændringen.`}
    </p>
  );
}

/** One person of the municipality's staff: who, how they sign in, role, unit and status, and what the administrator can do. */
export function StaffCard(props: {
  staff: Staff;
  units: readonly UnitChoice[];
  self?: boolean;
  onDone: (message: string) => void;
  /** Told whether a form or question is open on the card: the list keeps such a card while it is, whatever its filter. */
  onHolding?: (staffId: string, holding: boolean) => void;
  /** Why the card is shown though it no longer fits the list's filter (its form is open). */
  outOfView?: string | null;
  /** The viewer made this invitation: theirs is never theirs to approve. */
  invitedByMe?: boolean;
  /** Who is signed in: a change they asked for is not theirs to approve. */
  viewerId?: string;
  /** How many active administrators other than the one who invited could approve the invitation. */
  approvers?: number;
  /** How many active administrators could approve the change waiting: neither the one who asked nor the person themself. */
  changeApprovers?: number;
}) {
  const id = useId();
  const { staff, onHolding } = props;
  const { cache } = useApolloClient();
  const action = useRowAction<StaffMode>(props.onDone);
  const [deactivate] = useMutation(DeactivateStaffMutation);
  const [reactivate] = useMutation(ReactivateStaffMutation);
  const [approve] = useMutation(ApproveStaffInvitationMutation);
  const [approveChange] = useMutation(ApproveStaffChangeMutation);
  const [withdrawChange] = useMutation(WithdrawStaffChangeMutation);
  const holding = action.mode !== null;
  useEffect(() => {
    if (!holding || !onHolding) return;
    onHolding(staff.id, true);
    return () => onHolding(staff.id, false);
  }, [holding, onHolding, staff.id]);
  // A yes is for the person as the card shows them now; a CONFLICT shows them as they are, and the question stays for a second look.
  const confirmed = (send: (expectedVersion: number) => Promise<unknown>) => () =>
    send(staff.version).catch((e: unknown) => {
      placeConflict(cache, e, placeCurrent);
      throw e;
    });
  const deactivated = staff.status === 'DEACTIVATED';
  const since = statusSince(staff);
  // A withdrawn (deactivated) invitation is reactivated first; the server refuses approving it.
  const awaiting = staff.awaitingApproval && !deactivated;
  const pending = staff.pendingChange;
  const changeRequestedByMe = !!pending && !!props.viewerId && pending.requestedById === props.viewerId;
  // Neither the one who invited or asked nor the person themself says yes; nor does the person take a change back.
  const { invitation: mayApprove, change: mayApproveChange } = approvable(staff, props.viewerId, props.approvers ?? 0, props.changeApprovers ?? 0);
  const current = roleInUnit(staff.role, staff.unit?.name);

  return (
    <article ref={action.containerRef} className="card admin-card" aria-labelledby={`${id}-name`} data-testid="admin-staff">
      <h3 id={`${id}-name`}>{staff.name}</h3>
      <StatusNotice message={props.outOfView} />
      <dl className="facts facts-compact">
        {staff.email ? <Fact term="E-mail">{staff.email}</Fact> : null}
        {staff.subject ? <Fact term="Bruger-id hos identitetsudbyderen">{staff.subject}</Fact> : null}
        {staff.phone ? <Fact term="Arbejdstelefon">{formatPhone(staff.phone)}</Fact> : null}
        <Fact term="Rolle">{ROLE_LABELS[staff.role]}</Fact>
        <Fact term="Enhed">{staff.unit?.name ?? 'Ingen enhed'}</Fact>
        <Fact term="Status">
          <span className={`status ${STATUS_CLASS[staff.status]}`}>{STAFF_STATUS_LABELS[staff.status]}</span>
          {since}
        </Fact>
        {staff.awaitingApproval ? (
          <Fact term="Godkendelse">
            <span className="status status-paused">Afventer godkendelse</span>
          </Fact>
        ) : null}
        {staff.invitedByName ? <Fact term="Inviteret af">{staff.invitedByName}</Fact> : null}
        {staff.approvedByName ? (
          <Fact term="Godkendt af">
            {staff.approvedByName}
            {staff.approvedAt ? `, ${formatDateTime(staff.approvedAt)}` : null}
          </Fact>
        ) : null}
        {pending ? (
          <>
            <Fact term="Ændring af rolle eller enhed">
              <span className="status status-paused">{pendingText(pending)}</span>
            </Fact>
            <Fact term="Bedt om af">
              {pending.requestedByName}, {formatDateTime(pending.requestedAt)}
            </Fact>
          </>
        ) : null}
      </dl>
      {action.mode === 'name' ? (
        <RenameStaffForm staff={staff} {...action.formProps} />
      ) : action.mode === 'change' ? (
        <ChangeStaffForm staff={staff} units={props.units} {...action.formProps} />
      ) : action.mode === 'phone' ? (
        <ChangePhoneForm staff={staff} {...action.formProps} />
      ) : action.mode === 'deactivate' ? (
        <Confirm
          action={action}
          label={`Bekræft deaktivering af ${staff.name}`}
          confirmLabel="Ja, deaktiver"
          // What the question said it leaves behind goes with the yes: changed meanwhile, the server asks again (CONFLICT) with the new numbers.
          send={confirmed((expectedVersion) =>
            deactivate({
              variables: { userId: staff.id, expectedVersion, seenCoordinatedProgrammes: staff.coordinatedProgrammes, seenActiveMentorGrants: staff.activeMentorGrants },
            }),
          )}
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
          // The running grants the question names go with the yes: more meanwhile, the server asks again (CONFLICT) with the new number.
          send={confirmed((expectedVersion) => reactivate({ variables: { userId: staff.id, expectedVersion, seenActiveMentorGrants: staff.activeMentorGrants } }))}
          done={`${staff.name} er genaktiveret.`}
        >
          Genaktiver {staff.name}? {staff.name} kan igen logge ind som {roleInUnit(staff.role, staff.unit?.name)}.
          {bringsBack(staff)}
        </Confirm>
      ) : action.mode === 'approve' ? (
        <Confirm
          action={action}
          label={`Bekræft godkendelse af invitationen af ${staff.name}`}
          confirmLabel="Ja, godkend"
          send={confirmed((expectedVersion) => approve({ variables: { userId: staff.id, expectedVersion } }))}
          done={`Invitationen af ${staff.name} er godkendt. ${staff.name} kan nu logge ind.`}
        >
          Godkend invitationen af {staff.name} som {roleInUnit(staff.role, staff.unit?.name)}? Tjek først, at {invitedLogin(staff)} er {genitive(staff.name)} eget arbejdslogin: den,
          der logger ind med det, får adgang som {roleInUnit(staff.role, staff.unit?.name)}.
        </Confirm>
      ) : action.mode === 'approveChange' && pending ? (
        <Confirm
          action={action}
          label={`Bekræft godkendelse af ændringen af ${staff.name}`}
          confirmLabel="Ja, godkend"
          send={confirmed((expectedVersion) => approveChange({ variables: { userId: staff.id, expectedVersion } }))}
          done={`Ændringen af ${staff.name} er godkendt: ${staff.name} er nu ${roleInUnit(pending.role, pending.unit?.name)}.`}
        >
          Godkend {genitive(pending.requestedByName)} ændring af {staff.name} fra {current} til {roleInUnit(pending.role, pending.unit?.name)}? Den gælder med det samme: {staff.name} får
          straks adgang som {roleInUnit(pending.role, pending.unit?.name)}.
        </Confirm>
      ) : action.mode === 'withdrawChange' && pending ? (
        <Confirm
          action={action}
          label={`Bekræft, at ændringen af ${staff.name} trækkes tilbage`}
          confirmLabel="Ja, træk tilbage"
          send={confirmed((expectedVersion) => withdrawChange({ variables: { userId: staff.id, expectedVersion } }))}
          done={`Ændringen af ${staff.name} er trukket tilbage. ${staff.name} er fortsat ${current}.`}
        >
          Træk ændringen af {staff.name} til {roleInUnit(pending.role, pending.unit?.name)} tilbage? {staff.name} er fortsat {current}.
        </Confirm>
      ) : (
        <p className="actions">
          {deactivated ? (
            <>
              <ActionButton action={action} mode="reactivate" about={staff.name}>
                Genaktiver
              </ActionButton>
              <PendingChangeButtons action={action} staff={staff} mayApprove={mayApproveChange} self={!!props.self} />
              {/* Their unit may have closed meanwhile: they come back only to an open one, so the unit can be changed first. */}
              <ActionButton action={action} mode="change" about={`for ${staff.name}`}>
                Skift rolle eller enhed
              </ActionButton>
            </>
          ) : (
            <>
              {mayApprove ? (
                <ActionButton action={action} mode="approve" about={`invitationen af ${staff.name}`}>
                  Godkend
                </ActionButton>
              ) : null}
              <PendingChangeButtons action={action} staff={staff} mayApprove={mayApproveChange} self={!!props.self} />
              <ActionButton action={action} mode="name" about={`for ${staff.name}`}>
                Ret navn
              </ActionButton>
              {/* Four eyes: an administrator's own role and unit are changed by another administrator (the server refuses it otherwise). */}
              {props.self ? null : (
                <ActionButton action={action} mode="change" about={`for ${staff.name}`}>
                  Skift rolle eller enhed
                </ActionButton>
              )}
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
      {awaiting && action.mode === null ? <ApprovalHint staff={staff} invitedByMe={!!props.invitedByMe} mayApprove={mayApprove && !!props.viewerId} approvers={props.approvers ?? 0} /> : null}
      {pending && action.mode === null ? <ChangeApprovalHint staff={staff} requestedByMe={changeRequestedByMe} mayApprove={mayApproveChange && !!props.viewerId} approvers={props.changeApprovers ?? 0} /> : null}
      {props.self && !deactivated && action.mode === null ? (
        <p className="hint">
          Din egen rolle og enhed kan kun ændres af en anden administrator.
        </p>
      ) : null}
      {action.error ? <ActionError error={action.error} title={ACTION_FAILED[action.mode === 'reactivate' || action.mode === 'approve' || action.mode === 'approveChange' || action.mode === 'withdrawChange' ? action.mode : 'deactivate']} /> : null}
    </article>
  );
}
