// Public entry of @gong-connector/gong-client: a typed Gong v2 API client (auth, big-int-safe JSON,
// validation, pagination, error taxonomy) that sends every request under a permit.

// Client
export * from './client/gong.client.js';
export * from './client/gong-client.options.js';
export * from './client/call.options.js';
export * from './priority/gong-priority.js';

// Ports and their local implementations
export * from './permits/permit-source.port.js';
export * from './permits/local.pacer.js';
export * from './auth/token-store.port.js';
export * from './auth/in-memory.token-store.js';
export type { BasicCredentials } from './auth/basic.auth.js';
export { DEFAULT_OAUTH_BASE_URL, type OAuthCredentials } from './auth/oauth.auth.js';
export * from './time/sleep.port.js';
export * from './http/request-event.hook.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http/retry.policy.js';

// Errors
export * from './errors/gong.error.js';

// JSON and pagination
export * from './json/gong-json.parser.js';
export * from './pagination/gong.page.js';

// Requests and response schemas (types follow the official spec)
export * from './requests/calls.request.js';
export * from './requests/users.request.js';
export * from './requests/stats.request.js';
export * from './schemas/wire.schema.js';
export * from './schemas/records.schema.js';
export * from './schemas/call-basic.schema.js';
export * from './schemas/call-extensive.schema.js';
export * from './schemas/call-transcript.schema.js';
export * from './schemas/user.schema.js';
export * from './schemas/workspace.schema.js';
export * from './schemas/permission-profile.schema.js';
export * from './schemas/call-access.schema.js';
export * from './schemas/keyword-tracker.schema.js';
export * from './schemas/activity-stats.schema.js';
export * from './schemas/scorecard.schema.js';
export * from './schemas/coaching.schema.js';
export * from './schemas/library.schema.js';
export * from './schemas/call-outcome.schema.js';
export * from './schemas/error-response.schema.js';
export * from './requests/engage.request.js';
export * from './schemas/engage-flow.schema.js';
export * from './schemas/engage-task.schema.js';
export * from './schemas/crm-upload.schema.js';
export * from './requests/ai-entity.request.js';
export * from './schemas/ai-entity.schema.js';
