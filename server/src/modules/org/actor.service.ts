import type { DataSource } from 'typeorm';
import type { Actor, TokenIdentity } from '../../core/auth/actor';
import type { Role, UnitCode } from './org.enums';

/** The staff member behind a verified token subject (the username), or null if unknown or deactivated. */
export async function loadActor(ds: DataSource, identity: TokenIdentity, tokenExpiresAt?: number): Promise<Actor | null> {
  const rows: Array<{ id: string; username: string; name: string; role: Role; municipality_id: string; unit_id: string | null; unit_code: UnitCode | null }> =
    await ds.query(
      `SELECT u.id, u.username, u.name, u.role, u.municipality_id, u.unit_id, un.code AS unit_code
         FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id
        WHERE u.username = $1 AND u.deactivated_at IS NULL`,
      [identity.subject],
    );
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.id,
    username: row.username,
    subject: row.username,
    name: row.name,
    role: row.role,
    municipalityId: row.municipality_id,
    unitId: row.unit_id,
    unitCode: row.unit_code,
    tokenExpiresAt,
  };
}
