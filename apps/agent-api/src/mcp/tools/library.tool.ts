import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type LibraryRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CoachingCatalogService } from '../../coaching/coaching-catalog.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `library`: `GET /v1/library/folders` or, with a folderId, `GET /v1/library/folders/{id}/clips`. */
@Injectable()
export class LibraryTool implements AgentMcpTool<typeof ApiRequestSchemas.library> {
  readonly name = 'library';
  readonly title = 'Gong Library folders and clips';
  readonly description =
    "The company's Gong Library: without folderId, the folders you may open (your Gong library folder access), a page at a time; with folderId, that folder's clips in order, " +
    "each with its call, the moment (fromSec..toSec) and the transcript excerpt of that moment. A clip whose call is outside your calls access is listed without link or excerpt. " +
    'Use it for examples of good calls to learn from. Answered from the replica (no Gong quota). Clips page with cursor.';
  readonly annotations = READ_ONLY;
  readonly tags = ['coaching'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.library;
  readonly outputSchema = ApiResponseSchemas.libraryFolders.or(ApiResponseSchemas.libraryClips);
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(CoachingCatalogService) private readonly catalog: CoachingCatalogService) {}

  async run(principal: Principal, input: LibraryRequest): Promise<AgentMcpToolAnswer> {
    const withheldLines = (w: ReadonlyArray<{ domain: string; count: number; reason: string }>) => w.map((x) => `Withheld (${x.domain}): ${x.count}: ${x.reason}`);
    if (input.folderId === undefined) {
      const r = await this.catalog.folders(principal, { limit: input.limit, cursor: input.cursor });
      return {
        data: { ...r },
        text: [`${r.folders.length} Library folders.`, ...r.folders.map((f) => `- ${f.name} (${f.id})`), ...withheldLines(r.withheld), r.nextCursor ? `More: cursor ${r.nextCursor}` : ''].filter(Boolean).join('\n'),
        pageSize: r.folders.length,
      };
    }
    const r = await this.catalog.clips(principal, { folderId: input.folderId, limit: input.limit, cursor: input.cursor });
    const rows = r.clips.map((c) => `- ${c.title ?? `call ${c.callId}`}${c.fromSec !== null ? ` at ${c.fromSec}s` : ''}: ${c.excerpt ? `"${c.excerpt.slice(0, 300)}"` : c.callVisible ? '(no transcript yet)' : '(call withheld)'}${c.url ? ` ${c.url}` : ''}`);
    return {
      data: { ...r },
      text: [`Folder ${r.folder.name}: ${r.clips.length} clips.`, ...rows, ...withheldLines(r.withheld), r.nextCursor ? `More: cursor ${r.nextCursor}` : ''].filter(Boolean).join('\n'),
      pageSize: r.clips.length,
    };
  }
}
