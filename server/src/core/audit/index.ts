export { recordAudit, type AuditEntry, type AuditOutcome } from './audit.service';
