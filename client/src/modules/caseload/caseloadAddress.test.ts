import { ADDRESS_WORDS, choicesFromSearch, DEFAULT_CHOICES, PARAMS, searchOfChoices, type Choices } from './caseloadAddress';

type Listed = keyof typeof ADDRESS_WORDS;
const LISTED = Object.keys(ADDRESS_WORDS) as Listed[];
const valuesOf = (key: Listed) => Object.keys(ADDRESS_WORDS[key]) as Array<Choices[Listed]>;
const wordOf = (key: Listed, value: string) => (ADDRESS_WORDS[key] as Readonly<Record<string, string>>)[value];

describe('the address of Mine sager', () => {
  it('has a Danish word for every value: lower case ASCII (æ ø å as ae oe aa), one word for one value', () => {
    for (const key of LISTED) {
      const words = Object.values(ADDRESS_WORDS[key]);
      for (const word of words) expect(word).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('writes each choice as its word, and reads it back', () => {
    for (const key of LISTED) {
      for (const value of valuesOf(key)) {
        const choices = { ...DEFAULT_CHOICES, [key]: value };
        const search = searchOfChoices(choices);
        if (value === DEFAULT_CHOICES[key]) expect(search).toBe('');
        else expect(search).toBe(`?${PARAMS[key]}=${wordOf(key, value)}`);
        expect(choicesFromSearch(search)).toEqual(choices);
      }
    }
  });

  it('writes the words a caseworker reads, and nothing for the defaults', () => {
    expect(searchOfChoices(DEFAULT_CHOICES)).toBe('');
    expect(searchOfChoices({ search: 'Hansen', status: '', unit: 'HEALTH', programmeType: 'RESSOURCEFORLOEB', warningLevel: 'OVERDUE', sort: 'WARNING_LEVEL' })).toBe(
      '?soeg=Hansen&status=alle&forvaltning=sundhed&forloebstype=ressourceforloeb&advarsler=overskredne&sortering=advarsler-foerst',
    );
    expect(searchOfChoices({ ...DEFAULT_CHOICES, status: 'ENDED', unit: 'EMPLOYMENT', warningLevel: 'WARNING', sort: 'LAST_CHANGE' })).toBe(
      '?status=afsluttede&forvaltning=beskaeftigelse&advarsler=handl-nu&sortering=senest-aendret',
    );
    expect(searchOfChoices({ ...DEFAULT_CHOICES, programmeType: 'JOBAFKLARINGSFORLOEB', warningLevel: 'INFO', sort: 'NEXT_MEETING' })).toBe(
      '?forloebstype=jobafklaringsforloeb&advarsler=med-advarsler&sortering=naeste-samtale',
    );
  });

  it('reads an old link with the schema\'s English values as before, and writes it anew with the words', () => {
    const old = '?soeg=Hansen&status=ENDED&forvaltning=SOCIAL&forloebstype=HELHEDSORIENTERET&advarsler=WARNING&sortering=NEXT_MEETING';
    const choices = choicesFromSearch(old);
    expect(choices).toEqual({ search: 'Hansen', status: 'ENDED', unit: 'SOCIAL', programmeType: 'HELHEDSORIENTERET', warningLevel: 'WARNING', sort: 'NEXT_MEETING' });
    expect(searchOfChoices(choices, old)).toBe('?soeg=Hansen&status=afsluttede&forvaltning=social&forloebstype=helhedsorienteret&advarsler=handl-nu&sortering=naeste-samtale');
    // The old "?status=ACTIVE" is the default, and leaves the address.
    expect(choicesFromSearch('?status=ACTIVE')).toEqual(DEFAULT_CHOICES);
    expect(searchOfChoices(choicesFromSearch('?status=ACTIVE'), '?status=ACTIVE')).toBe('');
  });

  it('reads anything unknown as the default', () => {
    for (const unknown of ['', 'x', 'Sundhed', 'ALLE', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'sundhed ', 'social,sundhed']) {
      const search = new URLSearchParams({ status: unknown, forvaltning: unknown, forloebstype: unknown, advarsler: unknown, sortering: unknown }).toString();
      expect(choicesFromSearch(`?${search}`)).toEqual(DEFAULT_CHOICES);
    }
    // A word of one choice is no value of another.
    expect(choicesFromSearch('?forvaltning=navn&sortering=sundhed&status=social&advarsler=alle')).toEqual(DEFAULT_CHOICES);
  });

  it('never writes a search with a digit (a CPR number, or the start of one), and keeps the address\'s other parameters', () => {
    expect(searchOfChoices({ ...DEFAULT_CHOICES, search: '010190', sort: 'NAME', unit: 'HEALTH' })).toBe('?forvaltning=sundhed');
    expect(searchOfChoices({ ...DEFAULT_CHOICES, search: 'Per 1' }, '?soeg=Per')).toBe('');
    expect(searchOfChoices({ ...DEFAULT_CHOICES, search: 'Per Hansen' }, '?fra=plan')).toBe('?fra=plan&soeg=Per+Hansen');
  });
});
