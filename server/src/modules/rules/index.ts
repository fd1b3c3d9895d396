/**
 * Legal deadlines as warnings (docs/domain.md rules 1–8, and those the later laws add) and the decision on what follows a
 * programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5). The law versions (./law) say which rules govern a programme: those
 * of its decision date.
 */
export { Warning, WarningRule, WarningSeverity } from './warning.type';
export { evaluateWarnings, fingerprint, type ProgrammeFacts } from './warning-rules';
export { computeWarnings, sweepWarnings, warningsLoader, type WarningChange } from './warnings.service';
export { NextStep, NextStepDecision, NextStepStatus } from './next-step.types';
export { LawVersion, lawVersionFor, lawInForce, lawRules, LAW_VERSIONS, underTransitionRule } from './law/law-version';
export { GUARANTEE_QUALIFYING, GUARANTEE_QUALIFYING_UNTIL } from './law/rules-2022';
export { startWarningSweep, WARNING_SWEEP_LOCK_KEY } from './warning-sweep';
// Registers the plan-change hook that appends WARNINGS_CHANGED with every write.
export { appendSweepEvents, appendWarningEvents, warningsSummary } from './warning-events';
import type { ServerModule } from '../../core/module';
import { NextStepResolver, ProgrammeRulesResolver } from './rules.resolver';

export const rulesResolvers = [ProgrammeRulesResolver, NextStepResolver] as const;

export const rulesModule: ServerModule = { name: 'rules', resolvers: rulesResolvers };
