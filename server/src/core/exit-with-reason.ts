/**
 * How the server and its command-line tools stop when they cannot go on: the reason in one
 * line on stderr, naming what to change (a setting, the database it points at), and exit
 * code 1. The stack is for whoever debugs the code, and is shown only with LOG_LEVEL=debug:
 * an operator who mistyped DATABASE_URL should not have to find the reason in a stack.
 */
export function reasonOf(err: unknown, withStack: boolean): string {
  // By shape, not instanceof: errors from Node's own sockets and DNS may come from another realm.
  if (typeof err !== 'object' || err === null || !('message' in err)) return String(err);
  const e = err as { message: unknown; stack?: string; code?: string; name?: string; errors?: unknown };
  if (withStack && e.stack) return e.stack;
  if (e.message) return String(e.message);
  // A connection refused on every address of a name comes as an AggregateError without a message of its own.
  const inner = Array.isArray(e.errors) ? e.errors.map((i) => reasonOf(i, false)).filter(Boolean) : [];
  return inner.length ? inner.join('; ') : (e.code ?? e.name ?? String(err));
}

export function exitWithReason(prefix: string, err: unknown, logLevel: string | undefined): never {
  process.stderr.write(`${prefix}: ${reasonOf(err, logLevel === 'debug')}\n`);
  process.exit(1);
}
