import { useQuery } from '@apollo/client/react';
import { localDate, todayInDenmark } from '@samplan/schema';
import { useEffect } from 'react';
import { asSentence, formatDate, formatDateTime, formatTime } from '../../core/format';
import { AREA_LABELS, AREAS, INTERVENTION_STATUS_LABELS, label, PROGRAMME_TYPE_LABELS } from '../../core/labels';
import { Link, paths } from '../../core/router';
import { ErrorNotice, Loading } from '../../core/ui';
import { graphql } from '../../gql';
import { isActiveGrant } from './mentorGrants';

export const PrintPlanQuery = graphql(`
  query PrintPlan($id: ID!) {
    plan(id: $id) {
      id
      employmentGoal
      periodStart
      periodEnd
      nextFollowUpAt
      coordinatorLeft
      withheldInterventionIds
      meetings(period: UPCOMING) {
        id
        status
        startsAt
        endsAt
        mode
        place
        videoLink
      }
      citizen {
        id
        name
      }
      programme {
        id
        type
        status
        startDate
        endDate
        stoppedBeforeStart
        registeredInErrorAt
      }
      descriptionSections {
        id
        kind
        title
        text
        authorKind
        updatedBy {
          id
          name
        }
      }
      subGoals {
        id
        area
        text
        status
      }
      interventions {
        id
        title
        shortTermGoal
        status
        startDate
        endDate
        unit {
          id
          name
        }
      }
      activities {
        id
        title
        dueAt
        status
        place
        interventionId
      }
      coordinator {
        id
        contactEmail
        contactPhone
        user {
          id
          name
        }
        unit {
          id
          name
        }
      }
      mentorGrants {
        id
        startDate
        endDate
        endedEarly
        mentorLeft
        mentor {
          id
          name
        }
      }
    }
  }
`);

/**
 * In plain words for the citizen: what is happening now, what is planned, what is over. Each is
 * followed by the period, as "I gang fra 5. januar 2026 til 1. april 2026.", so each reads on its
 * own and with "fra … til …" after it.
 */
const STATUS_PLAIN: Record<string, string> = {
  PLANNED: 'Planlagt',
  ACTIVE: 'I gang',
  PAUSED: 'Holder pause',
  COMPLETED: 'Afsluttet',
  CANCELLED: 'Aflyst',
};

/** How many booked samtaler the printed plan lists. */
const MEETINGS_SHOWN = 3;

/** Where a samtale is, in words for the citizen. */
function wherePlain(m: { mode: string; place?: string | null; videoLink?: string | null }): string {
  if (m.mode === 'IN_PERSON') return m.place ? `Mød op: ${m.place}` : 'Mød op';
  if (m.mode === 'PHONE') return 'Over telefon – vi ringer til dig';
  return m.videoLink ? `Over video: ${m.videoLink}` : 'Over video – du får linket senere';
}

/**
 * An intervention that is over: completed. One past its end date that its unit has not
 * completed still runs, as the plan and the citizen's own page show it; the print says when it
 * was to end and to ask (the unit decides whether it goes on).
 */
const isEnded = (iv: { status: string }) => iv.status === 'COMPLETED';
const overdue = (iv: { status: string; endDate?: string | null }, today: string) => !isEnded(iv) && !!iv.endDate && iv.endDate < today;

/** The sections the citizen writes in their own words, in the order the plan shows them. */
const OWN_WORDS_KINDS: readonly string[] = ['CITIZEN_WISHES', 'HELP_WANTED'];

/**
 * What became of an intervention, said after the forløb has ended: its unit may never have
 * closed it (ending the forløb closes no intervention), so one still running is described as
 * running until the forløb ended, not as help the citizen gets now.
 */
function endedPlain(iv: { status: string; startDate?: string | null; endDate?: string | null }, programmeEnd: string, today: string): string {
  if (iv.status === 'COMPLETED') return `Afsluttet${iv.endDate && iv.endDate <= today ? ` ${formatDate(iv.endDate)}` : ''}`;
  if (iv.status === 'PLANNED') return 'Den nåede ikke at begynde';
  const from = iv.startDate ? `Fra ${formatDate(iv.startDate)}` : 'Den var i gang';
  return iv.endDate && iv.endDate <= programmeEnd ? `${from} til ${formatDate(iv.endDate)}` : `${from}, indtil forløbet sluttede`;
}

