import { useQuery } from '@apollo/client/react';
import { useCallback, useId, useMemo, useState } from 'react';
import { FormPanel } from '../../core/forms/FormPanel';
import { STAFF_STATUS_LABELS } from '../../core/labels';
import { ErrorNotice, Loading } from '../../core/ui';
import { getFragmentData } from '../../gql';
import { AdminStaffFragment, AdminUnitFragment, AdminUnitsQuery, approvable, AWAITING_APPROVAL, awaitsApproval, STAFF_STATUSES, StaffMembersQuery } from './admin';
import { useViewer } from '../org/viewer';
import { useAnnouncement } from './AdminParts';
import { InviteStaffForm } from './InviteStaffForm';
import { StaffCard } from './StaffCard';

/** The unit filter's value for staff without a unit (mentors, administrators, the municipality's leaders). */
const NO_UNIT = '-';

const countText = (n: number) => `${n} ${n === 1 ? 'medarbejder' : 'medarbejdere'}`;

type Shown = Parameters<typeof awaitsApproval>[0] & { name: string; unit?: { id: string; name: string } | null };

/** Whether a person fits the status filter: one of the statuses, or waiting for an administrator's yes. */
const fitsStatus = (s: Shown, status: string) => !status || (status === AWAITING_APPROVAL ? awaitsApproval(s) : s.status === status);

/** What the card now is that the filter does not show: "Karen Holm er nu deaktiveret". */
function whatChanged(s: Shown, status: string): string {
  if (status === AWAITING_APPROVAL && !awaitsApproval(s)) return `${s.name} afventer ikke længere godkendelse`;
  if (status && s.status !== status) return `${s.name} er nu ${STAFF_STATUS_LABELS[s.status].toLowerCase()}`;
  return s.unit ? `${s.name} hører nu til ${s.unit.name}` : `${s.name} hører nu ikke til en enhed`;
}

