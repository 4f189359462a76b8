import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

/** Library: public folders (private and archived ones are not returned) and their calls. */
export function registerLibraryRoutes(app: FastifyInstance, ctx: SimContext): void {
  const FoldersQuery = z.object({ workspaceId: gongId.optional() });
  const ContentQuery = z.object({ folderId: gongId });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/library/folders',
    scope: 'api:library:read',
    handler: (req) => {
      const { workspaceId } = parseInput(FoldersQuery, req.query, 'query');
      const folders = ctx.store.data.folders.filter((f) => f.visibility === 'public' && (!workspaceId || f.workspaceId === workspaceId));
      if (folders.length === 0) throw GongHttpError.notFound('No folders found for the specified period');
      return {
        folders: folders.map((f) => ({
          id: f.id,
          name: f.name,
          // The spec documents null for root folders.
          parentFolderId: f.parentFolderId ?? null,
          createdBy: f.createdBy,
          updated: ctx.time.format(f.updated),
        })),
      };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/library/folder-content',
    scope: 'api:library:read',
    handler: (req) => {
      const { folderId } = parseInput(ContentQuery, req.query, 'query');
      const folder = ctx.store.folder(folderId);
      if (!folder || folder.visibility !== 'public') throw GongHttpError.notFound('Folder not found');
      return {
        id: folder.id,
        name: folder.name,
        createdBy: folder.createdBy,
        updated: ctx.time.format(folder.updated),
        calls: folder.calls.map((entry) => {
          const call = ctx.store.call(entry.callId)!;
          return {
            id: call.id,
            title: call.title,
            ...(entry.note ? { note: entry.note } : {}),
            addedBy: entry.addedBy,
            created: ctx.time.format(entry.created),
            url: `https://app.gong.io/call?id=${call.id}`,
            ...(entry.snippet ? { snippet: entry.snippet } : {}),
          };
        }),
      };
    },
  });
}
