import type { Queryable } from '../../core/db/queryable';

/**
 * A municipality of a test's own, so every key figure is known: its units (named "<KIND> <suffix>"),
 * a leader `<prefix>-leder` in no unit, and caseworkers `<prefix>-job` (jobcenter) and `<prefix>-soc`
 * (social services) to coordinate its forløb.
 */
export async function insertFiguresMunicipality(
  db: Queryable,
  opts: { code: string; name: string; prefix: string; suffix: string; unitKinds: readonly string[] },
): Promise<{ municipalityId: string; unitIds: Record<string, string> }> {
  const [{ id: municipalityId }] = await db.query(`INSERT INTO municipality (code, name) VALUES ($1, $2) RETURNING id`, [opts.code, opts.name]);
  const unitIds: Record<string, string> = {};
  for (const kind of opts.unitKinds) {
    [{ id: unitIds[kind] }] = await db.query(`INSERT INTO unit (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING id`, [municipalityId, kind, `${kind} ${opts.suffix}`]);
  }
  const { prefix, suffix } = opts;
  await db.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at) VALUES
      ($1, $4, $4, $5, 'LEADER', NULL, now()), ($1, $6, $6, $7, 'CASEWORKER', $2, now()), ($1, $8, $8, $9, 'CASEWORKER', $3, now())`,
    [municipalityId, unitIds.EMPLOYMENT, unitIds.SOCIAL, `${prefix}-leder`, `Leder ${suffix}`, `${prefix}-job`, `Job ${suffix}`, `${prefix}-soc`, `Soc ${suffix}`],
  );
  return { municipalityId, unitIds };
}
