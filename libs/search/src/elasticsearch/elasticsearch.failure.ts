import { errors } from '@elastic/elasticsearch';
import { AppError, ErrorCode } from '@gong-connector/contracts';

/**
 * An Elasticsearch client error as an AppError: unreachable, throttled (429) or failing (5xx) is
 * DEPENDENCY_UNAVAILABLE (retry later); another refusal is INTERNAL (our request is wrong).
 */
export function elasticsearchFailure(error: unknown, action: string): AppError {
  if (AppError.is(error)) return error;
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    const cause = (error.body as { error?: { type?: string; reason?: string } } | undefined)?.error;
    const what = cause?.type ? `${cause.type}: ${cause.reason ?? ''}` : error.message;
    const code = status === 429 || status >= 500 ? ErrorCode.DEPENDENCY_UNAVAILABLE : ErrorCode.INTERNAL;
    return new AppError(code, `Elasticsearch ${action} failed with ${status}: ${what}`, { cause: error });
  }
  if (error instanceof errors.ElasticsearchClientError) {
    return new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `Elasticsearch ${action} failed: ${error.name}: ${error.message}`, { cause: error });
  }
  return new AppError(ErrorCode.INTERNAL, `Elasticsearch ${action} failed: ${String(error)}`, { cause: error });
}
