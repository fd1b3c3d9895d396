/**
 * The unique constraint (or unique index) a failed INSERT or UPDATE ran into, or undefined for
 * any other error. PostgreSQL reports it as SQLSTATE 23505 with the constraint's name; TypeORM
 * passes the driver's error on either as it is or wrapped (`driverError`).
 */
export function uniqueViolationOf(err: unknown): string | undefined {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | null;
  if (e?.code !== '23505' && e?.driverError?.code !== '23505') return undefined;
  return e.constraint ?? e.driverError?.constraint;
}
