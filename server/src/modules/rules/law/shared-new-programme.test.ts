import { LAW_VERSION_FIRST_DAYS, PLAN_PERIOD_MIN_MONTHS, PROGRAMME_LENGTHS, programmeTypeRefusal, type LawVersionName } from '@samplan/schema';
import { ProgrammeType } from '../../plan/plan.enums';
import { typeLaw } from './law-version';

/**
 * "Nyt forløb" judges a new forløb before anything is sent by the shared tables and words of
 * @samplan/schema (new-programme.ts), so that a citizen is not registered for a forløb the server
 * then refuses. The server's law versions must say exactly the same of every type.
 */
describe('the shared rules of a new forløb are the server’s', () => {
  const versions = Object.keys(LAW_VERSION_FIRST_DAYS) as LawVersionName[];
  const types = Object.values(ProgrammeType);

  it.each(versions.flatMap((version) => types.map((type) => [version, type] as const)))('%s, %s: the same refusal, length and plan period', (version, type) => {
    const law = typeLaw(version, type);
    const shared = programmeTypeRefusal(type, LAW_VERSION_FIRST_DAYS[version]);
    expect(shared ? { rule: shared.rule, message: shared.message } : null).toEqual(law.refusal ? { rule: law.refusal.rule, message: law.refusal.message } : null);
    const length = PROGRAMME_LENGTHS[version][type];
    expect(law.length ? { minMonths: law.length.minMonths, maxMonths: law.length.maxMonths, what: law.length.what } : null).toEqual(law.refusal ? null : length);
    expect(law.minPlanMonths).toBe(PLAN_PERIOD_MIN_MONTHS[version][type]);
  });
});
