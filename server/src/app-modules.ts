import type { GraphQLSchema } from 'graphql';
import { createDataSource, type DataSourceOptions } from './core/db/data-source';
import { entitiesOf, type ServerModule } from './core/module';
import { buildAppSchema } from './core/schema';
import { adminModule } from './modules/admin';
import { authModule } from './modules/auth';
import { caseloadModule } from './modules/caseload';
import { consentModule } from './modules/consent';
import { citizenWordsModule } from './modules/citizen-words';
import { citizenModule } from './modules/citizen';
import { descriptionModule } from './modules/description';
import { figuresModule } from './modules/figures';
import { healthModule } from './modules/health';
import { interventionModule } from './modules/intervention';
import { jobcenterModule } from './modules/jobcenter';
import { liveModule } from './modules/live';
import { meetingModule } from './modules/meeting';
import { mentorModule } from './modules/mentor';
import { orgModule } from './modules/org';
import { planModule } from './modules/plan';
import { presenceModule } from './modules/presence';
import { rulesModule } from './modules/rules';
import { securityModule } from './modules/security';
import { seenModule } from './modules/seen';
import { socialModule } from './modules/social';

/**
 * The composition root: the one place that names every module. Core receives this list
 * (it never imports a module); main.ts, the CLIs and the test server all start from it.
 * A new module exports a manifest (core/module.ts) from its index.ts and is added here.
 */
export const appModules: readonly ServerModule[] = [
  orgModule,
  authModule,
  planModule,
  interventionModule,
  jobcenterModule,
  socialModule,
  healthModule,
  mentorModule,
  meetingModule,
  descriptionModule,
  citizenWordsModule,
  liveModule,
  rulesModule,
  caseloadModule,
  figuresModule,
  securityModule,
  adminModule,
  seenModule,
  presenceModule,
  citizenModule,
  consentModule,
];

/** A data source that knows every module's entities. */
export function createAppDataSource(url: string, options: Omit<DataSourceOptions, 'entities'> = {}) {
  return createDataSource(url, { ...options, entities: entitiesOf(appModules) });
}

/** The application's schema; demo mode adds demo login (the contract is the demo-mode schema). */
export function buildAppModulesSchema(options: { demo: boolean }): Promise<GraphQLSchema> {
  return buildAppSchema({ ...options, modules: appModules });
}
