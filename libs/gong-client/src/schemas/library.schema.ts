import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** `LibraryFolder` of GET /v2/library/folders (public folders only; `parentFolderId` null at the root). */
export const LibraryFolderSchema = z.object({
  id: Wire.gongId,
  name: Wire.optional(z.string()),
  parentFolderId: Wire.optional(Wire.gongId),
  createdBy: Wire.optional(Wire.gongId),
  updated: Wire.optional(Wire.dateTime),
});
export type LibraryFolder = z.output<typeof LibraryFolderSchema>;

export const LibraryFoldersResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  folders: Wire.optional(z.array(LibraryFolderSchema)),
});

/** `LibraryFolderCall` of GET /v2/library/folder-content: a call, or a moment of it (`snippet`, seconds). */
export const LibraryFolderCallSchema = z.object({
  id: Wire.gongId,
  title: Wire.optional(z.string()),
  note: Wire.optional(z.string()),
  addedBy: Wire.optional(Wire.gongId),
  created: Wire.optional(Wire.dateTime),
  url: Wire.optional(z.string()),
  snippet: Wire.optional(z.object({ fromSec: Wire.optional(z.number().int()), toSec: Wire.optional(z.number().int()) })),
});
export type LibraryFolderCall = z.output<typeof LibraryFolderCallSchema>;

export const LibraryFolderContentResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  id: Wire.optional(Wire.gongId),
  name: Wire.optional(z.string()),
  createdBy: Wire.optional(Wire.gongId),
  updated: Wire.optional(Wire.dateTime),
  calls: Wire.optional(z.array(LibraryFolderCallSchema)),
});
export type LibraryFolderContent = z.output<typeof LibraryFolderContentResponseSchema>;
