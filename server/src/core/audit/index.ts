export { ACCESS_CHANNELS, FOLD_SECONDS, recordAudit, recordReads, recordReadsWithCommit, type AccessChannel, type AuditEntry, type AuditOutcome, type ReadEntry } from './audit.service';
