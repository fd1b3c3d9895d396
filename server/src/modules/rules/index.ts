/** Legal deadlines as warnings (docs/domain.md rules 1–8) and the decision on what follows a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). */
export { Warning, WarningRule, WarningSeverity } from './warning.type';
export { evaluateWarnings, fingerprint, type ProgrammeFacts } from './warning-rules';
export { computeWarnings, refreshWarningState, sweepWarnings, warningsLoader, type WarningChange } from './warnings.service';
export { NextStep, NextStepDecision } from './next-step.types';
export { startWarningSweep, WARNING_SWEEP_LOCK_KEY } from './warning-sweep';
// Registers the plan-change hook that appends WARNINGS_CHANGED with every write.
export { appendSweepEvents, appendWarningEvents, warningsSummary } from './warning-events';
import { NextStepResolver, ProgrammeRulesResolver } from './rules.resolver';

export const rulesResolvers = [ProgrammeRulesResolver, NextStepResolver] as const;
