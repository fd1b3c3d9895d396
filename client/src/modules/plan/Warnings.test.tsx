import { screen, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';

const warning = (rule: string, message: string, subjectId: string | null = null, severity = 'WARNING') => ({
  __typename: 'Warning',
  rule,
  severity,
  message,
  dueDate: '2027-01-15',
  source: 'STAR’s vejledning om ressourceforløb 2020',
  subjectId,
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
});
