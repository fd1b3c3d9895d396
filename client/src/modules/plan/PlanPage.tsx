import { todayInDenmark } from '@samplan/schema';
import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef } from 'react';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/format';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { Link, paths } from '../../core/router';
import { ErrorNotice, Loading } from '../../core/ui';
import { getFragmentData, graphql } from '../../gql';
import { LiveFeed, UnseenPill } from '../live/LiveFeed';
import { MeetingsSection } from '../meeting/MeetingsSection';
import { CitizenWordsCard } from '../description/CitizenWordsCard';
import { ConsentSection } from '../consent/ConsentSection';
import { DescriptionCard } from '../description/DescriptionCard';
import { PlanLiveProvider } from '../live/PlanLive';
import { serverReadPosition } from '../../core/live';
import { HomeLink } from '../org/HomeLink';
import { useViewer } from '../org/viewer';
import { OverwriteNotices } from '../presence/OverwriteNotice';
import { PlanPresenceProvider, PresentNow } from '../presence/PlanPresence';
import { activityRights, NO_ACTIVITY_RIGHTS } from './activityRights';
import { CoordinatorSection } from './CoordinatorSection';
import { FollowUpsSection } from './FollowUpsSection';
import { InterventionCardFragment, InterventionsSection } from './Interventions';
import { mentorHasAccess } from './mentorGrants';
import { MentorSection, MentorSectionFragment, openMentorSupport } from './MentorSection';
import { NextStepSection, type NextStepRole } from './NextStepSection';
import { PlanGoal } from './PlanGoal';
import { ActivitiesSection, SubGoalFragment, SubGoalsSection, type ActivityIntervention } from './PlanSections';
import { ProgrammeSummary, ProgrammeSummaryFragment } from './ProgrammeSummary';
import { TeamFragment, TeamSection } from './TeamSection';
import { WarningsSection } from './Warnings';
import './plan-page.css';
import { CitizenContact } from './CitizenContact';
import { CitizenSignIn } from './CitizenSignIn';
import { PlanAccessLostContext, PlanOpenContext } from './planOpen';

export const PlanPageQuery = graphql(`
  query PlanPage($id: ID!) {
    plan(id: $id) {
      id
      version
      myStanding
      citizen {
        id
        name
        cpr
        birthDate
        ...CitizenContact_Citizen
        ...CitizenSignIn_Citizen
      }
      programme {
        id
        ...ProgrammeSummary_Programme
        ...Warnings_Programme
        ...NextStepSection_Programme
      }
      team {
        id
      }
      mayDecide
      mayReadAccessLog
      mayChangeCitizenSignIn
      lastSeenSeq
      unseenChangeCount
      liveFrom
      ...PlanGoal_Plan
      periodEnd
      subGoals {
        id
        ...SubGoalItem_SubGoal
      }
      interventions {
        id
        ...InterventionCard_Intervention
      }
      activities {
        id
        ...ActivityItem_Activity
      }
      ...CoordinatorSection_Plan
      ...TeamSection_Plan
      ...FollowUpsSection_Plan
      ...MentorSection_Plan
    }
  }
`);

/** The plan's sections, for the links at the top of the page (each section's heading id). */
const SECTIONS: ReadonlyArray<readonly [href: string, text: string]> = [
  ['#goal-heading', 'Mål'],
  ['#subgoals-heading', 'Delmål'],
  ['#interventions-heading', 'Indsatser'],
  ['#activities-heading', 'Aktiviteter'],
  ['#feed-heading', 'Seneste ændringer'],
  ['#programme-heading', 'Forløb'],
  ['#followups-heading', 'Opfølgning'],
  ['#team-heading', 'Enheder'],
  ['#consent-heading', 'Samtykke'],
];

