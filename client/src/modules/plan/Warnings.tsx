import { formatDate } from '../../core/format';
import { warningSeverityLabel } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useConsentWarning } from '../consent/ConsentSection';
import { usePlanLive } from '../live/PlanLive';
import { usePlanAccessLost, usePlanOpen } from './planOpen';

export const WarningsFragment = graphql(`
  fragment Warnings_Programme on Programme {
    id
    warningLevel
    warnings {
      rule
      severity
      message
      dueDate
      source
      subjectId
      forReader
    }
  }
`);

type WarningItem = { rule: string; severity?: string; subjectId?: string | null };

/**
 * Not one of the programme's rules (Programme.warnings) but the consent register's: a
 * helhedsorienteret forløb without the citizen's consent to the joint plan (Plan.consentWarning).
 */
const JOINT_PLAN_CONSENT = 'JOINT_PLAN_CONSENT';

/**
 * Where a warning is acted on: the section of the plan page with its form, or the
 * intervention it is about (its card's heading, `iv-{id}`).
 */
export function warningTarget(w: WarningItem): { href: string; text: string } {
  switch (w.rule) {
    case 'NEXT_STEP_DECISION':
      return { href: '#next-step-heading', text: 'Til beslutningen efter forløbet' };
    case 'NEXT_MEETING':
    case 'FIRST_FOLLOW_UP':
    case 'FOLLOW_UP_COUNT':
    case 'FOLLOW_UP_CADENCE':
      return { href: '#meetings-heading', text: 'Til samtalerne' };
    case 'PLAN_PERIOD':
      return { href: '#goal-heading', text: 'Til planperioden' };
    case 'INTERVENTION_GUARANTEE':
      // The intervention whose start date is all that is missing; past the deadline, the
      // follow-up on the programme (the team, or the special reasons); before it, a start.
      if (w.subjectId) return { href: `#iv-${w.subjectId}`, text: 'Til indsatsen' };
      return w.severity === 'OVERDUE' ? { href: '#programme-heading', text: 'Til opfølgningen på indsatsgarantien' } : { href: '#interventions-heading', text: 'Til indsatserne' };
    case 'INTERVENTION_PAST_END':
    case 'INTERNSHIP_PURPOSE':
      return w.subjectId ? { href: `#iv-${w.subjectId}`, text: 'Til indsatsen' } : { href: '#interventions-heading', text: 'Til indsatserne' };
    case 'MENTOR_GRANT_ENDING':
      return { href: '#mentor-heading', text: 'Til mentorstøtten' };
    case JOINT_PLAN_CONSENT:
      return { href: '#consent-heading', text: 'Til samtykket' };
    default:
      // The programme's own rules: its length, the number of jobafklaringsforløb, the law.
      return { href: '#programme-heading', text: 'Til forløbet' };
  }
}

/** Advarsler: deadlines and requirements from the rules (docs/domain.md), most serious first, each with a link to where it is acted on. */
export function WarningsSection(props: { programme: FragmentType<typeof WarningsFragment> }) {
  const programme = getFragmentData(WarningsFragment, props.programme);
  // No "Ændret af …" here: the warnings are the rules' reading of the plan, nobody's change. A
  // colleague's change that moved them (a new end date) is marked on the card they changed.
  // The register's answer is read for the plan the page follows; the server gives none once the
  // forløb has ended, and neither does a page that has seen it end since.
  const consentWarning = useConsentWarning(usePlanLive()?.planId ?? null);
  // A plan taken from me stays on screen as it was, its consent warning too.
  const planOpen = usePlanOpen();
  const accessLost = usePlanAccessLost();
  const open = planOpen || accessLost;
  // "Handl nu", without a deadline: after the rules' warnings to act on, before those for information.
  const firstInfo = programme.warnings.findIndex((w) => w.severity === 'INFO');
  const at = firstInfo < 0 ? programme.warnings.length : firstInfo;
  const consent = { rule: JOINT_PLAN_CONSENT, severity: 'WARNING', message: consentWarning ?? '', dueDate: null, source: null, subjectId: null, forReader: true } as const;
  const ordered = consentWarning && open ? [...programme.warnings.slice(0, at), consent, ...programme.warnings.slice(at)] : programme.warnings;
  if (ordered.length === 0) return null;
  return (
    <section className="card warnings" aria-labelledby="warnings-heading" data-testid="warnings">
      <h2 id="warnings-heading">Advarsler ({ordered.length})</h2>
      <ul className="warning-list">
        {ordered.map((w, i) => {
          const target = warningTarget(w);
          return (
            <li key={`${w.rule}-${w.subjectId ?? i}`} className={`warning warning-${w.severity.toLowerCase()}`}>
              <span className={`status severity-${w.severity.toLowerCase()}`}>{warningSeverityLabel(w)}</span> {w.message}
              {w.dueDate || w.source ? (
                <span className="hint">
                  {' '}
                  {w.dueDate ? `Frist ${formatDate(w.dueDate)}. ` : ''}
                  {w.source ? `Kilde: ${w.source}.` : ''}
                </span>
              ) : null}{' '}
              {/* The section is further down, or in the side column on a wide screen. */}
              <a href={target.href}>{target.text}</a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