/** The grant to name: the one running today, else the next to begin (as the citizen's own page shows those ahead too). */
function mentorToName<G extends { startDate: string; endDate: string; endedEarly: boolean }>(grants: readonly G[], today: string): G | undefined {
  const current = grants.filter((g) => isActiveGrant(g, today)).pop();
  if (current) return current;
  return [...grants].filter((g) => !g.endedEarly && g.startDate > today).sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
}

/**
 * "Min plan": the plan for the citizen to take home, in plain language, one printed page
 * (print CSS in styles.css). Internal notes are never shown here.
 */
export function PrintPlanPage({ id }: { id: string }) {
  const { data, loading, error } = useQuery(PrintPlanQuery, { variables: { id } });
  const plan = data?.plan;

  useEffect(() => {
    document.title = plan ? `Min plan – ${plan.citizen.name}` : 'Min plan – Samplan';
  }, [plan]);

  // The citizen's day, as the server counts it (not UTC, which is yesterday before 1 or 2 a.m.).
  const today = todayInDenmark();
  // An ended forløb's plan is a record: it says so, in the past, and promises nothing ahead.
  const programme = plan?.programme;
  const programmeEnded = programme?.status === 'ENDED';
  // One stopped before its first day never ran; one ended on its first day ran that day.
  const neverRan = !!programme && programmeEnded && programme.stoppedBeforeStart;
  // One registered by mistake never ran either, whenever it ended (programme-correction.service.ts).
  const mistaken = !!programme?.registeredInErrorAt;
  const running = (plan?.interventions ?? []).filter((iv) => iv.status !== 'CANCELLED');
  const interventions = running.filter((iv) => !isEnded(iv));
  // An ended forløb's print lists all its help in one, in the past ("Den hjælp, jeg fik").
  const ended = programmeEnded ? [] : running.filter((iv) => isEnded(iv));
  // Details another unit keeps without the citizen's consent or a legal basis: the print says they are left out.
  const withheld = new Set(plan?.withheldInterventionIds ?? []);
  const meetings = (plan?.meetings ?? []).filter((m) => m.status === 'BOOKED').slice(0, MEETINGS_SHOWN);
  // The steps of an intervention cancelled or completed are no longer going to happen.
  const over = new Set((plan?.interventions ?? []).filter((iv) => iv.status === 'CANCELLED' || iv.status === 'COMPLETED').map((iv) => iv.id));
  // From the start of the citizen's day: a step earlier today is still today's; yesterday's is not "soon".
  // Ending a forløb closes none of its steps: after the end, none is "soon".
  const nextSteps = (plan?.activities ?? [])
    .filter((a) => !programmeEnded && a.status === 'PLANNED' && localDate(new Date(a.dueAt)) >= today && !(a.interventionId && over.has(a.interventionId)))
    .slice(0, 5);
  const unitOf = new Map((plan?.interventions ?? []).map((iv) => [iv.id, iv.unit.name]));
  const ownWords = (plan?.descriptionSections ?? [])
    .filter((s) => OWN_WORDS_KINDS.includes(s.kind))
    .sort((a, b) => OWN_WORDS_KINDS.indexOf(a.kind) - OWN_WORDS_KINDS.indexOf(b.kind));
  const mentor = mentorToName(plan?.mentorGrants ?? [], today);
  const coordinator = plan && !plan.coordinatorLeft ? plan.coordinator : null;
  const goals = [...(plan?.subGoals ?? [])]
    .filter((g) => g.status !== 'DROPPED')
    .sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));

  return (
    <div className="print-plan">
      <p className="actions no-print">
        <button type="button" className="button" onClick={() => window.print()} disabled={!plan}>
          Udskriv
        </button>
        <Link to={paths.plan(id)}>Tilbage til planen</Link>
      </p>
      <h1 tabIndex={-1}>{plan ? `Min plan – ${plan.citizen.name}` : 'Min plan'}</h1>
      {!plan && loading ? <Loading label="Henter planen…" /> : null}
      {error ? <ErrorNotice error={error} title="Planen kunne ikke vises" /> : null}
      {plan && programme ? (
        <>
          {programmeEnded ? (
            <p className="print-intro" data-testid="print-ended">
              <strong>
                {mistaken
                  ? 'Forløbet er registreret ved en fejl og har ikke kørt.'
                  : neverRan ? 'Dit forløb blev stoppet, før det begyndte.' : `Dit forløb er afsluttet. Det sluttede ${formatDate(programme.endDate)}.`}
              </strong>{' '}
              Planen gælder ikke længere. Her kan du se, hvad der stod i den.
            </p>
          ) : (
            <p className="print-intro">
              Det her er din plan. Den er lavet sammen med dig, og alle, der hjælper dig, arbejder efter den. Planen gælder fra{' '}
              {formatDate(plan.periodStart)} til {formatDate(plan.periodEnd)}.
            </p>
          )}
          <p>
            <strong>Dit forløb:</strong> {label(PROGRAMME_TYPE_LABELS, programme.type)}
            {mistaken ? ', registreret ved en fejl.' : neverRan ? ', stoppet før det begyndte.' : ` fra ${formatDate(programme.startDate)} til ${formatDate(programme.endDate)}${programmeEnded ? ' (afsluttet)' : ''}.`}
          </p>

          <section aria-labelledby="p-goal">
            <h2 id="p-goal">Mit mål</h2>
            <p className="print-goal">{plan.employmentGoal}</p>
          </section>

          {ownWords.map((s) => (
            <section key={s.id} aria-labelledby={`p-own-${s.kind}`} data-testid="print-own-words">
              <h2 id={`p-own-${s.kind}`}>{s.title}</h2>
              {/* Staff may have written it before the citizen did: the print does not pass their text off as the citizen's own. */}
              {s.text.trim() && s.authorKind !== 'CITIZEN' ? <p>Skrevet af en medarbejder{s.updatedBy ? ` (${s.updatedBy.name})` : ''}:</p> : null}
              <p className="pre-line">{s.text.trim() || (programmeEnded ? 'Ikke udfyldt.' : 'Ikke udfyldt endnu.')}</p>
            </section>
          ))}

          <section aria-labelledby="p-steps">
            <h2 id="p-steps">{programmeEnded ? 'Det arbejdede jeg hen imod' : 'Det arbejder jeg hen imod'}</h2>
            {goals.length ? (
              <ul>
                {goals.map((g) => (
                  <li key={g.id}>
                    <strong>{AREA_LABELS[g.area]}:</strong> {g.text}
                    {g.status === 'ACHIEVED' ? ' (nået)' : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{programmeEnded ? 'Der blev ikke aftalt delmål.' : 'Vi aftaler delmålene sammen.'}</p>
            )}
          </section>

          {programmeEnded ? (
            <section aria-labelledby="p-help">
              <h2 id="p-help">Den hjælp, jeg fik</h2>
              {running.length ? (
                <ul>
                  {running.map((iv) => (
                    <li key={iv.id}>
                      <strong>{iv.title}</strong> – {iv.unit.name}. {endedPlain(iv, programme.endDate, today)}.
                      {iv.shortTermGoal ? ` Målet var: ${asSentence(iv.shortTermGoal)}` : null}
                      {withheld.has(iv.id) ? ` Detaljerne står ikke her, fordi de kun deles med dit samtykke – spørg ${iv.unit.name}.` : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Der blev ikke aftalt nogen indsatser.</p>
              )}
            </section>
          ) : (
            <section aria-labelledby="p-help">
              <h2 id="p-help">Det får jeg hjælp til</h2>
              {interventions.length ? (
                <ul>
                  {interventions.map((iv) => (
                    <li key={iv.id}>
                      <strong>{iv.title}</strong> – {iv.unit.name}. {STATUS_PLAIN[iv.status] ?? label(INTERVENTION_STATUS_LABELS, iv.status)}
                      {iv.startDate ? ` fra ${formatDate(iv.startDate)}` : ''}
                      {iv.endDate && !overdue(iv, today) ? ` til ${formatDate(iv.endDate)}` : ''}.
                      {iv.endDate && overdue(iv, today) ? ` Den skulle slutte ${formatDate(iv.endDate)} – spørg, om den fortsætter.` : null}
                      {iv.shortTermGoal ? ` Målet er: ${asSentence(iv.shortTermGoal)}` : null}
                      {withheld.has(iv.id) ? ` Detaljerne står ikke her, fordi de kun deles med dit samtykke – spørg ${iv.unit.name}.` : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{ended.length ? 'Der er ikke aftalt nye indsatser endnu.' : 'Der er ikke aftalt nogen indsatser endnu.'}</p>
              )}
            </section>
          )}

          {ended.length ? (
            <section aria-labelledby="p-ended">
              <h2 id="p-ended">Det er afsluttet</h2>
              <ul>
                {ended.map((iv) => (
                  <li key={iv.id}>
                    <strong>{iv.title}</strong> – {iv.unit.name}. Afsluttet{iv.endDate && iv.endDate <= today ? ` ${formatDate(iv.endDate)}` : ''}.
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {nextSteps.length ? (
            <section aria-labelledby="p-next">
              <h2 id="p-next">Det sker snart</h2>
              <ul>
                {nextSteps.map((a) => (
                  <li key={a.id}>
                    {/* A step of an intervention whose details are withheld has no title to print ("Aktivitet"): who has it is what the citizen can act on. */}
                    {formatDateTime(a.dueAt)}:{' '}
                    {a.interventionId && withheld.has(a.interventionId)
                      ? `Du har en aftale med ${unitOf.get(a.interventionId) ?? 'en anden enhed'} – spørg dem, hvad den handler om.`
                      : a.title}
                    {/* Where to go; withheld with the title (the server answers no place then). */}
                    {a.place ? ` (Sted: ${a.place})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {/* The samtaler booked past the end are called off with it: an ended forløb has no next one. */}
          {programmeEnded ? null : (
            <section aria-labelledby="p-meeting">
              <h2 id="p-meeting">{meetings.length > 1 ? 'Mine næste samtaler' : 'Min næste samtale'}</h2>
              {meetings.length ? (
                <ul>
                  {meetings.map((m) => (
                    <li key={m.id}>
                      <strong>
                        {formatDateTime(m.startsAt)}–{formatTime(m.endsAt).replace(/^kl\. /, '')}
                      </strong>
                      . {asSentence(wherePlain(m))}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{plan.nextFollowUpAt && plan.nextFollowUpAt > new Date().toISOString() ? `Vi ses ${formatDateTime(plan.nextFollowUpAt)}.` : 'Vi aftaler snart en ny samtale.'}</p>
              )}
            </section>
          )}

          <section aria-labelledby="p-contact">
            <h2 id="p-contact">Hvem kan jeg kontakte?</h2>
            {/* A coordinator who has left is no one to call. */}
            <p>
              {coordinator
                ? `${coordinator.user.name}${coordinator.unit ? `, ${coordinator.unit.name}` : ''}. ${
                    programmeEnded ? 'Det var din koordinerende sagsbehandler i forløbet, og du kan stadig spørge om planen.' : 'Det er din koordinerende sagsbehandler, som holder styr på hele din plan.'
                  }`
                : 'Kontakt kommunen, så får du at vide, hvem der er din koordinerende sagsbehandler.'}
            </p>
            {coordinator?.contactPhone ? (
              <p>
                Ring til {coordinator.user.name.split(' ')[0]} på <a href={`tel:${coordinator.contactPhone.replace(/ /g, '')}`}>{coordinator.contactPhone}</a>.
              </p>
            ) : null}
            {coordinator?.contactEmail ? (
              <p>
                Skriv til {coordinator.user.name.split(' ')[0]} på <a href={`mailto:${coordinator.contactEmail}`}>{coordinator.contactEmail}</a>.
              </p>
            ) : null}
            {/* The end of the forløb ends its mentor support too. */}
            {mentor && !programmeEnded ? (
              <p>
                {/* A mentor who has left is named to no one. */}
                {mentor.startDate > today
                  ? `${mentor.mentorLeft || !mentor.mentor ? 'Du får mentorstøtte' : `Du får ${mentor.mentor.name} som mentor`} fra ${formatDate(mentor.startDate)} til ${formatDate(mentor.endDate)}.`
                  : `${mentor.mentorLeft || !mentor.mentor ? 'Du har mentorstøtte' : `Din mentor er ${mentor.mentor.name}`} indtil ${formatDate(mentor.endDate)}.`}
              </p>
            ) : null}
          </section>
          <p className="print-footer">
            Udskrevet {formatDate(today)}. {programmeEnded ? 'Forløbet er afsluttet, så planen ændres ikke længere.' : 'Planen kan ændre sig – spørg, hvis noget er uklart.'}
          </p>
        </>
      ) : null}
    </div>
  );
}
