/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server';
import { CLIENT_DIST, loginByUi, openContext, startE2E, type E2E, type UserPage } from './browser';

/**
 * Two people, each signed in through the login page of their own Samplan instance (A and
 * B, one seeded database): what one does on A, the other sees through B.
 */
export interface TwoInstances {
  /** Instance A, with the browser. */
  e2e: E2E;
  /** Instance B, on A's database. */
  b: TestServer;
  onA: UserPage;
  onB: UserPage;
  stop(): Promise<void>;
}

export async function twoPeopleOnTwoInstances(nameOnA: string, nameOnB: string): Promise<TwoInstances> {
  const e2e = await startE2E();
  const b = await startTestServer({ db: e2e.server.db, seed: false, env: { CLIENT_DIST } });
  const onA = await openContext(e2e);
  const onB = await openContext(e2e);
  await loginByUi(onA.page, e2e.server.url, nameOnA);
  await loginByUi(onB.page, b.url, nameOnB);
  return {
    e2e,
    b,
    onA,
    onB,
    async stop() {
      await onA.context.close().catch(() => undefined);
      await onB.context.close().catch(() => undefined);
      await b.stop();
      await e2e.stop();
    },
  };
}

/** Opens a plan and waits for `shown` and for the live connection ("Opdateres live"). */
export async function openPlanLive(page: Page, baseUrl: string, planId: string, shown: Locator): Promise<void> {
  await page.goto(`${baseUrl}/plan/${planId}`);
  await shown.waitFor();
  await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}
