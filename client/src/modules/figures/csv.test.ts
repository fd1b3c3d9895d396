import { toCsv } from './csv';

/**
 * CSV injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins with
 * =, +, -, @, a tab or a carriage return as a formula. Every export goes through toCsv,
 * which prefixes such a cell with a single quote so it is shown as text.
 */
const lines = (csv: string) => csv.replace('\uFEFF', '').split('\r\n').filter(Boolean);

describe('toCsv neutralises formula cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","Klik")', `"'=HYPERLINK(""http://evil.example"",""Klik"")"`],
    ['+45 20 11 22 33', "'+45 20 11 22 33"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('%j', (value, cell) => {
    expect(lines(toCsv(['Navn'], [[value]]))).toEqual(['Navn', cell]);
  });

  it('in the header too, and leaves ordinary cells alone', () => {
    expect(lines(toCsv(['=Kolonne', 'Nøgletal'], [['Anna Holm', '12'], ['<5', '33 %'], ['a=b', 'x-y']]))).toEqual([
      "'=Kolonne;Nøgletal",
      'Anna Holm;12',
      '<5;33 %',
      'a=b;x-y',
    ]);
  });
});
