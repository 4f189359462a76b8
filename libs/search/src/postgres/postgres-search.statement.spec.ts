import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilter } from '@gong-connector/access-core';
import { parseSearchQuery, type SearchQueryInput } from '../query/search-query.schema.js';
import { FREE_WORD_WEIGHT } from '../question/search-text.parser.js';
import { GRANTED_KEYS_INLINE, postgresAccessClause } from './postgres-access.clause.js';
import { buildPostgresSearchStatement, RANKING_WINDOW, TAIL_BUCKET } from './postgres-search.statement.js';
import { SqlParameters } from './sql-parameters.js';

const MANAGER: AccessFilter = {
  version: 1,
  userId: '20',
  ownUserId: '20',
  allWorkspaceIds: ['1'],
  hostUserIdsByWorkspace: [{ workspaceId: '2', hostUserIds: ['10', '11'] }],
  grantedCallIds: ['900'],
  privateCalls: 'owner-and-participants-only',
};
const build = (query: Omit<SearchQueryInput, 'accessFilter'>, accessFilter: AccessFilter = MANAGER) =>
  buildPostgresSearchStatement(parseSearchQuery({ ...query, accessFilter }), null);

describe('buildPostgresSearchStatement', () => {
  const hostile = "x'); DROP TABLE search_chunks; --";

  it('binds every value: none appears in the statement text', () => {
    const { sql, values } = build({
      text: hostile,
      accountIds: [hostile],
      speakerEmails: [hostile],
      speakerIds: [hostile],
      trackerNames: [hostile],
      topics: [hostile],
      startedFrom: '2024-01-01T00:00:00Z',
    });
    expect(sql).not.toContain('DROP TABLE');
    expect(sql).not.toContain('2024-01-01');
    expect(values.flat()).toContain(hostile);
    expect(values.filter((v) => Array.isArray(v) && v.includes(hostile.toLowerCase()))).toHaveLength(1);
    const syntax = build({ text: `"${hostile}"` });
    expect(syntax.sql).not.toContain('DROP TABLE');
    expect(syntax.values).toContain(`"${hostile}"`);
    for (const id of ['20', '1', '900']) expect(sql).not.toMatch(new RegExp(`'${id}'`));
  });

  it('lets an id filter drive the window scan, behind a fence, and checks text and access on its rows', () => {
    const { sql } = build({ text: 'pricing', accountIds: ['a'] });
    expect(sql).toMatch(/FROM \(SELECT .* FROM search_chunks c WHERE c\.account_ids && \$\d+::text\[\] OFFSET 0\) c WHERE c\.access_keys && \$\d+::text\[\] AND c\.tsv @@ /);
  });

  it('narrows an id filter to the call-start range inside the fence (research over the last days of a long history), text and listing alike', () => {
    const fence = /FROM search_chunks c WHERE c\.account_ids && \$\d+::text\[\] AND c\.call_started >= \$\d+::timestamptz AND c\.call_started < \$\d+::timestamptz OFFSET 0\) c WHERE /;
    const range = { accountIds: ['a'], startedFrom: '2024-01-01T00:00:00Z', startedTo: '2024-04-01T00:00:00Z' };
    expect(build({ text: 'pricing', ...range }).sql).toMatch(fence);
    expect(build(range).sql).toMatch(fence);
    // In the fence only (the window's and the tail's), not again on the fenced rows.
    const { sql } = build({ text: 'pricing', ...range });
    expect(sql.match(/c\.call_started >= /g)).toHaveLength(sql.match(/OFFSET 0\) c/g)?.length ?? -1);
  });

  it('bounds a text search by its ranking window: the most recent matches, with every condition (access, text, trackers, dates) in the scan', () => {
    const { sql, values } = build({ text: '"pricing"', trackerNames: ['Pricing'], startedFrom: '2024-01-01T00:00:00Z' });
    expect(sql).toMatch(
      /FROM search_chunks c WHERE c\.access_keys && \$\d+::text\[\] AND c\.tsv @@ websearch_to_tsquery\('english', \$\d+::text\) AND c\.tracker_names && \$\d+::text\[\] AND c\.call_started >= \$\d+::timestamptz ORDER BY c\.call_started DESC, c\.chunk_id COLLATE "C" LIMIT \$(\d+)::int \+ 1\) c\)/,
    );
    expect(values).toContain(RANKING_WINDOW);
    // Scored, collapsed and faceted over the window only; the tail reads the same conditions after it.
    expect(sql).toMatch(/FROM w c WHERE c\.rn <= \$\d+::int/);
    expect(sql).toMatch(/tail AS \( SELECT .* FROM search_chunks c WHERE \(SELECT more\.v FROM more\) AND \(SELECT count\(\*\) FROM head\) <= \$\d+::int AND c\.access_keys && /);
    expect(sql).toContain('(SELECT more.v FROM more) AS total_is_lower_bound');
  });

  it('finds the window of a user who sees only their own calls by the text and access index, not by walking recency', () => {
    const own: AccessFilter = { ...MANAGER, allWorkspaceIds: [], hostUserIdsByWorkspace: [] };
    expect(build({ text: 'pricing' }, own).sql).toMatch(/ORDER BY \(c\.call_started \+ interval '0 s'\) DESC, c\.chunk_id COLLATE "C" LIMIT \$\d+::int \+ 1\) c\)/);
    expect(build({ text: 'pricing' }).sql).toMatch(/ORDER BY c\.call_started DESC, c\.chunk_id COLLATE "C" LIMIT \$\d+::int \+ 1\) c\)/);
  });

  it('gives the planner every condition for a listing without text or ids, with an exact total', () => {
    const { sql } = build({ startedFrom: '2024-01-01T00:00:00Z' });
    expect(sql).not.toContain('OFFSET 0');
    expect(sql).not.toContain('ORDER BY c.call_started DESC');
    expect(sql).toContain('false AS total_is_lower_bound');
    expect(sql).toContain('0::real AS score');
    expect(sql).toContain('NULL::text AS highlight');
  });

  it('starts the tail after a tail cursor: its score is the call start in epoch microseconds', () => {
    const { sql, values } = buildPostgresSearchStatement(parseSearchQuery({ accessFilter: MANAGER, text: 'pricing' }), {
      bucket: TAIL_BUCKET,
      score: 1_714_557_600_123_456,
      chunkId: '7:3:1',
    });
    expect(sql).toMatch(/c\.call_started <= \('epoch'::timestamptz \+ \$(\d+)::bigint \* interval '1 microsecond'\) AND \(c\.call_started < \('epoch'::timestamptz \+ \$\1::bigint/);
    expect(values).toEqual(expect.arrayContaining(['1714557600123456', '7:3:1']));
  });

  it('continues after the cursor position with a keyset condition', () => {
    const { sql, values } = buildPostgresSearchStatement(parseSearchQuery({ accessFilter: MANAGER, text: 'x' }), { bucket: 1, score: 0.25, chunkId: '1:2:0' });
    expect(sql).toMatch(
      /WHERE d\.bucket > \$(\d+)::int OR \(d\.bucket = \$\1::int AND \(d\.score < \$(\d+)::real OR \(d\.score = \$\2::real AND d\.chunk_id COLLATE "C" > \$\d+::text\)\)\)/,
    );
    expect(values).toEqual(expect.arrayContaining([1, '0.25', '1:2:0']));
  });

  it('counts trackers from the distinct tracker sets of the matches, not from every match', () => {
    expect(build({ text: 'pricing' }).sql).toContain(
      'FROM (SELECT d.tracker_names, count(*) AS n FROM d GROUP BY d.tracker_names) s CROSS JOIN LATERAL unnest(s.tracker_names) AS t(value)',
    );
  });

  it('skips the facets with facetSize 0', () => {
    expect(build({ facetSize: 0 }).sql).toContain(`'[]'::json AS accounts, '[]'::json AS speakers, '[]'::json AS trackers, '[]'::json AS sections`);
  });

  it('reads a question as the OR of its concepts (one GIN condition with the access keys), scored by coverage', () => {
    const { sql, values } = build({ text: 'What did they say about pricing and the economic buyer?', startedFrom: '2024-01-01T00:00:00Z' });
    expect(sql).toMatch(
      /WHERE c\.access_keys && \$\d+::text\[\] AND c\.tsv @@ \(search_terms_tsquery\(\$\d+::text\[\], 'AB'\) \|\| search_terms_tsquery\(\$\d+::text\[\], ''\)\) AND c\.call_started >= \$\d+::timestamptz ORDER BY/,
    );
    expect(sql).toContain("CASE WHEN c.tsv @@ (search_terms_tsquery(");
    // A vocabulary concept: its own words count as its synonyms do, not in a passage saying another group's phrase holding them (`claimedBy`).
    const arm = (weights: string) => String.raw`\(search_terms_tsquery\(\$\d+::text\[\], '${weights}'\) && !!search_terms_tsquery\(\$\d+::text\[\], 'A'\)\)`;
    expect(sql).toMatch(
      new RegExp(
        String.raw`CASE WHEN c\.tsv @@ ${arm('A')} THEN 0\.6 WHEN c\.tsv @@ ${arm('B')} THEN 0\.6 WHEN c\.tsv @@ ${arm('AB')} THEN 0\.6 ` +
          String.raw`WHEN c\.tsv @@ search_terms_tsquery\(\$\d+::text\[\], ''\) THEN 0\.25 ELSE 0 END, CASE`,
      ),
    );
    expect(values).toContainEqual(expect.arrayContaining(['owns the budget', 'budget holder']));
    expect(build({ text: 'quibble' }).sql).toMatch(/CASE WHEN [^]*? THEN 1 WHEN [^]*? THEN 0\.8 WHEN [^]*? THEN 0\.25 ELSE 0 END/);
    expect(sql).toMatch(/\(c\.tracker_names && \$\d+::text\[\]\)::int \* 0\.5/);
    const everything = values.find((v) => Array.isArray(v) && v.includes('pricing') && v.includes('economic buyer')) as string[];
    expect(everything).toEqual(expect.arrayContaining(['budget', 'discount', 'sign off']));
    expect(everything).not.toContain('say');
    expect(values).toContainEqual(['pricing']);
    expect(values).toContainEqual(expect.arrayContaining(['Pricing', 'Decision Maker']));
  });

  it('checks a long question\'s minimum coverage in the window scan, and a short one\'s not at all', () => {
    expect(build({ text: 'pricing security timeline competitors' }).sql).toMatch(/\(\(c\.tsv @@ .*\)::int \+ \(c\.tsv @@ .*\)::int\) >= \$\d+::int ORDER BY c\.call_started DESC/);
    expect(build({ text: 'pricing security' }).sql).not.toContain(') >= $');
  });

  it('scores a question BM25-like over the window: idf per concept, length normalisation, customer side always counted', () => {
    const asked = build({ text: 'is the customer worried about cost?' }).sql;
    expect(asked).toMatch(/k AS MATERIALIZED \( SELECT k\.avglen, ln\(1 \+ \(k\.n - k\.f1 \+ 0\.5\) \/ \(k\.f1 \+ 0\.5\)\) AS i1, ln\(1 \+ \(k\.n - k\.f2/);
    // BM25's saturation: tf is how many of the concept's distinct terms the chunk says (ts_rank of the concept's terms times their count, z).
    expect(asked).toContain('greatest(1, s.tr[1] * k.z1 / 0.608) * 2.2 / (greatest(1, s.tr[1] * k.z1 / 0.608) + 1.2 * (0.25 + 0.75 * s.len / greatest(k.avglen, 1)))');
    // ranked only where the concept matched (ts_rank sorts the query's terms at each call)
    expect(asked).toMatch(/ARRAY\[CASE WHEN q\.v\[1\] > 0 THEN ts_rank\(c\.tsv, .*\) ELSE 0 END, CASE WHEN q\.v\[2\] > 0 THEN ts_rank\(c\.tsv, .*\) ELSE 0 END\]::real\[\] AS tr/);
    expect(asked).toMatch(/count\(DISTINCT m\[1\]\) FROM regexp_matches\(.*\) AS z1/);
    // Both read from the chunk's stored columns (SearchChunkBodyKey1763901700000), not computed per search.
    expect(asked).toContain('c.body_len AS len');
    // A backchannel ("Right.", nothing but filler words: no body key) in a topic the question names says nothing of its concepts.
    expect(asked).toContain('(c.body_key IS NOT NULL)::int AS says');
    expect(asked).not.toContain('ts_delete');
    expect(asked).toContain('(s.score + s.says * (s.v[1] * k.i1');
    expect(asked).toContain("(c.speaker_affiliation = 'External')::int * 0.6");
    expect(build({ text: 'pricing objections' }).sql).toContain("(c.speaker_affiliation = 'External')::int * 0.2");
  });

  it('caps a stray word\'s rarity at the vocabulary concepts\' and weighs it FREE_WORD_WEIGHT; a question of stray words alone is not capped', () => {
    const mixed = build({ text: 'any quibble over the budget' }).sql;
    expect(mixed).toContain('least(ln(1 + (k.n - k.f1 + 0.5) / (k.f1 + 0.5)), ln(1 + (k.n - k.f2 + 0.5) / (k.f2 + 0.5))) AS i1');
    // a single word's tf is 1 (no ts_rank per row); the pricing concept's is counted
    expect(mixed).toContain(`s.v[1] * k.i1 * ${FREE_WORD_WEIGHT} * 1 * 2.2 / (1 + `);
    expect(mixed).toContain('s.v[2] * k.i2 * greatest(1, s.tr[2] * k.z2 / 0.608)');
    expect(mixed).toContain('ARRAY[0, CASE WHEN q.v[2] > 0 THEN ts_rank(');
    const alone = build({ text: 'quibble quince' }).sql;
    expect(alone).not.toContain('least(');
    expect(alone).toContain('s.v[1] * k.i1 * 1 * 2.2 / (1 + ');
    expect(alone).toContain('s.v[2] * k.i2 * 1 * 2.2 / (1 + ');
    expect(alone).toContain('ARRAY[0, 0]::real[] AS tr');
  });

  it('gives the group a question word implies only its group\'s words ("when" asks for a timeline)', () => {
    const { sql, values } = build({ text: 'when will they decide' });
    expect(sql).toMatch(/CASE WHEN c\.tsv @@ \(search_terms_tsquery\(\$\d+::text\[\], 'AB'\) && !!search_terms_tsquery\(\$\d+::text\[\], 'A'\)\) THEN 0\.6 ELSE 0 END\]::real\[\]/);
    expect(values).toContainEqual(expect.arrayContaining(['deadline', 'go live']));
  });

  it('leaves the claimed-phrase check out of a concept no other group\'s phrase holds a word of, and out of a word of the question', () => {
    const { sql } = build({ text: 'next steps' });
    expect(sql).not.toContain('&& !!');
    expect(build({ text: 'quibble' }).sql).not.toContain('&& !!');
  });

  it('collapses duplicates and takes calls in rounds for text, not for a listing', () => {
    expect(build({ text: 'pricing' }).sql).toMatch(/PARTITION BY coalesce\(s\.copy_key, s\.chunk_id\).*PARTITION BY x\.call_id|PARTITION BY x\.call_id.*PARTITION BY coalesce\(s\.copy_key, s\.chunk_id\)/);
    expect(build({ text: 'pricing' }).sql).toContain('coalesce(c.body_key, c.body_fingerprint) AS copy_key');
    expect(build({ text: 'pricing' }).sql).toContain('ORDER BY d.bucket, d.score DESC, d.chunk_id COLLATE "C"');
    expect(build({}).sql).toContain('d AS (SELECT m.* FROM m)');
    expect(build({ text: 'pricing timeline' }).sql).toMatch(/k AS MATERIALIZED .* r AS MATERIALIZED .* FROM r s/);
  });

  it('matches nothing for a question of stop words only, and filters sections', () => {
    expect(build({ text: 'what did they say about it?' }).sql).toMatch(/c\.access_keys && \$1::text\[\] AND FALSE/);
    const { sql, values } = build({ sections: ['summary'] });
    expect(sql).toMatch(/c\.section = ANY\(\$\d+::text\[\]\)/);
    expect(values).toContainEqual(['summary']);
  });
  describe('with recent calls', () => {
    const OWN: AccessFilter = { ...MANAGER, allWorkspaceIds: [], hostUserIdsByWorkspace: [] };
    const recent = (query: Omit<SearchQueryInput, 'accessFilter'>, accessFilter: AccessFilter = OWN) =>
      buildPostgresSearchStatement(parseSearchQuery({ ...query, accessFilter }), null, { recentCalls: 200 });

    it('finds the most recent calls the user may see in search_calls, ties at the boundary included, with the access filter bound', () => {
      const { sql, values } = recent({ text: 'pricing' });
      expect(sql).toMatch(/rc AS MATERIALIZED \( SELECT c\.call_id, c\.call_started FROM search_calls c WHERE c\.access_keys && \$\d+::text\[\] ORDER BY c\.call_started \+ interval '0 s' DESC LIMIT \$(\d+)::int\)/);
      expect(values).toContain(200);
      expect(sql).toMatch(/UNION SELECT c\.call_id FROM search_calls c WHERE c\.call_started = \(SELECT rb\.since FROM rb\) AND c\.access_keys && /);
      expect(sql).toContain('(SELECT rb.complete FROM rb) AS recent_complete');
      expect(buildPostgresSearchStatement(parseSearchQuery({ text: 'pricing', accessFilter: OWN }), null).sql).not.toContain('search_calls');
      expect(buildPostgresSearchStatement(parseSearchQuery({ text: 'pricing', accessFilter: OWN }), null).sql).toContain('NULL::boolean AS recent_complete');
    });

    it('reads the chunks of those calls behind a fence and checks every condition on them, the access filter included', () => {
      const { sql } = recent({ text: 'pricing', speakerEmails: ['a@b.example'] });
      const fence = /\(SELECT [^()]* FROM search_chunks c WHERE c\.call_id = ANY\(ARRAY\(SELECT rcalls\.call_id FROM rcalls\)\) AND \(c\.call_started \+ interval '0 s'\) >= \(SELECT rb\.since FROM rb\) OFFSET 0\) c WHERE c\.speaker_email = ANY\(\$\d+::text\[\]\) AND c\.access_keys && \$\d+::text\[\] AND c\.tsv @@ /;
      expect(sql).toMatch(fence);
      // The boundary is checked on the calls' chunks, never an index range of its own (its value is unknown while planning).
      expect(sql).not.toMatch(/c\.call_started >= \(SELECT rb\.since/);
      // The window and the tail both read the recent calls.
      expect(sql.match(/FROM rcalls\)\) AND/g)).toHaveLength(2);
      expect(sql).not.toMatch(/FROM search_chunks c WHERE c\.access_keys/);
    });

    it('narrows the calls by the account filter and the call-start range too, and checks them again on the chunks', () => {
      const { sql } = recent({ text: 'pricing', accountIds: ['a'], startedFrom: '2024-01-01T00:00:00Z' }, MANAGER);
      expect(sql).toMatch(
        /FROM \(SELECT [^()]* FROM search_calls c WHERE c\.account_ids && \$\d+::text\[\] OFFSET 0\) c WHERE c\.access_keys && \$\d+::text\[\] AND c\.call_started >= \$\d+::timestamptz ORDER BY/,
      );
      expect(sql).toMatch(/FROM search_calls c WHERE c\.call_started = \(SELECT rb\.since FROM rb\) AND c\.access_keys && \$\d+::text\[\] AND c\.call_started >= \$\d+::timestamptz AND c\.account_ids && /);
      expect(sql).toMatch(/OFFSET 0\) c WHERE c\.account_ids && \$\d+::text\[\] AND c\.call_started >= \$\d+::timestamptz AND c\.access_keys && /);
    });

    it('checks granted calls past the inline keys apart on search_calls as on the chunks', () => {
      const many = Array.from({ length: GRANTED_KEYS_INLINE + 1 }, (_, i) => String(5000 + i));
      const { sql } = recent({ text: 'pricing' }, { ...OWN, grantedCallIds: many });
      expect(sql).toMatch(/FROM search_calls c WHERE \(c\.access_keys && \$\d+::text\[\] OR \(NOT c\.is_private AND c\.call_id = ANY\(\$\d+::text\[\]\)\)\) ORDER BY/);
    });
  });
});

