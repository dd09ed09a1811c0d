import { ProblemException } from './problem-details.js';
import { parseIfMatch, setRevisionETag } from './stream-revision-etag.js';

describe('If-Match / ETag carrying the stream revision', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    [' "0" ', 0],
    [undefined, undefined],
    ['*', undefined],
  ])('reads %j as %j', (header, revision) => {
    expect(parseIfMatch(header)).toBe(revision);
  });

  it.each(['3', '"abc"', '"1", "2"', '"-1"', '"1234567890123456"', ''])(
    'answers 400 naming the header for %j',
    (header) => {
      let error: unknown;
      try {
        parseIfMatch(header);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem).toMatchObject({
        status: 400,
        errors: [{ field: 'header:If-Match' }],
      });
    },
  );

  it('writes the revision as a strong entity tag', () => {
    const headers: Record<string, unknown> = {};
    setRevisionETag({ setHeader: (name: string, value: unknown) => ((headers[name] = value), undefined as never) }, 7);
    expect(headers).toEqual({ ETag: '"7"' });
    expect(parseIfMatch(headers.ETag as string)).toBe(7);
  });
});
