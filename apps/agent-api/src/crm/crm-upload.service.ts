import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import { GongError, type GongClient } from '@gong-connector/gong-client';
import type { AccessRepository, CrmUploadJobRepository } from '@gong-connector/persistence';
import { randomUUID } from 'node:crypto';
import type { UploadCrmObjectsRequest } from '../api/api-request.schemas.js';
import type { Principal } from '../auth/principal.js';
import type { GongWriteService, WriteAnswer } from '../actions/gong-write.service.js';
import type { WriteOutcome } from '../actions/gong-write.executor.js';
import { writeArgumentsDigest } from '../actions/write-arguments.digest.js';
import { parseCrmObjects } from './crm-objects.parser.js';
import { CRM_IMPORT_FLAG, mayImportCrmData } from './crm-rights.js';
import { crmUploadView } from './crm-upload.view.js';

export const UPLOAD_CRM_OBJECTS = 'upload_crm_objects';
/** Changes listed in a preview (the count says how many there are). */
const PREVIEW_LINES = 20;

export interface CrmUploadServiceOptions {
  /** Time from the upload to the first status request (then between requests). */
  pollMs: number;
  /** How long a job may stay `submitting` before a poller asks Gong whether the upload arrived. */
  submitGraceMs: number;
}

/**
 * CRM uploads for one user (POST /v2/crm/entities), as a write of `GongWriteService` (previewed,
 * confirmed, idempotent, audited, interactive priority) that starts a job: the answer carries the
 * upload id at once, and `CrmUploadPoller` follows Gong's request status to the end. Needs the
 * token scope gong:crm:write (checked at the door) and the user's Gong right to import CRM data
 * (`crmDataImport` in every profile they hold). The objects are checked line by line first; a bad
 * line is a 400 that names it, and nothing is sent.
 */
export class CrmUploadService {
  constructor(
    private readonly gong: () => Promise<GongClient>,
    private readonly writes: GongWriteService,
    private readonly access: AccessRepository,
    private readonly jobs: CrmUploadJobRepository,
    private readonly clock: Clock,
    private readonly options: CrmUploadServiceOptions,
  ) {}

  async upload(principal: Principal, input: UploadCrmObjectsRequest): Promise<WriteAnswer> {
    const me = principal.user;
    if (!me) throw new AppError(ErrorCode.ACCESS_DENIED, `${UPLOAD_CRM_OBJECTS} acts in Gong for a known Gong user; this token's user (${principal.subject}) is not in the replica`);
    if (!mayImportCrmData(await this.access.listProfiles(), me.id)) {
      throw new AppError(
        ErrorCode.ACCESS_DENIED,
        `Uploading CRM data to Gong needs the Gong permission ${CRM_IMPORT_FLAG} ("import of CRM data") in every permission profile you hold, which ${me.email ?? me.id} lacks. Ask a Gong admin.`,
      );
    }
    const parsed = parseCrmObjects(input.objectType, input);
    const integrationId = input.integrationId ?? (await this.registeredIntegration());
    const { confirm, idempotencyKey, objects: _o, ldjson: _l, ...rest } = input;
    // The exact upload (the file Gong receives), whichever way it was given.
    const args = { ...rest, integrationId, ldjson: parsed.ldjson };
    const deletes = parsed.objects.filter((o) => o.deleted).length;
    const changes = parsed.objects.slice(0, PREVIEW_LINES).map((o) => `${input.objectType} ${o.objectId}: ${o.deleted ? 'deleted' : 'inserted or updated'}`);
    if (parsed.objects.length > PREVIEW_LINES) changes.push(`... and ${parsed.objects.length - PREVIEW_LINES} more`);

    const uploadId = randomUUID();
    const clientRequestId = `gc-crm-${uploadId}`;
    const digest = writeArgumentsDigest(UPLOAD_CRM_OBJECTS, args);
    const accepted = async (gongRequestId: string | null): Promise<WriteOutcome> => {
      const now = this.clock.now();
      await this.jobs.markSubmitted(uploadId, gongRequestId, new Date(now + this.options.pollMs), new Date(now));
      return {
        result: { uploadId, state: 'polling', statusUrl: `/v1/crm/uploads/${uploadId}`, objectType: input.objectType, integrationId, lineCount: parsed.objects.length, clientRequestId },
        gongRequestIds: gongRequestId ? [gongRequestId] : [],
      };
    };

    let answer: WriteAnswer;
    try {
      answer = await this.writes.run({
        tool: UPLOAD_CRM_OBJECTS,
        principal,
        args,
        confirm,
        idempotencyKey,
        preview: {
          summary: `Upload ${parsed.objects.length} ${input.objectType} object${parsed.objects.length === 1 ? '' : 's'} to Gong's CRM integration ${integrationId}${deletes > 0 ? ` (${deletes} deleted)` : ''}; Gong processes the file asynchronously and the upload id follows it`,
          actingFor: me.email ?? me.id,
          changes,
        },
        write: {
          send: async (gong) => {
            const now = this.clock.now();
            await this.jobs.create({
              id: uploadId,
              userId: me.id,
              userEmail: me.email ?? null,
              tokenId: principal.tokenId,
              tokenKind: principal.tokenKind,
              argsDigest: digest,
              integrationId,
              objectType: input.objectType,
              clientRequestId,
              lineCount: parsed.objects.length,
              nextPollAt: new Date(now + this.options.submitGraceMs),
              createdAt: new Date(now),
            });
            try {
              const r = await gong.uploadCrmEntities({ integrationId, objectType: input.objectType, clientRequestId, ldjson: parsed.ldjson });
              return await accepted(r.requestId ?? null);
            } catch (error) {
              // 409: this clientRequestId is taken, by this very upload sent before (its answer was lost).
              if (error instanceof GongError && error.status === 409) return accepted(null);
              throw error;
            }
          },
          reconcile: async (gong) => {
            try {
              await gong.getCrmRequestStatus(integrationId, clientRequestId);
            } catch (error) {
              if (GongError.isKind(error, 'not-found')) return undefined; // not there: sent again, same clientRequestId
              throw error;
            }
            return accepted(null);
          },
        },
      });
    } catch (error) {
      await this.jobs.markNotSubmitted(uploadId, { code: 'NOT_SENT', message: error instanceof Error ? error.message : String(error) }, new Date(this.clock.now())).catch(() => undefined);
      throw error;
    }
    if (answer.status === 'failed' && !answer.replayed && answer.error) await this.jobs.markNotSubmitted(uploadId, answer.error, new Date(this.clock.now()));
    return answer;
  }

  /** One upload job; only its uploader sees it (anyone else: not found). */
  async get(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const job = await this.jobs.get(id);
    if (!job || principal.user === null || job.userId !== principal.user.id) throw new AppError(ErrorCode.NOT_FOUND, `No CRM upload ${id} of yours`);
    return crmUploadView(job);
  }

  private async registeredIntegration(): Promise<string> {
    const integrations = await (await this.gong()).listCrmIntegrations();
    const first = integrations[0];
    if (!first) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'No generic CRM integration is registered in Gong: a Gong admin registers one (PUT /v2/crm/integrations) before CRM objects can be uploaded', {
        details: [{ path: 'integrationId', message: 'no integration registered' }],
      });
    }
    return first.integrationId;
  }
}
