import { defineAccessPolicy, InvalidAccessPolicy, renderAccessPolicy, type RoutePolicy } from './access-policy.js';

function problemsOf(policy: Record<string, RoutePolicy>): string[] {
  try {
    defineAccessPolicy(policy);
  } catch (error) {
    if (error instanceof InvalidAccessPolicy) return error.problems;
    throw error;
  }
  return [];
}

describe('defineAccessPolicy', () => {
  it('accepts a consistent table and returns it unchanged', () => {
    const policy = {
      'GET /health': { roles: [], scope: 'public', audited: false },
      'GET /v1/participants/:id': {
        roles: ['officer', 'case_manager'],
        scope: 'jurisdiction',
        audited: true,
        views: { officer: 'participation-status', case_manager: 'full' },
      },
    } satisfies Record<string, RoutePolicy>;
    expect(defineAccessPolicy(policy)).toBe(policy);
  });

  it('names every inconsistency at once', () => {
    const problems = problemsOf({
      'FETCH /v1/x': { roles: ['officer'], scope: 'jurisdiction', audited: false },
      'GET /v1/a': { roles: ['sheriff' as never, 'officer', 'officer'], scope: 'jurisdiction', audited: false },
      'GET /health': { roles: ['auditor'], scope: 'public', audited: true, views: { auditor: 'full' } },
      'GET /v1/b': { roles: [], scope: 'jurisdiction', audited: false },
      'GET /v1/c': {
        roles: ['officer', 'evaluator'],
        scope: 'jurisdiction',
        audited: true,
        views: { officer: 'participation-status', case_manager: 'full' },
      },
      'GET /v1/d': { roles: ['officer'], scope: 'jurisdiction', audited: false, views: { officer: 'full' } },
      'GET /v1/e': {
        roles: ['officer'],
        scope: 'jurisdiction',
        audited: true,
        views: { officer: 'everything' as never },
      },
    });
    expect(problems).toEqual([
      '"FETCH /v1/x": must be "<METHOD> /<path>", e.g. "GET /v1/participants/:participantId"',
      'GET /v1/a: unknown role "sheriff"',
      'GET /v1/a: a role is listed twice',
      'GET /health: a public route lists no roles',
      'GET /health: a public route cannot answer participant data',
      'GET /v1/b: no role may call it; remove the route or name the roles',
      'GET /v1/c: audited, but no view for role evaluator',
      'GET /v1/c: a view for case_manager, which may not call the route',
      'GET /v1/d: views are for audited routes (those answering participant data)',
      'GET /v1/e: unknown view "everything"',
    ]);
  });
});

describe('renderAccessPolicy', () => {
  it('renders one Markdown row per route, sorted by path', () => {
    const table = renderAccessPolicy(
      defineAccessPolicy({
        'POST /v1/participants': { roles: ['officer', 'case_manager'], scope: 'jurisdiction', audited: false },
        'GET /health': { roles: [], scope: 'public', audited: false },
        'GET /v1/participants/:id': {
          roles: ['officer'],
          scope: 'jurisdiction',
          audited: true,
          views: { officer: 'participation-status' },
        },
      }),
    );
    expect(table.split('\n')).toEqual([
      '| route | roles | scope | audited | views |',
      '| --- | --- | --- | --- | --- |',
      '| `GET /health` | anyone | public | no | — |',
      '| `POST /v1/participants` | officer, case_manager | jurisdiction | no | — |',
      '| `GET /v1/participants/:id` | officer | jurisdiction | yes | officer: participation-status |',
    ]);
  });
});
