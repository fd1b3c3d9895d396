import { localDate } from '@samplan/schema';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logging/logger';
import { sweepWarnings, type SweepChangeHandler } from './warnings.service';

/** Any fixed number: only one instance sweeps at a time. */
export const WARNING_SWEEP_LOCK_KEY = 4_242_007;

export interface WarningSweepDeps {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
}

/**
 * Deadlines pass while nobody writes (a booked meeting day goes by, six months run out), so
 * once per Danish calendar day every active programme is re-evaluated and the programmes
 * whose warnings changed are handed to `onChange` — the place to append WARNINGS_CHANGED
 * events. Checks every `everyMs` whether the day has changed; one instance at a time
 * (advisory lock), and a sweep that fails is retried at the next check.
 */
export function startWarningSweep(
  deps: WarningSweepDeps,
  onChange: SweepChangeHandler,
  options: { everyMs?: number } = {},
): { stop(): Promise<void>; runNow(): Promise<void> } {
  let lastDay: string | null = null;
  let running: Promise<void> | null = null;
  const run = async () => {
    const today = localDate(deps.clock.now());
    if (today === lastDay) return;
    const runner = deps.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [WARNING_SWEEP_LOCK_KEY]);
      if (!locked) return; // another instance is sweeping
      try {
        const started = Date.now();
        const result = await sweepWarnings(deps.dataSource, deps.clock, onChange);
        lastDay = today;
        deps.logger.info({ ...result, ms: Date.now() - started, day: today }, 'warning sweep');
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [WARNING_SWEEP_LOCK_KEY]);
      }
    } catch (err) {
      deps.logger.error({ err }, 'warning sweep failed; retrying at the next check');
    } finally {
      await runner.release();
    }
  };
  const tick = () => {
    if (!running) running = run().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? 15 * 60_000);
  timer.unref();
  return {
    runNow: tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
