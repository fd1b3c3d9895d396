/** Adgangslog (the coordinator's) and Konti til gennemsyn (leaders'). Routes: paths.accessLog, paths.accountFlags. */
export { AccessLogPage } from './AccessLogPage';
export { canReviewAccounts } from './accountFlags';
export { FlaggedAccountsPage } from './FlaggedAccountsPage';
