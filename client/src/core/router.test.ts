import { matchRoute, paths } from './router';

describe('router', () => {
  it('matches the routes', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute(paths.caseload())).toEqual({ name: 'caseload' });
    expect(matchRoute('/plan/3f1c0a4e-1')).toEqual({ name: 'plan', id: '3f1c0a4e-1' });
    expect(matchRoute('/plan/abc/')).toEqual({ name: 'plan', id: 'abc' });
    expect(matchRoute('/plan')).toEqual({ name: 'notFound', path: '/plan' });
    expect(matchRoute('/nope')).toEqual({ name: 'notFound', path: '/nope' });
  });

  it('builds paths that match back', () => {
    expect(matchRoute(paths.plan('a b/c'))).toEqual({ name: 'plan', id: 'a b/c' });
  });
});

describe('router: the client’s screens', () => {
  it('matches Min plan, mentor and open-plan', () => {
    expect(matchRoute('/plan/p1/min-plan')).toEqual({ name: 'planPrint', id: 'p1' });
    expect(matchRoute(paths.planPrint('a b'))).toEqual({ name: 'planPrint', id: 'a b' });
    expect(matchRoute('/mentor')).toEqual({ name: 'mentor' });
    expect(matchRoute('/aabn-plan/')).toEqual({ name: 'openPlan' });
    expect(matchRoute('/plan/p1/andet')).toEqual({ name: 'notFound', path: '/plan/p1/andet' });
  });
});

describe('router: Adgangslog, Nøgletal and Konti til gennemsyn', () => {
  it('matches the plan’s access log and the leader pages', () => {
    expect(matchRoute('/plan/p1/adgangslog')).toEqual({ name: 'accessLog', id: 'p1' });
    expect(matchRoute(paths.accessLog('a b'))).toEqual({ name: 'accessLog', id: 'a b' });
    expect(matchRoute(paths.keyFigures())).toEqual({ name: 'keyFigures' });
    expect(matchRoute('/konti-til-gennemsyn/')).toEqual({ name: 'accountFlags' });
  });
});

describe('router: Nyt forløb', () => {
  it('matches the page for a new programme', () => {
    expect(matchRoute('/nyt-forloeb')).toEqual({ name: 'newProgramme' });
    expect(matchRoute(paths.newProgramme())).toEqual({ name: 'newProgramme' });
  });
});
