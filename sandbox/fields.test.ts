/** Unit tests for the `fields=` parser (https://developers.facebook.com/docs/graph-api/guides/field-expansion/). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphError } from './errors.js';
import { type FieldNode, parseFields, stringifyFields } from './fields.js';
import { matchPath, parseRoute } from './faults.js';

describe('parseFields', () => {
  it('parses nested selections with modifiers', () => {
    expect(
      parseFields(
        'id,messages.limit(5){message,from,created_time},reactions.summary(total_count),attachments{media{image{src}}}',
      ),
    ).toEqual([
      { name: 'id', params: {} },
      {
        name: 'messages',
        params: { limit: '5' },
        children: [
          { name: 'message', params: {} },
          { name: 'from', params: {} },
          { name: 'created_time', params: {} },
        ],
      },
      { name: 'reactions', params: { summary: 'total_count' } },
      {
        name: 'attachments',
        params: {},
        children: [
          {
            name: 'media',
            params: {},
            children: [{ name: 'image', params: {}, children: [{ name: 'src', params: {} }] }],
          },
        ],
      },
    ]);
  });

  it('tolerates whitespace, a trailing comma and chained modifiers', () => {
    expect(parseFields('id,')).toEqual([{ name: 'id', params: {} }]);
    expect(parseFields(' comments.summary(true).limit(0) , id ')).toEqual([
      { name: 'comments', params: { summary: 'true', limit: '0' } },
      { name: 'id', params: {} },
    ]);
  });

  it('rejects syntax errors with a Graph error 100', () => {
    for (const bad of ['a{b', 'a}', 'a.limit(3', 'a..b', '{a}']) {
      let err: unknown;
      try {
        parseFields(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(GraphError);
      expect((err as GraphError).code).toBe(100);
    }
  });

  it('round-trips through stringifyFields (property)', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const tree: fc.Arbitrary<FieldNode[]> = fc.letrec<{ nodes: FieldNode[] }>((tie) => ({
      nodes: fc.array(
        fc.record({
          name,
          params: fc.dictionary(
            fc.constantFrom('limit', 'summary', 'order'),
            fc.stringMatching(/^[a-z0-9_]{1,6}$/),
            { maxKeys: 2 },
          ),
          children: fc.option(tie('nodes'), { nil: undefined, depthSize: 'small' }),
        }),
        { minLength: 1, maxLength: 4 },
      ) as fc.Arbitrary<FieldNode[]>,
    })).nodes;
    fc.assert(
      fc.property(tree, (nodes) => {
        const clean = JSON.parse(JSON.stringify(nodes)) as FieldNode[];
        expect(parseFields(stringifyFields(clean))).toEqual(clean);
      }),
      { numRuns: 40 },
    );
  });
});

describe('fault routes', () => {
  it('matches * as one segment and ** as any rest', () => {
    expect(matchPath('/*/messages', '/123/messages')).toBe(true);
    expect(matchPath('/*/messages', '/123/conversations')).toBe(false);
    expect(matchPath('/*', '/123/messages')).toBe(false);
    expect(matchPath('**', '/a/b/c')).toBe(true);
    expect(matchPath('/cdn/**', '/cdn/ig/1.jpg')).toBe(true);
    expect(matchPath('/', '/')).toBe(true);
    expect(parseRoute('post /*/messages')).toEqual({ method: 'POST', pattern: '/*/messages' });
    expect(parseRoute('/me')).toEqual({ pattern: '/me' });
  });
});
