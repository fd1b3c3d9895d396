import { ConsentNamedMentor1700000000045 } from '../../core/db/migrations/1700000000045-consent-named-mentor';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000045 on a register as it was before: every entry stays as it was, and
 * each reads as for the citizen's mentor support (no named mentor); only an entry for the
 * mentor may name one.
 */
jest.setTimeout(60_000);

const COLUMNS = `id, municipality_id, citizen_id, plan_id, scope, recipient_kind, recipient_unit_id, recipient_name, recipient_relation, basis,
  legal_reference, given_on::text AS given_on, note, recorded_at, recorded_by, withdrawn_at, withdrawn_by, withdrawal_reason`;

it('keeps every entry of the register as it was, naming no mentor', () => onDataBefore(new ConsentNamedMentor1700000000045(), async (runner, migration) => {
  // An entry for the mentor, recorded before the column existed.
  await runner.query(
    `INSERT INTO consent_entry (municipality_id, citizen_id, plan_id, scope, recipient_kind, basis, given_on, note, recorded_at, recorded_by)
     SELECT municipality_id, citizen_id, plan_id, 'SOCIAL_DETAILS', 'MENTOR', 'CONSENT', given_on, 'Kun mentoren Mikkel', recorded_at, recorded_by FROM consent_entry LIMIT 1`,
  );
  const before = await runner.query(`SELECT ${COLUMNS} FROM consent_entry ORDER BY id`);
  expect(before.length).toBeGreaterThan(1);
  await migration.up(runner);
  expect(await runner.query(`SELECT ${COLUMNS} FROM consent_entry ORDER BY id`)).toEqual(before);
  expect(await runner.query(`SELECT count(*)::int AS n FROM consent_entry WHERE recipient_mentor_id IS NOT NULL`)).toEqual([{ n: 0 }]);
  // A named mentor belongs to an entry for the mentor only.
  const [mikkel] = await runner.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
  await expect(runner.query(`UPDATE consent_entry SET recipient_mentor_id = $1 WHERE recipient_kind = 'GP' OR recipient_kind = 'WHOLE_TEAM'`, [mikkel.id]))
    .rejects.toThrow(/consent_entry_named_mentor_is_for_mentor/);
}));
