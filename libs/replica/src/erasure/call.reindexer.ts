import { chunkCall, ChunkInputSchema, type ChunkingOptions } from '@gong-connector/chunking';
import { ErrorCode, validate } from '@gong-connector/contracts';
import type { CallReadRepository } from '@gong-connector/persistence';
import type { SearchIndex } from '@gong-connector/search';
import { ChunkInputMapper } from '../chunking/chunk-input.mapper.js';

/**
 * Makes the search index hold exactly what the replica now says of some calls (after an erasure):
 * each call re-chunked from its stored transcript, its chunks replaced; a call without a transcript
 * or no longer stored has its chunks deleted. With the processor's chunking options the result is
 * what the transcript processor would index; the processor re-indexes them anyway once their new
 * event version is announced.
 */
export class CallReindexer {
  constructor(
    private readonly reads: Pick<CallReadRepository, 'getCall' | 'getTranscript'>,
    private readonly index: Pick<SearchIndex, 'replaceCallChunks' | 'deleteCall'>,
    private readonly chunking: ChunkingOptions = {},
  ) {}

  async reindex(callIds: readonly string[]): Promise<{ chunks: number }> {
    let chunks = 0;
    for (const callId of callIds) {
      const [call, transcript] = await Promise.all([this.reads.getCall(callId), this.reads.getTranscript(callId)]);
      if (!call || !transcript) {
        await this.index.deleteCall(callId);
        continue;
      }
      const input = validate(ChunkInputSchema, ChunkInputMapper.toChunkInput(call, transcript), `stored call ${callId}`, ErrorCode.VALIDATION_FAILED);
      const result = await this.index.replaceCallChunks(callId, chunkCall(input, this.chunking));
      chunks += result.written;
    }
    return { chunks };
  }
}
