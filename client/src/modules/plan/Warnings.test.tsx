import { screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, renderPlanPage } from '../../test-support/plan-page';
import { ConsentRegisterQuery } from '../consent/ConsentSection';

const warning = (rule: string, message: string, subjectId: string | null = null, severity = 'WARNING', forReader = true) => ({
  __typename: 'Warning',
  rule,
  severity,
  message,
  dueDate: '2027-01-15',
  source: 'STAR’s vejledning om ressourceforløb 2020',
  subjectId,
  forReader,
});

describe('Advarsler lead to where they are acted on', () => {
  it('each warning links to the section with its form, or to the intervention it is about', () => {
    const plan = perPlan();
    const warnings = [
      warning('NEXT_MEETING', 'Den aftalte samtale er ikke registreret.'),
      warning('PLAN_PERIOD', 'Planperioden udløber snart.'),
      warning('INTERNSHIP_PURPOSE', 'Praktikken mangler et formål.', 'iv-praktik'),
      warning('INTERVENTION_GUARANTEE', 'Ingen indsats er begyndt.'),
      warning('INTERVENTION_GUARANTEE', 'Fristen er overskredet.', null, 'OVERDUE'),
      warning('MENTOR_GRANT_ENDING', 'Mentorstøtten udløber.'),
      warning('PROGRAMME_LENGTH', 'Forløbet er for langt.'),
    ];
    renderPlanPage({ viewer: 'anna', plan: perPlan({ programme: { ...plan.programme, warnings, warningLevel: 'WARNING' } }) });
    const links = within(screen.getByTestId('warnings')).getAllByRole('link');
    const targets = links.map((a) => [a.textContent, document.querySelector(a.getAttribute('href')!)?.textContent]);
    expect(targets).toEqual([
      ['Til samtalerne', 'Samtaler'],
      ['Til planperioden', 'Beskæftigelsesmål'],
      ['Til indsatsen', plan.interventions.find((i) => i.id === 'iv-praktik')!.title],
      ['Til indsatserne', 'Indsatser'],
      ['Til opfølgningen på indsatsgarantien', 'Forløb'],
      ['Til mentorstøtten', 'Mentorstøtte'],
      ['Til forløbet', 'Forløb'],
    ]);
  });

  it('says "Handl nu" only to those the warning tells what to do; the rest of the team read that it needs acting on', () => {
    // Carla (health) on Per's team: the mentor grant and the plan period are the jobcenter's; the health intervention is hers.
    const plan = perPlan({ myStanding: 'TEAM' });
    const warnings = [
      warning('PLAN_PERIOD', 'Planperioden sluttede 1. januar 2027. Den koordinerende sagsbehandler fastlægger indsatsen for en ny periode og forlænger planperioden.', null, 'OVERDUE', false),
      warning('INTERVENTION_PAST_END', 'Indsatsen "Træning" står stadig som aktiv, men sluttede 15. januar 2027. Afslut den, eller ret slutdatoen.', 'iv-praktik'),
      warning('MENTOR_GRANT_ENDING', 'Mentorstøtten udløber 15. januar 2027. Jobcenteret vurderer, om der skal bevilges en ny periode (op til 6 måneder) med opdaterede mål.', null, 'WARNING', false),
    ];
    renderPlanPage({ viewer: 'carla', plan: perPlan({ myStanding: 'TEAM', programme: { ...plan.programme, warnings, warningLevel: 'OVERDUE' } }) });
    const words = within(screen.getByTestId('warnings')).getAllByRole('listitem').map((li) => li.querySelector('.status')!.textContent);
    // In the server's order, most serious first; only the word for the reader differs.
    expect(words).toEqual(['Overskredet', 'Handl nu', 'Kræver handling']);
  });

  describe('a helhedsorienteret forløb without the citizen\'s consent to the joint plan', () => {
    const CONSENT_WARNING = 'Borgerens samtykke til den fælles plan er ikke registreret. Et helhedsorienteret forløb kræver samtykket – registrér det under "Samtykke og hjemmel".';
    // The register as the server answers it for such a forløb.
    const register = {
      request: { query: ConsentRegisterQuery, variables: { planId: PLAN_ID } },
      result: { data: { plan: { __typename: 'Plan', id: PLAN_ID, myStanding: 'COORDINATOR', consentWarning: CONSENT_WARNING, withheldInterventionIds: [], consents: [] } } },
      maxUsageCount: Number.POSITIVE_INFINITY,
    };
    const own = (programme: Record<string, unknown>) => {
      const plan = perPlan();
      return perPlan({ programme: { ...plan.programme, type: 'HELHEDSORIENTERET', lawVersion: 'REFORM_2026', ...programme } });
    };

    it('is among the warnings at the top, with a link to the consent section, and counts', async () => {
      renderPlanPage({ viewer: 'anna', plan: own({}), sectionMocks: [register] });
      expect((await screen.findByRole('heading', { name: 'Advarsler (1)' })).closest('section')).toBe(screen.getByTestId('warnings'));
      const item = within(screen.getByTestId('warnings')).getByRole('listitem');
      expect(item.textContent).toBe(`Handl nu ${CONSENT_WARNING} Til samtykket`);
      const link = within(item).getByRole('link', { name: 'Til samtykket' });
      expect(document.querySelector(link.getAttribute('href')!)?.textContent).toBe('Samtykke og hjemmel');
    });

    it('comes after the warnings to act on and before those for information', async () => {
      const warnings = [
        warning('PROGRAMME_LENGTH', 'Forløbet er for langt.', null, 'OVERDUE'),
        warning('NEXT_MEETING', 'Den aftalte samtale er ikke registreret.'),
        warning('PLAN_PERIOD', 'Planperioden udløber snart.', null, 'INFO'),
      ];
      renderPlanPage({ viewer: 'anna', plan: own({ warnings, warningLevel: 'OVERDUE' }), sectionMocks: [register] });
      await screen.findByRole('heading', { name: 'Advarsler (4)' });
      expect(within(screen.getByTestId('warnings')).getAllByRole('link').map((a) => a.textContent)).toEqual(['Til forløbet', 'Til samtalerne', 'Til samtykket', 'Til planperioden']);
    });

    it('in "Samtykke og hjemmel" is a plain notice, not announced as an alert each time the page opens', async () => {
      renderPlanPage({ viewer: 'anna', plan: own({}), sectionMocks: [register] });
      const notice = await screen.findByTestId('consent-warning');
      expect(notice.textContent).toBe(CONSENT_WARNING);
      expect(notice.closest('[role="alert"], [role="status"], [aria-live]')).toBeNull();
      expect(screen.queryAllByRole('alert').filter((a) => a.textContent?.includes('fælles plan'))).toEqual([]);
    });

    it('is not listed once the forløb has ended', async () => {
      renderPlanPage({ viewer: 'anna', plan: own({ status: 'ENDED', endDate: '2026-06-20' }), sectionMocks: [register] });
      await screen.findByTestId('consent-warning');
      expect(screen.queryByTestId('warnings')).toBeNull();
    });
  });
});
