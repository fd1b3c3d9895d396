/**
 * PL/pgSQL functions around one statement, for statements every request sends: a function's
 * statements are planned once per database connection and the plan is kept (a generic plan,
 * the statement's shape does not depend on its arguments' values), which also holds behind a
 * pooler in transaction mode, where statements prepared by name would not. They run as the
 * caller (SECURITY INVOKER, the default), so row-level security applies as to the statement.
 */

/** A set-returning function around one SELECT. */
export function cachedSelect(signature: string, returns: string, select: string): string {
  return `
    CREATE FUNCTION ${signature}
    RETURNS TABLE (${returns})
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    AS $fn$
    #variable_conflict use_column
    BEGIN
      RETURN QUERY
${select};
    END
    $fn$`;
}

/** A function around one INSERT, UPDATE or DELETE that returns nothing. */
export function cachedWrite(signature: string, write: string): string {
  return `
    CREATE FUNCTION ${signature}
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET plan_cache_mode = force_generic_plan
    AS $fn$
    #variable_conflict use_column
    BEGIN
${write};
    END
    $fn$`;
}
