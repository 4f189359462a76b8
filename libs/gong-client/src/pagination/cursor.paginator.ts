import { GongError } from '../errors/gong.error.js';
import type { GongPage } from './gong.page.js';

/**
 * Follows Gong cursors: fetches the first page, then the next one with `records.cursor` for as long
 * as a cursor comes back (the caller puts it in the query for GET, in the body for POST). A cursor
 * seen before would loop forever and fails as GONG_BAD_RESPONSE.
 */
export async function* paginate<T>(
  endpoint: string,
  fetchPage: (cursor: string | undefined) => Promise<GongPage<T>>,
): AsyncGenerator<GongPage<T>, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    const next = page.records.cursor;
    if (next === undefined || next === '') return;
    if (seen.has(next)) {
      throw new GongError({
        kind: 'bad-response',
        endpoint,
        message: `Gong returned the same cursor twice for ${endpoint}; stopped paging to avoid an endless loop`,
      });
    }
    seen.add(next);
    cursor = next;
  }
}
