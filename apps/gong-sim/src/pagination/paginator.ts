import { CursorCodec } from './cursor.codec.js';

export interface Records {
  totalRecords: number;
  currentPageSize: number;
  currentPageNumber: number;
  cursor?: string;
}

export interface Page<T> {
  records: Records;
  items: T[];
}

/**
 * Gong-style pages: a fixed page size, `records.cursor` only while more remain, the cursor bound to
 * the request (`request` is the request without its cursor).
 */
export class Paginator {
  constructor(private readonly codec: CursorCodec) {}

  page<T>(endpoint: string, request: unknown, cursor: string | undefined, items: readonly T[], pageSize: number): Page<T> {
    const fp = CursorCodec.fingerprint(endpoint, request);
    const at = cursor ? this.codec.read(cursor, fp) : { offset: 0, pageNumber: 0 };
    const slice = items.slice(at.offset, at.offset + pageSize);
    const records: Records = { totalRecords: items.length, currentPageSize: slice.length, currentPageNumber: at.pageNumber };
    const nextOffset = at.offset + slice.length;
    if (nextOffset < items.length) {
      records.cursor = this.codec.issue(fp, { offset: nextOffset, pageNumber: at.pageNumber + 1, total: items.length, pageSize });
    }
    return { records, items: slice };
  }
}
