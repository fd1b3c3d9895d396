/**
 * How a command-line tool ends: with the exit code its run returned, once the run has closed
 * its database. Setting `process.exitCode` and letting the process run out is not enough:
 * with the embedded PostgreSQL (no DATABASE_URL) its package ends the process itself when
 * nothing is left to do (on `beforeExit`, through async-exit-hook) and with code 0, so an
 * import that refused a row told a script checking the code that all went well.
 * A failure goes to `fail`, which says why and exits (exitForOperator, exitWithReason).
 */
export function exitWhenDone(run: () => Promise<number>, fail: (err: unknown) => never): void {
  run().then((code) => process.exit(code), fail);
}
