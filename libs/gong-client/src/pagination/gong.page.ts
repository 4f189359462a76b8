import type { Records } from '../schemas/records.schema.js';

/** One page of a paginated Gong list: its `records` block and its items. */
export interface GongPage<T> {
  requestId?: string;
  records: Records;
  items: T[];
}

/** The page standing for Gong's 404 "No calls found corresponding to the provided filters". */
export function emptyPage<T>(): GongPage<T> {
  return { records: { totalRecords: 0, currentPageSize: 0, currentPageNumber: 0 }, items: [] };
}
