export { startGongSim, createGongSim, type GongSim } from './sim/gong-sim.js';
export {
  SimOptionsSchema,
  DEFAULT_ACCESS_KEY,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_OAUTH_CLIENT_ID,
  DEFAULT_OAUTH_CLIENT_SECRET,
  type GongSimOptions,
  type SimSettings,
  type SimLogger,
} from './sim/sim-options.js';
export type { CompletedCall } from './sim/sim.context.js';
export type { CompanyGroundTruth, CallTranscriptTruth, TranscriptTruthSentence } from './company/ground-truth.mapper.js';
export { QUESTION_INTENTS, SENTENCE_INTENTS, type QuestionIntent, type SentenceIntent, type SentenceSide } from './transcript/sentence-intent.model.js';
export type { CompanyStore } from './company/company.store.js';
export type * from './company/company.model.js';
export type { CallOverrides } from './company/call.factory.js';
export type { FaultConfig } from './faults/fault-config.schema.js';
export type { WebhookDelivery, WebhookFilter, WebhookRule } from './webhooks/webhook.dispatcher.js';
export type { WebhookClaims } from './webhooks/webhook.signer.js';
export type { StatsSnapshot } from './stats/request.stats.js';
export type { WriteLogEntry } from './stats/write.log.js';
export type { QuotaUsage } from './limits/rate.limiter.js';
export type { TokenResponse } from './auth/oauth.service.js';
export { ManualClock } from './time/manual.clock.js';
export { SIM_FLAGS, readSimConfig } from './config.js';
