import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { failureTitle, problemsFromServer, toldAtFields, without } from './formErrors';

describe('the server’s refusal by its field', () => {
  const refusal = (extensions: Record<string, unknown>) =>
    new CombinedGraphQLErrors({ errors: [{ message: 'Slutdatoen skal ligge efter startdatoen.', extensions }] });

  it('puts a BAD_USER_INPUT by the field it names, through the form’s own name for it', () => {
    expect(problemsFromServer(refusal({ code: 'BAD_USER_INPUT', field: 'endDate' }), ['endDate'])).toEqual({ endDate: 'Slutdatoen skal ligge efter startdatoen.' });
    expect(problemsFromServer(refusal({ code: 'BAD_USER_INPUT', field: 'periodEnd' }), ['end'], { aliases: { periodEnd: 'end' } })).toEqual({
      end: 'Slutdatoen skal ligge efter startdatoen.',
    });
    expect(problemsFromServer(refusal({ code: 'BAD_USER_INPUT', field: 'other' }), ['endDate'])).toEqual({});
  });

  it('puts every field the server refused by its field at once, and tells whether all of it found a field', () => {
    const several = new CombinedGraphQLErrors({
      errors: [{
        message: 'Titlen må højst være 200 tegn.',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'title',
          problems: [
            { field: 'title', message: 'Titlen må højst være 200 tegn.' },
            { field: 'legalBasis', message: 'Lovgrundlaget er for langt.' },
            { field: 'subGoalIds', message: 'Ukendt delmål.' },
          ],
        },
      }],
    });
    expect(problemsFromServer(several, ['title', 'legalBasis', 'subGoalIds'])).toEqual({
      title: 'Titlen må højst være 200 tegn.',
      legalBasis: 'Lovgrundlaget er for langt.',
      subGoalIds: 'Ukendt delmål.',
    });
    expect(toldAtFields(several, ['title', 'legalBasis', 'subGoalIds'])).toBe(true);
    // A form without the delmål: those are said in the box, the others at their fields.
    expect(problemsFromServer(several, ['title', 'legalBasis'])).toEqual({ title: 'Titlen må højst være 200 tegn.', legalBasis: 'Lovgrundlaget er for langt.' });
    expect(toldAtFields(several, ['title', 'legalBasis'])).toBe(false);
    expect(toldAtFields(refusal({ code: 'FORBIDDEN' }), ['title'])).toBe(false);
  });

  it('puts a RULE_VIOLATION by the field its rule is about, and nothing else by a field', () => {
    const rule = refusal({ code: 'RULE_VIOLATION', rule: 'PLAN_PERIOD_TOO_SHORT' });
    expect(problemsFromServer(rule, ['periodEnd'], { ruleFields: { PLAN_PERIOD_TOO_SHORT: 'periodEnd' } })).toEqual({ periodEnd: 'Slutdatoen skal ligge efter startdatoen.' });
    expect(problemsFromServer(rule, ['periodEnd'])).toEqual({});
    expect(problemsFromServer(refusal({ code: 'FORBIDDEN' }), ['periodEnd'])).toEqual({});
  });

  it('titles the failure "fix the field" when a message sits by one, and clears a field’s problem', () => {
    expect(failureTitle({ endDate: 'x' }, 'Ændringen blev ikke gemt')).toBe('Ret feltet, og prøv igen');
    expect(failureTitle({}, 'Ændringen blev ikke gemt')).toBe('Ændringen blev ikke gemt');
    const problems = { endDate: 'x', title: 'y' };
    expect(without(problems, 'endDate')).toEqual({ title: 'y' });
    expect(without(problems, 'status')).toBe(problems);
  });
});
