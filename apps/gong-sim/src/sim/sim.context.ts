import type { Clock } from '@gong-connector/contracts';
import type { CallDataMapper } from '../api/call-data.mapper.js';
import type { CallOverrides } from '../company/call.factory.js';
import type { Call } from '../company/company.model.js';
import type { CompanyStore } from '../company/company.store.js';
import type { FaultInjector } from '../faults/fault.injector.js';
import type { RateLimiter } from '../limits/rate.limiter.js';
import type { OAuthService } from '../auth/oauth.service.js';
import type { CredentialsVerifier } from '../auth/credentials.verifier.js';
import type { Paginator } from '../pagination/paginator.js';
import type { RequestStats } from '../stats/request.stats.js';
import type { WriteLog } from '../stats/write.log.js';
import type { ZonedTimeFormatter } from '@gong-connector/contracts';
import type { CallContentService } from '../transcript/call-content.service.js';
import type { CoachingFiguresService } from '../transcript/coaching-figures.service.js';
import type { WebhookDelivery, WebhookDispatcher } from '../webhooks/webhook.dispatcher.js';
import type { WebhookSigner } from '../webhooks/webhook.signer.js';
import type { CrmUploadService } from '../api/crm-upload.service.js';
import type { RequestIdGenerator } from '../http/request-id.generator.js';
import type { SimLogger, SimSettings } from './sim-options.js';
import type { AiCreditBalance } from '../api/ai-credits.js';

export interface CompletedCall {
  call: Call;
  /** Settles when every matching webhook rule has been tried. */
  webhooks: Promise<WebhookDelivery[]>;
}

/** Everything the route modules share. */
export interface SimContext {
  settings: SimSettings;
  clock: Clock;
  logger: SimLogger;
  store: CompanyStore;
  content: CallContentService;
  /** Activity and interaction figures of the seeded calls (stats endpoints and ground truth). */
  figures: CoachingFiguresService;
  mapper: CallDataMapper;
  time: ZonedTimeFormatter;
  paginator: Paginator;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: RequestStats;
  /** Every change request received (assignments, task updates, CRM uploads, ...). */
  writes: WriteLog;
  oauth: OAuthService;
  credentials: CredentialsVerifier;
  webhooks: WebhookDispatcher;
  signer: WebhookSigner;
  crm: CrmUploadService;
  requestIds: RequestIdGenerator;
  /** Gong AI credits (get-brief, ask-entity). */
  aiCredits: AiCreditBalance;
  baseUrl(): string;
  completeCall(overrides?: CallOverrides): CompletedCall;
}
