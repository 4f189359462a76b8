import type { FastifyInstance } from 'fastify';
import { isSafeNumber, parse } from 'lossless-json';
import { GongHttpError } from './gong-http.error.js';

/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Body parsers for the Gong surface: JSON (big integers beyond 2^53 become digit strings instead of
 * being rounded), x-www-form-urlencoded (OAuth), multipart/form-data (CRM uploads) and raw LDJSON.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits)));
    } catch (e) {
      done(GongHttpError.badRequest(`Malformed JSON body: ${(e as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      const type = req.headers['content-type'] ?? '';
      const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
      if (!boundary) throw new Error('multipart boundary missing');
      done(null, { parts: parseMultipart(body as Buffer, boundary) });
    } catch (e) {
      done(GongHttpError.badRequest(`Malformed multipart body: ${(e as Error).message}`), undefined);
    }
  });
  for (const type of ['application/x-ndjson', 'application/x-ldjson', 'application/ldjson', 'text/plain']) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, { raw: body as Buffer }));
  }
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('no multipart delimiter found');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('part headers not terminated');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw new Error('closing delimiter missing');
    let end = next;
    if (body[end - 2] === 13 && body[end - 1] === 10) end -= 2;
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error('part without a name');
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim();
    parts.push({ name, data: body.subarray(headerEnd + 4, end), ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) });
    pos = next;
  }
  return parts;
}