/** Medarbejdere: everyone of the municipality with a role in Samplan, filtered by status and unit; invite, change, deactivate. */
export function StaffPanel() {
  const id = useId();
  const staffQuery = useQuery(StaffMembersQuery, { fetchPolicy: 'cache-and-network' });
  const unitsQuery = useQuery(AdminUnitsQuery, { fetchPolicy: 'cache-first' });
  const { announce, notice } = useAnnouncement();
  const viewer = useViewer();
  const [status, setStatus] = useState('');
  const [unitFilter, setUnitFilter] = useState('');

  const units = useMemo(() => (unitsQuery.data ? getFragmentData(AdminUnitFragment, unitsQuery.data.units) : []), [unitsQuery.data]);
  const staff = staffQuery.data ? getFragmentData(AdminStaffFragment, staffQuery.data.staffMembers) : undefined;
  // Cards with a form or question open: kept in the list, whatever the filter, until it is closed.
  // Another administrator's change (a deactivation, a move) comes live and may take a card out of
  // the filter while its form is open; dropping the card would throw away what was typed in it.
  const [held, setHeld] = useState<ReadonlySet<string>>(() => new Set());
  const onHolding = useCallback((staffId: string, holding: boolean) => {
    setHeld((current) => {
      if (current.has(staffId) === holding) return current;
      const next = new Set(current);
      if (holding) next.add(staffId);
      else next.delete(staffId);
      return next;
    });
  }, []);
  const fits = (s: Shown) => fitsStatus(s, status) && (!unitFilter || (unitFilter === NO_UNIT ? !s.unit : s.unit?.id === unitFilter));
  const shown = (staff ?? []).filter((s) => fits(s) || held.has(s.id));
  // Four eyes on invitations: the active administrators, each of whom may approve another's.
  const administrators = (staff ?? []).filter((s) => s.role === 'ADMINISTRATOR' && s.status === 'ACTIVE').map((s) => s.id);
  const approversOf = (invitedById: string | null | undefined) => administrators.filter((a) => a !== invitedById).length;
  // And on a change of someone's role or unit: neither the one who asked nor the person themself approves it.
  const changeApproversOf = (s: { id: string; pendingChange?: { requestedById: string } | null }) =>
    administrators.filter((a) => a !== s.pendingChange?.requestedById && a !== s.id).length;
  // What waits for this administrator's yes, pointed to above the list: the filter then shows everyone waiting.
  const forMe = viewer
    ? (staff ?? []).filter((s) => {
        const may = approvable(s, viewer.id, approversOf(s.invitedById), changeApproversOf(s));
        return may.invitation || may.change;
      }).length
    : 0;
  const showWaiting = () => {
    setStatus(AWAITING_APPROVAL);
    setUnitFilter('');
  };
  const error = staffQuery.error ?? unitsQuery.error;

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Medarbejdere</h2>
      {forMe > 0 ? (
        <p className="hint" data-testid="waiting-for-me">
          <strong>{forMe} venter på din godkendelse</strong>{' '}
          <button type="button" className="button" onClick={showWaiting}>
            Vis dem, der afventer godkendelse
          </button>
        </p>
      ) : null}
      <p className="hint">
        Inviter medarbejdere og eksterne mentorer ud fra deres e-mail eller bruger-id hos identitetsudbyderen. Samplan sender ingen e-mail: fortæl selv personen, at
        de skal logge ind på {window.location.origin} med deres arbejdslogin. En invitation skal godkendes af en anden administrator, før personen kan logge ind, og
        det skal en ændring af rolle eller enhed for en, der har logget ind, før den gælder. Deaktivering gælder med det samme.
      </p>
      <FormPanel label="Inviter medarbejder" onDone={announce}>
        {(close, done) => <InviteStaffForm units={units} onDone={done} onCancel={close} noOtherAdministrator={!!staff && !!viewer && approversOf(viewer.id) === 0} />}
      </FormPanel>
      {notice}
      {error ? <ErrorNotice error={error} title="Medarbejderne kunne ikke hentes" /> : null}
      {staffQuery.loading && !staff ? <Loading label="Henter medarbejdere…" /> : null}
      {staff ? (
        <>
          <div className="audit-filters admin-filters" role="group" aria-label="Filtrér medarbejdere">
            <div className="field">
              <label htmlFor={`${id}-status`}>Status</label>
              <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">Alle</option>
                {STAFF_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STAFF_STATUS_LABELS[s]}
                  </option>
                ))}
                <option value={AWAITING_APPROVAL}>Afventer godkendelse</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-unit`}>Enhed</label>
              <select id={`${id}-unit`} value={unitFilter} onChange={(e) => setUnitFilter(e.target.value)}>
                <option value="">Alle enheder</option>
                <option value={NO_UNIT}>Uden enhed</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.closedAt ? `${u.name} (lukket)` : u.name}
                  </option>
                ))}
              </select>
            </div>
            <p className="result-count" role="status" data-testid="staff-count">
              {shown.length === staff.length ? countText(staff.length) : `Viser ${shown.length} af ${countText(staff.length)}`}
            </p>
          </div>
          {shown.length === 0 ? (
            <p className="hint">{staff.length === 0 ? 'Ingen medarbejdere endnu.' : 'Ingen medarbejdere passer til filteret.'}</p>
          ) : (
            shown.map((s) => (
              <StaffCard
                key={s.id}
                staff={s}
                units={units}
                self={s.id === viewer?.id}
                invitedByMe={!!viewer && s.invitedById === viewer.id}
                approvers={approversOf(s.invitedById)}
                viewerId={viewer?.id}
                changeApprovers={changeApproversOf(s)}
                onDone={announce}
                onHolding={onHolding}
                outOfView={fits(s) ? null : `${whatChanged(s, status)} – passer ikke længere til visningen. Kortet bliver her, til du lukker formularen.`}
              />
            ))
          )}
        </>
      ) : null}
    </section>
  );
}