/** Links to the plan's sections, and how many changes are new to me, at the top of the page (a long page on a phone). */
function PlanSectionLinks() {
  return (
    <nav className="plan-sections no-print" aria-label="Afsnit i planen">
      <ul>
        {SECTIONS.map(([href, text]) => (
          <li key={href}>
            <a href={href}>{text}</a>
          </li>
        ))}
      </ul>
      <UnseenPill />
    </nav>
  );
}

/** Roles that work in a unit's own interventions (server: the unit modules' STAFF). */
const STAFF_ROLES: readonly string[] = ['CASEWORKER'];
/**
 * Roles that may read a plan, on its team or through a mentor grant: their history is asked for
 * with the plan, in parallel. Any other role (a leader, an administrator) is refused every plan,
 * so its history is not asked for at all: each refusal would be one more denial in the access log.
 */
const PLAN_READERS: readonly string[] = ['CASEWORKER', 'MENTOR'];

/** /plan/:id — the shared plan of one citizen's programme, live. */
export function PlanPage({ id }: { id: string }) {
  const { data, loading, error, refetch } = useQuery(PlanPageQuery, { variables: { id } });
  const viewer = useViewer();
  const plan = data?.plan;

  useEffect(() => {
    document.title = plan ? `${plan.citizen.name} – Plan – Samplan` : 'Plan – Samplan';
  }, [plan]);

  const activityInterventions = useMemo(() => {
    const byId = new Map<string, ActivityIntervention>();
    for (const ref of plan?.interventions ?? []) {
      const iv = getFragmentData(InterventionCardFragment, ref);
      byId.set(iv.id, { title: iv.title, status: iv.status, startDate: iv.startDate, endDate: iv.endDate });
    }
    return byId;
  }, [plan?.interventions]);
  // The Mentorstøtte under Indsatser, which the mentor section points to while no mentor has access.
  const mentorSupport = useMemo(
    () => openMentorSupport((plan?.interventions ?? []).map((ref) => getFragmentData(InterventionCardFragment, ref))),
    [plan?.interventions],
  );

  const subGoalChoices = useMemo(
    () => (plan?.subGoals ?? []).map((ref) => getFragmentData(SubGoalFragment, ref)).map(({ id, area, text }) => ({ id, area, text })),
    [plan?.subGoals],
  );

  const teamUnitIds = useMemo(() => (plan?.team ?? []).map((u) => u.id), [plan?.team]);
  // Read again and refused, with the plan on screen: it was taken from me while I had it open
  // (my unit off the team, the coordinatorship handed on). Trying again cannot help.
  const accessLost = !!plan && !!error && describeError(error).kind === 'NOT_FOUND';

  const onChanged = () => void refetch().catch(() => undefined);

  // An ended programme's plan is read, not changed (planOpen.ts); nor is one taken from me: what
  // my standing said when it was read no longer holds, and the server refuses every save.
  const programme = plan ? getFragmentData(ProgrammeSummaryFragment, plan.programme) : null;
  const ended = programme?.status === 'ENDED';
  const open = !ended && !accessLost;
  // Ended while the user was on a button that goes with it (someone else ended it): the focus
  // goes to the notice that says so, not to the top of the page. So too when the plan is taken.
  const endedNotice = useRef<HTMLParagraphElement>(null);
  useFocusKeptWhenTaken(null, !!programme && ended, endedNotice);
  const accessLostNotice = useRef<HTMLDivElement>(null);
  useFocusKeptWhenTaken(null, accessLost, accessLostNotice);
  // The server lets a unit's own staff create in a plan while the unit is on its team.
  const myUnit = viewer?.unit ?? null;
  const canCreate =
    open && !!plan?.myStanding && !!myUnit && STAFF_ROLES.includes(viewer?.role ?? '') && !!plan?.team.some((u) => u.id === myUnit.id);

  // Decisions under employment law (what follows, ending the programme) are the jobcenter's;
  // the server says whether I take them (Plan.mayDecide). A coordinator who does not, proposes.
  // The municipality's own forløb is tied to no jobcenter: its coordinator decides both, and
  // an employment caseworker on it who would decide a ressourceforløb's step proposes one.
  const isCoordinator = plan?.myStanding === 'COORDINATOR';
  // A held samtale or a step reaches the mentor only while a grant runs: else nobody sees it.
  const mentorCanReceive = !!plan && mentorHasAccess(getFragmentData(MentorSectionFragment, plan).mentorGrants, todayInDenmark());
  const programmeType = programme?.type ?? null;
  const own = programmeType === 'HELHEDSORIENTERET';
  const decides = own ? isCoordinator : !!plan?.mayDecide;
  const proposes = own ? !!plan?.mayDecide : isCoordinator;
  // Also after the end: a form of the section left open then stays with what was typed (NextStepSection offers nothing new).
  const nextStepRole: NextStepRole = decides ? 'decide' : proposes ? 'propose' : null;
  const loaded = !!plan;
  const lastSeenSeq = plan?.lastSeenSeq ?? null;
  const unseenChangeCount = plan?.unseenChangeCount ?? 0;
  const readPosition = useMemo(() => (loaded ? { lastSeenSeq, unseenChangeCount } : null), [loaded, lastSeenSeq, unseenChangeCount]);

  const liveFrom = serverReadPosition(plan, loading);

  // One heading element through loading, error and data, so focus placed on it stays.
  return (
    <PlanLiveProvider planId={id} viewerId={viewer?.id} readPosition={readPosition} liveFrom={liveFrom} refetchQuery={PlanPageQuery} skipHistory={!plan && !PLAN_READERS.includes(viewer?.role ?? '')}>
      <PlanPresenceProvider planId={id} loaded={!!plan}>
      {/* Around the whole page: a form left open when the programme ends, or when the plan is taken from me, stays, and says it can no longer be saved (planOpen.ts). */}
      <PlanOpenContext.Provider value={open}>
      <PlanAccessLostContext.Provider value={accessLost}>
      <header className="page-header page-header-actions">
        <div>
          <p className="eyebrow">{plan ? 'Plan for' : 'Borgerens plan'}</p>
          <h1 tabIndex={-1}>{plan ? plan.citizen.name : 'Plan'}</h1>
          {plan ? (
            <p className="page-header-meta">
              {/* Whole to the coordinator and the units on the team (the server masks it for anyone else). */}
              {plan.citizen.cpr && !plan.citizen.cpr.includes('*') ? <span data-testid="citizen-cpr">CPR {plan.citizen.cpr} · </span> : null}
              Født <time dateTime={plan.citizen.birthDate}>{formatDate(plan.citizen.birthDate)}</time>
              {/* The reader's standing, not the citizen's: not on the printed plan. */}
              {accessLost ? null : <span className="no-print">{' · '}{plan.myStanding === 'COORDINATOR' ? 'Du er koordinerende sagsbehandler' : 'Din enhed er på planen'}</span>}
            </p>
          ) : null}
        </div>
        {plan ? (
          <p className="actions no-print">
            {/* The server shows the access log to the citizen's current coordinator only: not to the coordinator of an older, ended plan. */}
            {plan.mayReadAccessLog ? (
              <Link to={paths.accessLog(plan.id)} className="button button-secondary">
                Adgangslog
              </Link>
            ) : null}
            <Link to={paths.planPrint(plan.id)} className="button button-secondary">
              Udskriv borgerens plan
            </Link>
          </p>
        ) : null}
      </header>
      {plan ? <CitizenContact citizen={plan.citizen} name={plan.citizen.name} planId={plan.id} canEdit={open && !!plan.myStanding} /> : null}
      {/* Where the server allows it: the coordinator of the citizen's current forløb, after its end too (its login reads the ended forløb), never of an older one. */}
      {plan ? <CitizenSignIn citizen={plan.citizen} planId={plan.id} canChange={!accessLost && plan.mayChangeCitizenSignIn} /> : null}
      {plan ? <PresentNow /> : null}
      {programme && ended ? (
        <p className="notice notice-info" data-testid="plan-ended" ref={endedNotice} tabIndex={-1}>
          Forløbet er afsluttet (<time dateTime={programme.endDate}>{formatDate(programme.endDate)}</time>). Planen kan læses, men ikke længere ændres.
        </p>
      ) : null}
      {plan ? <OverwriteNotices /> : null}
      {!plan && loading ? <Loading label="Henter planen…" /> : null}
      {accessLost ? (
        <div className="notice notice-warning" role="alert" data-testid="plan-access-lost" ref={accessLostNotice} tabIndex={-1}>
          <p className="notice-title">Du har ikke længere adgang til planen</p>
          <p>Planen, som den så ud, står stadig her, så du kan kopiere det, du har skrevet. Den opdateres ikke, og intet kan gemmes i den.</p>
          <p className="actions">
            <HomeLink />
          </p>
        </div>
      ) : error ? (
        <ErrorNotice
          error={error}
          title={plan ? 'Planen kunne ikke opdateres' : 'Planen kunne ikke vises'}
          action={
            <p className="actions">
              <button type="button" className="button button-secondary" onClick={() => void refetch()}>
                Prøv igen
              </button>
              <HomeLink />
            </p>
          }
        />
      ) : null}
      {plan ? <PlanSectionLinks /> : null}
      {plan && programme ? (
        <div className="plan-layout">
          {/* First in the page on a narrow screen; beside the plan, above the rest of the side column, on a wide one. */}
          <div className="plan-feed">
            <LiveFeed />
          </div>
          <div className="plan-main">
            <WarningsSection programme={plan.programme} />
            <PlanGoal plan={plan} />
            <DescriptionCard planId={plan.id} canEdit={open && !!plan.myStanding} />
            {/* A citizen's request can be closed after the end too: it only closes something. */}
            <CitizenWordsCard planId={plan.id} isCoordinator={isCoordinator && !accessLost} />
            <SubGoalsSection
              planId={plan.id}
              subGoals={plan.subGoals}
              canCreate={open && plan.myStanding === 'COORDINATOR'}
              canRecord={open && !!plan.myStanding}
            />
            <InterventionsSection
              planId={plan.id}
              interventions={plan.interventions}
              team={getFragmentData(TeamFragment, plan).team}
              myUnit={myUnit}
              canCreate={canCreate}
              subGoals={subGoalChoices}
              isCoordinator={isCoordinator && !accessLost}
            />
            <ActivitiesSection
              activities={plan.activities}
              interventions={activityInterventions}
              rights={open ? activityRights(plan, myUnit?.id, canCreate) : NO_ACTIVITY_RIGHTS}
              mentorCanReceive={mentorCanReceive}
            />
            <MentorSection plan={plan} mentorSupport={mentorSupport} mayDecide={plan.mayDecide} programme={programme} onChanged={onChanged} />
          </div>
          <div className="plan-aside">
            <ProgrammeSummary programme={plan.programme} planPeriodEnd={plan.periodEnd} canEdit={isCoordinator} canEnd={decides} />
            <NextStepSection programme={plan.programme} role={nextStepRole} onChanged={onChanged} />
            <CoordinatorSection plan={plan} teamUnitIds={teamUnitIds} onChanged={onChanged} />
            <MeetingsSection planId={plan.id} programme={programme} mentorCanReceive={isCoordinator && mentorCanReceive} />
            <FollowUpsSection plan={plan} mentorCanReceive={isCoordinator && mentorCanReceive} onChanged={onChanged} />
            <TeamSection plan={plan} onChanged={onChanged} />
            <ConsentSection planId={plan.id} />
          </div>
        </div>
      ) : null}
      </PlanAccessLostContext.Provider>
      </PlanOpenContext.Provider>
      </PlanPresenceProvider>
    </PlanLiveProvider>
  );
}