describe('postgresAccessClause', () => {
  const MANY_GRANTED = Array.from({ length: GRANTED_KEYS_INLINE + 1 }, (_, i) => String(5_000 + i));
  it.each<[string, AccessFilter, string, unknown[]]>([
    ['deny-all', denyAllAccessFilter('5'), 'FALSE', []],
    ['own only', { ...denyAllAccessFilter('5'), ownUserId: '5' }, 'c.access_keys && $1::text[]', [['u:5']]],
    ['every arm', MANAGER, 'c.access_keys && $1::text[]', [['u:20', 'c:900', 'w:1', 'h:2:10', 'h:2:11']]],
    [
      'many granted calls apart from the keys',
      { ...MANAGER, grantedCallIds: MANY_GRANTED },
      '(c.access_keys && $1::text[] OR (NOT c.is_private AND c.call_id = ANY($2::text[])))',
      [['u:20', 'w:1', 'h:2:10', 'h:2:11'], MANY_GRANTED],
    ],
    [
      'only many granted calls',
      { ...denyAllAccessFilter('5'), grantedCallIds: MANY_GRANTED },
      '(NOT c.is_private AND c.call_id = ANY($1::text[]))',
      [MANY_GRANTED],
    ],
    [
      'shared arms without an own user',
      { ...MANAGER, ownUserId: null, grantedCallIds: [], allWorkspaceIds: [] },
      'c.access_keys && $1::text[]',
      [['h:2:10', 'h:2:11']],
    ],
  ])('%s', (_name, filter, expected, values) => {
    const params = new SqlParameters();
    expect(postgresAccessClause(filter, params)).toBe(expected);
    expect(params.values).toEqual(values);
  });

  it('pairs each host with its workspace, and keeps 20-digit ids as strings', () => {
    const params = new SqlParameters();
    postgresAccessClause({ ...MANAGER, ownUserId: '98765432109876543210', hostUserIdsByWorkspace: [{ workspaceId: '3', hostUserIds: ['12345678901234567890'] }] }, params);
    expect(params.values).toEqual([['u:98765432109876543210', 'c:900', 'w:1', 'h:3:12345678901234567890']]);
  });
});
