import { transformMatching, transformPaths } from './field-paths.js';

const upper = async (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : { wrapped: value });

describe('transformPaths', () => {
  const data = {
    name: 'jane',
    address: { city: 'denver', zip: '80202' },
    contacts: [{ phone: '555-0100', kind: 'cell' }, { phone: '555-0101' }],
    status: 'enrolled',
  };

  it('replaces the values at plain, nested and wildcard paths and leaves the rest', async () => {
    const result = await transformPaths(data, ['name', 'address.city', 'contacts.*.phone'], upper);
    expect(result).toEqual({
      name: 'JANE',
      address: { city: 'DENVER', zip: '80202' },
      contacts: [{ phone: '555-0100'.toUpperCase(), kind: 'cell' }, { phone: '555-0101' }],
      status: 'enrolled',
    });
  });

  it('replaces a whole subtree when the path names an object', async () => {
    const result = await transformPaths(data, ['address'], upper);
    expect(result.address).toEqual({ wrapped: { city: 'denver', zip: '80202' } });
  });

  it('skips paths that are absent, and never changes its input', async () => {
    const before = JSON.stringify(data);
    const result = await transformPaths(data, ['nickname', 'address.street', 'contacts.*.email'], upper);
    expect(result).toEqual(data);
    expect(JSON.stringify(data)).toBe(before);
  });
});

describe('transformMatching', () => {
  const isSecret = (value: unknown) => typeof value === 'object' && value !== null && 'secret' in value;

  it('replaces matching values at any depth', async () => {
    const data = { a: { secret: 1 }, b: [{ c: { secret: 2 } }, 'plain'] };
    const result = await transformMatching(
      data,
      isSecret,
      async (value) => `opened ${(value as { secret: number }).secret}`,
    );
    expect(result).toEqual({ a: 'opened 1', b: [{ c: 'opened 2' }, 'plain'] });
    expect(data.a).toEqual({ secret: 1 });
  });

  it('returns its input itself when nothing matches', async () => {
    const data = { a: [1, 2, { b: 'c' }] };
    expect(await transformMatching(data, isSecret, upper)).toBe(data);
  });

  it('walks hostile nesting without overflowing the stack', async () => {
    let deep: unknown = { secret: 'bottom' };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let result = (await transformMatching(deep, isSecret, async () => 'found')) as unknown;
    for (let i = 0; i < 100_000; i++) result = (result as unknown[])[0];
    expect(result).toBe('found');
  });
});
