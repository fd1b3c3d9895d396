import { recordAudit } from '../../core/audit';
import { onProgrammeCreated } from '../plan';
import { ConsentBasis, ConsentRecipientKind, ConsentScope } from './consent.enums';

/**
 * A helhedsorienteret forløb is decided with the citizen's consent to the joint plan (the
 * creation form asks for its day). That consent goes into the register with the programme,
 * in the same transaction and audited, so the register is where it is withdrawn — and the
 * joint-plan warning holds from the first day, not only once someone enters it again.
 */
onProgrammeCreated(async (m, ctx, created) => {
  if (created.type !== 'HELHEDSORIENTERET' || !created.jointPlanConsentOn) return;
  // Recorded by whoever wrote the programme; a programme imported at go-live (written by no
  // one) has its consent recorded as its coordinator's, who holds it, and audited as the import.
  const actor = created.by;
  const [row]: Array<{ id: string }> = await m.query(
    `INSERT INTO consent_entry (municipality_id, citizen_id, plan_id, scope, recipient_kind, basis, given_on, note, recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Givet ved afgørelsen om forløbet', $8, $9) RETURNING id`,
    [created.municipalityId, created.citizenId, created.planId, ConsentScope.JOINT_PLAN, ConsentRecipientKind.WHOLE_TEAM, ConsentBasis.CONSENT, created.jointPlanConsentOn, ctx.deps.clock.now(), actor?.userId ?? created.coordinatorId],
  );
  await recordAudit(m, {
    actor, municipalityId: created.municipalityId, action: 'RECORD_CONSENT', entityType: 'CONSENT', entityId: row.id, citizenId: created.citizenId, outcome: 'ALLOWED',
    detail: `Samtykke til den fælles plan, givet ved afgørelsen${created.auditDetail ? `. ${created.auditDetail}` : ''}`,
  });
});
