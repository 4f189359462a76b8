import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FormPart } from '../http/body.parsers.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { int64 } from '../http/gong-json.serializer.js';
import { GongReply, gongRoute } from '../http/gong-route.js';
import { gongId, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

/**
 * The generic CRM integration: register/list/delete the integration, upload LDJSON entities
 * (multipart `dataFile`, processed asynchronously) and poll the request status.
 */
export function registerCrmRoutes(app: FastifyInstance, ctx: SimContext): void {
  const RegisterBody = z.object({ ownerEmail: z.string().email(), name: z.string().min(1) });
  const AsyncQuery = z.object({ integrationId: gongId, clientRequestId: z.string().min(1) });
  const UploadQuery = AsyncQuery.extend({ objectType: z.string().min(1) });

  gongRoute(app, {
    method: 'PUT',
    specPath: '/v2/crm/integrations',
    scope: 'api:crm:integration:register',
    handler: (req) => {
      const body = parseInput(RegisterBody, req.body, 'body');
      return { integrationId: int64(ctx.crm.register(body.ownerEmail, body.name).integrationId) };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/crm/integrations',
    scope: 'api:crm:integrations:read',
    handler: () => ({ integrations: ctx.crm.list().map((i) => ({ integrationId: int64(i.integrationId), ownerEmail: i.ownerEmail, name: i.name })) }),
  });

  gongRoute(app, {
    method: 'DELETE',
    specPath: '/v2/crm/integrations',
    scope: 'api:crm:integration:delete',
    handler: (req) => {
      const q = parseInput(AsyncQuery, req.query, 'query');
      ctx.crm.delete(q.integrationId, q.clientRequestId);
      return new GongReply(201, { clientRequestId: q.clientRequestId });
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/crm/entities',
    scope: 'api:crm:upload',
    handler: (req) => {
      const q = parseInput(UploadQuery, req.query, 'query');
      const body = req.body as { parts?: FormPart[]; raw?: Buffer } | undefined;
      let data: Buffer | undefined;
      if (body?.parts) {
        data = body.parts.find((p) => p.name === 'dataFile')?.data;
        if (!data) throw GongHttpError.badRequest('dataFile: the LDJSON file is required (multipart/form-data field "dataFile")');
      } else if (body?.raw) data = body.raw;
      if (!data) throw GongHttpError.badRequest('dataFile: send the LDJSON file as multipart/form-data field "dataFile"');
      ctx.crm.upload(q.integrationId, q.objectType, q.clientRequestId, data.toString('utf8'));
      return new GongReply(201, { clientRequestId: q.clientRequestId });
    },
  });

  const SchemaQuery = z.object({ integrationId: gongId, objectType: z.string().min(1) });
  const SchemaField = z.object({
    uniqueName: z.string().min(1),
    label: z.string().min(1),
    type: z.enum(['DATE', 'DATETIME', 'NUMBER', 'PERCENT', 'CURRENCY', 'ID', 'URL', 'STRING', 'BOOLEAN', 'PHONENUMBER', 'EMAILADDRESS', 'PICKLIST', 'REFERENCE', 'STRINGARRAY']),
    lastModified: z.string().optional(),
    isDeleted: z.boolean().optional(),
    referenceTo: z.string().optional(),
    orderedValueList: z.array(z.string()).optional(),
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/crm/entity-schema',
    scope: 'api:crm:schema',
    handler: (req) => {
      const q = parseInput(SchemaQuery, req.query, 'query');
      return { objectTypeToSelectedFields: { [q.objectType]: ctx.crm.schema(q.integrationId, q.objectType) } };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/crm/entity-schema',
    scope: 'api:crm:schema',
    handler: (req) => {
      const q = parseInput(SchemaQuery, req.query, 'query');
      const fields = parseInput(z.array(SchemaField).min(1), req.body, 'body');
      ctx.crm.updateSchema(q.integrationId, q.objectType, fields);
      return new GongReply(201, {});
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/crm/request-status',
    scope: 'api:crm:upload',
    handler: (req) => {
      const q = parseInput(AsyncQuery, req.query, 'query');
      const status = ctx.crm.status(q.integrationId, q.clientRequestId);
      return { ...status };
    },
  });
}
