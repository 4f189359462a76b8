import { CreateServiceLeases1763900000000 } from './1763900000000-create-service-leases.js';
import { CreateReplica1763900001000 } from './1763900001000-create-replica.js';
import { CreateSearchChunks1763900002000 } from './1763900002000-create-search-chunks.js';
import { CreateQuotaSpend1763900010000 } from './1763900010000-create-quota-spend.js';
import { CreateCallAccessChecks1763900030000 } from './1763900030000-create-call-access-checks.js';
import { IngestEventOutbox1763900040000 } from './1763900040000-ingest-event-outbox.js';
import { CreateAgentApi1763900060000 } from './1763900060000-create-agent-api.js';
import { SearchChunkAccessKeys1763900080000 } from './1763900080000-search-chunk-access-keys.js';
import { SearchAccountsIndexNoPendingList1763900081000 } from './1763900081000-search-accounts-index-no-pending-list.js';
import { CreateGongOAuthGrants1763900090000 } from './1763900090000-create-gong-oauth-grants.js';
import { ApiTokenScopes1763900094000 } from './1763900094000-api-token-scopes.js';
import { CreateOAuthServer1763900100000 } from './1763900100000-create-oauth-server.js';
import { CreateGongTrackers1763900117000 } from './1763900117000-create-gong-trackers.js';
import { SearchQuestionsAndSummaries1763900170000 } from './1763900170000-search-questions-and-summaries.js';
import { AccountResolutionIndexes1763900300000 } from './1763900300000-account-resolution-indexes.js';
import { SubscriptionPrincipals1763900500000 } from './1763900500000-subscription-principals.js';
import { CreatePersonErasures1763900510000 } from './1763900510000-create-person-erasures.js';
import { CreateSharedLimits1763900700000 } from './1763900700000-create-shared-limits.js';
import { CreateCoachingReplica1763900800000 } from './1763900800000-create-coaching-replica.js';
import { CreateGongWrites1763900900000 } from './1763900900000-create-gong-writes.js';
import { CreateGoneCallPurges1763901000000 } from './1763901000000-create-gone-call-purges.js';
import { CreateReplicaDataVersions1763901250000 } from './1763901250000-create-replica-data-versions.js';
import { CreateCrmUploadJobs1763901300000 } from './1763901300000-create-crm-upload-jobs.js';
import { CreateGongAiCache1763901400000 } from './1763901400000-create-gong-ai-cache.js';
import { CreateDealsReplica1763901450000 } from './1763901450000-create-deals-replica.js';
import { SubscriptionTrackers1763901500000 } from './1763901500000-subscription-trackers.js';
import { SearchTermsTsqueryPlpgsql1763901560000 } from './1763901560000-search-terms-tsquery-plpgsql.js';
import { CreateSearchCalls1763901600000 } from './1763901600000-create-search-calls.js';
import { SearchChunkBodyKey1763901700000 } from './1763901700000-search-chunk-body-key.js';
import { AccountsDataVersion1763901800000 } from './1763901800000-accounts-data-version.js';
import { SearchTermsTsqueryDistinct1763901810000 } from './1763901810000-search-terms-tsquery-distinct.js';

/** Every migration, oldest first. New ones are appended; a landed migration is never edited. */
export const ALL_MIGRATIONS = [
  CreateServiceLeases1763900000000,
  CreateReplica1763900001000,
  CreateSearchChunks1763900002000,
  CreateQuotaSpend1763900010000,
  CreateCallAccessChecks1763900030000,
  IngestEventOutbox1763900040000,
  CreateAgentApi1763900060000,
  SearchChunkAccessKeys1763900080000,
  SearchAccountsIndexNoPendingList1763900081000,
  CreateGongOAuthGrants1763900090000,
  ApiTokenScopes1763900094000,
  CreateOAuthServer1763900100000,
  CreateGongTrackers1763900117000,
  SearchQuestionsAndSummaries1763900170000,
  AccountResolutionIndexes1763900300000,
  SubscriptionPrincipals1763900500000,
  CreatePersonErasures1763900510000,
  CreateSharedLimits1763900700000,
  CreateCoachingReplica1763900800000,
  CreateGongWrites1763900900000,
  CreateGoneCallPurges1763901000000,
  CreateReplicaDataVersions1763901250000,
  CreateCrmUploadJobs1763901300000,
  CreateGongAiCache1763901400000,
  CreateDealsReplica1763901450000,
  SubscriptionTrackers1763901500000,
  SearchTermsTsqueryPlpgsql1763901560000,
  CreateSearchCalls1763901600000,
  SearchChunkBodyKey1763901700000,
  AccountsDataVersion1763901800000,
  SearchTermsTsqueryDistinct1763901810000,
];
