import type { estypes } from '@elastic/elasticsearch';

/**
 * Bumped whenever the mapping changes; concrete indexes are named `<alias>-v<version>` (and
 * `<alias>-v<version>-r<n>` when rebuilt), and carry the version in the mapping's
 * `_meta.mapping_version`. A service finding an older index behind the alias migrates it
 * (`ElasticsearchIndexMigrator`: new index, asynchronous reindex, alias swap, then the old index
 * goes) and meanwhile writes documents the old mapping accepts.
 * v2: `section` (transcript or summary) and `body_fingerprint` (duplicate collapse).
 * v3: `_routing` required: a call's chunks are routed by call id, so they live on one shard and a
 * call's rewrite is one shard-level bulk (the reindex from v2 sets the routing by script).
 */
export const INDEX_MAPPING_VERSION = 3;

/** The reindex script that turns a v2 document into a v3 one (routing by call id). */
export const REINDEX_SCRIPT = 'ctx._routing = ctx._source.call_id';

/** Separates id and name in `account_facet`. */
export const FACET_SEPARATOR = '\u001f';

export interface ElasticsearchIndexShape {
  settings: estypes.IndicesIndexSettings;
  mappings: estypes.MappingTypeMapping;
}

/**
 * Settings and mapping of a chunk index: English analysis on the text fields (body, speaker line,
 * call title, account names, and `.text` sub-fields of topic and trackers), keyword fields for
 * every filter and id (ids are strings: 20-digit Gong ids stay exact), dates, offsets on the body
 * for the unified highlighter, the metadata kept but not indexed, and `dynamic: strict` so a
 * document that does not fit is refused instead of silently widening the mapping.
 */
export function elasticsearchIndexShape(options: { shards?: number | undefined; replicas?: number | undefined } = {}): ElasticsearchIndexShape {
  const keyword = { type: 'keyword' } as const;
  const english = { type: 'text', analyzer: 'english' } as const;
  return {
    settings: {
      number_of_shards: options.shards ?? 1,
      number_of_replicas: options.replicas ?? 1,
      refresh_interval: '1s',
    },
    mappings: {
      dynamic: 'strict',
      _routing: { required: true },
      _meta: { mapping_version: INDEX_MAPPING_VERSION, owner: 'gong-connector search' },
      properties: {
        chunk_id: keyword,
        call_id: keyword,
        section: keyword,
        body_fingerprint: keyword,
        chunk_index: { type: 'integer' },
        call_title: english,
        call_started: { type: 'date' },
        call_duration_s: { type: 'integer' },
        workspace_id: keyword,
        host_user_id: keyword,
        participant_user_ids: keyword,
        is_private: { type: 'boolean' },
        account_ids: keyword,
        account_names: english,
        account_facet: keyword,
        speaker_id: keyword,
        speaker_name: keyword,
        speaker_email: keyword,
        speaker_user_id: keyword,
        speaker_affiliation: keyword,
        topic: { type: 'keyword', fields: { text: english } },
        tracker_names: { type: 'keyword', fields: { text: english } },
        start_ms: { type: 'integer' },
        end_ms: { type: 'integer' },
        speaker_line: english,
        body: { type: 'text', analyzer: 'english', index_options: 'offsets' },
        metadata: { type: 'object', enabled: false },
        indexed_at: { type: 'date' },
      },
    },
  };
}
