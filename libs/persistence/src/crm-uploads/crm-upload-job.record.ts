/** Where a CRM upload job stands (see the crm_upload_jobs migration). */
export type CrmUploadJobState = 'submitting' | 'polling' | 'done' | 'failed';

/** One line Gong refused, as its request status lists it. */
export interface CrmUploadLineError {
  line: number | null;
  description: string;
}

/** A CRM upload made for a user and followed until Gong's request status is final. */
export interface CrmUploadJobRecord {
  id: string;
  userId: string;
  userEmail: string | null;
  tokenId: string;
  tokenKind: string;
  argsDigest: string;
  integrationId: string;
  objectType: string;
  clientRequestId: string;
  lineCount: number;
  state: CrmUploadJobState;
  /** Gong's last request status: PENDING, IN_PROGRESS, DONE or FAILED (null before the first poll). */
  gongStatus: string | null;
  /** Gong's requestId of the upload. */
  gongRequestId: string | null;
  successCount: number | null;
  errorCount: number | null;
  lineErrors: CrmUploadLineError[];
  error: { code: string; message: string } | null;
  polls: number;
  nextPollAt: Date;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export type NewCrmUploadJob = Pick<
  CrmUploadJobRecord,
  'id' | 'userId' | 'userEmail' | 'tokenId' | 'tokenKind' | 'argsDigest' | 'integrationId' | 'objectType' | 'clientRequestId' | 'lineCount' | 'nextPollAt' | 'createdAt'
>;

/** What one poll learned, written under the poller's lease. */
export interface CrmUploadJobProgress {
  state: CrmUploadJobState;
  gongStatus?: string | null | undefined;
  successCount?: number | null | undefined;
  errorCount?: number | null | undefined;
  lineErrors?: CrmUploadLineError[] | undefined;
  error?: { code: string; message: string } | null | undefined;
  nextPollAt: Date;
  at: Date;
}
