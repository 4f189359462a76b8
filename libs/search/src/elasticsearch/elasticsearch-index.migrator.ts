import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { elasticsearchFailure } from './elasticsearch.failure.js';
import { INDEX_MAPPING_VERSION, REINDEX_SCRIPT, type ElasticsearchIndexShape } from './elasticsearch-index.template.js';

export interface IndexMigratorOptions {
  alias: string;
  shape: ElasticsearchIndexShape;
  /** Priority of the index template (default 500); raise it above another template matching `<alias>-v*`. */
  templatePriority: number;
  /** Pause between two polls of a reindex task. */
  pollMs: number;
  delay: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Told of migration steps and failures (the service logs them). */
  onEvent?: ((event: MigrationEvent) => void) | undefined;
}

export type MigrationEvent =
  | { type: 'started' | 'resumed'; from: string; to: string; task: string }
  | { type: 'progress'; from: string; to: string; task: string; total: number; done: number }
  | { type: 'swapped'; from: string; to: string; copied: number }
  | { type: 'failed'; from: string; to: string; error: string };

/** Where the alias points and what the index behind it holds. */
export interface IndexStatus {
  alias: string;
  /** The concrete index written (the alias' write index). */
  writeIndex: string;
  /** `_meta.mapping_version` of the write index (1 when absent). */
  mappingVersion: number;
  /** The write index requires routing by call id (mapping v3 on). */
  routed: boolean;
  /** A migration to this service's mapping in progress, or null. */
  migration: { to: string; task: string | null; total: number; done: number; error: string | null } | null;
}

export interface ReindexResult {
  from: string;
  to: string;
  /** Documents copied into the new index (every pass). */
  copied: number;
}

/** Writes made during a copy are copied again from this long before the copy started (clock skew between services). */
const CATCH_UP_MARGIN_MS = 5 * 60_000;

/**
 * The index's life cycle: the template, the first index behind the alias, and the move to a new
 * mapping version without downtime and without losing writes:
 *
 * 1. the new index `<alias>-v<version>` is created with this version's settings and mapping, its
 *    `_meta` naming the index it is copied from and the reindex task (so a restarted service
 *    resumes polling the same task, or starts the copy again when the task is gone: the copy is
 *    idempotent, `version_type: external` keeps the newest version of each chunk);
 * 2. `_reindex?wait_for_completion=false` copies every document (the script routes it by call
 *    id); the task is polled through the tasks API, with progress events;
 * 3. a catch-up pass copies what was written to the old index since the copy started
 *    (`indexed_at`), then the alias moves in one atomic `_aliases` request, then a last catch-up
 *    copies what landed in the old index meanwhile, and only then is the old index deleted.
 *
 * Until the swap, writers keep writing to the old index, in documents its mapping accepts (no
 * routing when it does not require it). Chunks deleted from the old index during the copy may
 * survive in the new one until their call is indexed again (`npm run reindex -- --call <id>`).
 */
export class ElasticsearchIndexMigrator {
  private state: IndexStatus | null = null;
  private running: Promise<ReindexResult> | null = null;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly options: IndexMigratorOptions,
  ) {}

  get templateName(): string {
    return `${this.options.alias}-template`;
  }

  get targetIndexName(): string {
    return `${this.options.alias}-v${INDEX_MAPPING_VERSION}`;
  }

  /** The last known status (null before `ensure`). */
  get status(): IndexStatus | null {
    return this.state;
  }

  /** The migration started by `ensure`, if any (tests and the reindex CLI await it). */
  get migration(): Promise<ReindexResult> | null {
    return this.running;
  }

  /** Stops polling (the server-side task goes on; the next start resumes it). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Puts the template, creates the first index behind the alias when there is none, reads the
   * write index's mapping version, and when it is older than this service's starts (or resumes)
   * the migration in the background. Idempotent.
   */
  async ensure(options: { migrate: boolean }): Promise<IndexStatus> {
    const { alias } = this.options;
    await this.run('put index template', () =>
      this.client.indices.putIndexTemplate({
        name: this.templateName,
        // `<alias>-v*`, not `<alias>-*`: the template of `gong-chunks` must not match `gong-chunks-staging-v3`.
        index_patterns: [`${alias}-v*`],
        priority: this.options.templatePriority,
        version: INDEX_MAPPING_VERSION,
        template: { settings: this.options.shape.settings, mappings: this.options.shape.mappings },
        _meta: { description: 'gong-connector transcript chunks', alias },
      }),
    );
    const writeIndex = await this.writeIndexOrCreate();
    const mapping = await this.mappingOf(writeIndex);
    this.state = { alias, writeIndex, ...mapping, migration: this.state?.migration ?? null };
    if (mapping.mappingVersion < INDEX_MAPPING_VERSION && options.migrate && this.running === null) {
      this.state.migration = { to: this.targetIndexName, task: null, total: 0, done: 0, error: null };
      this.running = this.migrate(writeIndex, this.targetIndexName, { deleteOld: true });
      // Failures are reported in the status and through onEvent; the old index keeps serving.
      this.running.catch(() => undefined);
    }
    return this.state;
  }

  /** Re-reads where the alias points (after another replica moved it). */
  async refreshStatus(): Promise<IndexStatus> {
    const writeIndex = await this.currentIndex();
    const mapping = await this.mappingOf(writeIndex);
    this.state = { alias: this.options.alias, writeIndex, ...mapping, migration: this.state?.migration ?? null };
    return this.state;
  }

  /** The concrete index behind the alias (its write index when it has several). */
  async currentIndex(): Promise<string> {
    const aliases = await this.run('get alias', () => this.client.indices.getAlias({ name: this.options.alias }));
    const names = Object.keys(aliases);
    const writeIndex = names.find((name) => aliases[name]?.aliases?.[this.options.alias]?.is_write_index === true);
    const current = writeIndex ?? (names.length === 1 ? names[0] : undefined);
    if (current === undefined) {
      throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `Elasticsearch alias ${this.options.alias} points at ${names.length} indexes and none is its write index`);
    }
    return current;
  }

  /** Copies `from` into `to` asynchronously (see the class comment), swaps the alias, then drops `from` when asked. */
  async migrate(from: string, to: string, options: { deleteOld?: boolean } = {}): Promise<ReindexResult> {
    try {
      const startedAt = await this.createTarget(from, to);
      let copied = await this.copy(from, to, null, startedAt);
      const catchUpFrom = this.options.now();
      copied += await this.copy(from, to, startedAt - CATCH_UP_MARGIN_MS, startedAt);
      await this.swapAlias(from, to);
      copied += await this.copy(from, to, catchUpFrom - CATCH_UP_MARGIN_MS, startedAt);
      if (options.deleteOld) await this.run(`delete index ${from}`, () => this.client.indices.delete({ index: from }));
      this.emit({ type: 'swapped', from, to, copied });
      await this.refreshStatus();
      if (this.state) this.state.migration = null;
      return { from, to, copied };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.state?.migration) this.state.migration.error = message;
      this.emit({ type: 'failed', from, to, error: message });
      throw error;
    }
  }

  /** Moves the alias from one concrete index to another in one atomic update. */
  async swapAlias(from: string, to: string): Promise<void> {
    await this.run('swap alias', () =>
      this.client.indices.updateAliases({
        actions: [{ remove: { index: from, alias: this.options.alias } }, { add: { index: to, alias: this.options.alias, is_write_index: true } }],
      }),
    );
  }

  /** Creates the target index (or finds it from an earlier attempt); returns when the migration started. */
  private async createTarget(from: string, to: string): Promise<number> {
    const startedAt = this.options.now();
    try {
      await this.client.indices.create({
        index: to,
        settings: this.options.shape.settings,
        mappings: { ...this.options.shape.mappings, _meta: { ...this.options.shape.mappings._meta, migrating_from: from, started_at: startedAt } },
      });
      return startedAt;
    } catch (error) {
      if (!isType(error, 'resource_already_exists_exception')) throw elasticsearchFailure(error, `create index ${to}`);
    }
    const meta = (await this.metaOf(to)) ?? {};
    if (meta.migrating_from !== undefined && meta.migrating_from !== from) {
      throw new AppError(ErrorCode.CONFIG_INVALID, `Elasticsearch index ${to} exists and is being filled from ${String(meta.migrating_from)}, not ${from}`);
    }
    return typeof meta.started_at === 'number' ? meta.started_at : startedAt;
  }

  /**
   * One reindex pass (documents indexed since `since`, or all) as a task, polled to its end. A
   * task recorded in the target's `_meta` by an earlier attempt is resumed when it still exists.
   */
  private async copy(from: string, to: string, since: number | null, startedAt: number): Promise<number> {
    const pass = since === null ? 'copy' : `catch-up:${since}`;
    const meta = (await this.metaOf(to)) ?? {};
    let task = meta.pass === pass && typeof meta.task === 'string' ? meta.task : null;
    let event: 'started' | 'resumed' = 'resumed';
    if (task !== null && (await this.taskOf(task)) === null) task = null;
    if (task === null) {
      const started = await this.run(`reindex ${from} into ${to}`, () =>
        this.client.reindex({
          wait_for_completion: false,
          conflicts: 'proceed',
          source: { index: from, size: 1_000, ...(since !== null ? { query: { range: { indexed_at: { gte: new Date(since).toISOString() } } } } : {}) },
          dest: { index: to, version_type: 'external' },
          script: { source: REINDEX_SCRIPT, lang: 'painless' },
        }),
      );
      task = String(started.task);
      event = 'started';
      await this.run(`record the reindex task in ${to}`, () =>
        this.client.indices.putMapping({ index: to, _meta: { ...this.options.shape.mappings._meta, migrating_from: from, started_at: startedAt, pass, task } }),
      );
    }
    if (this.state?.migration) this.state.migration.task = task;
    this.emit({ type: event, from, to, task });
    for (;;) {
      if (this.stopped) throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `Stopped while reindexing ${from} into ${to} (task ${task} goes on; the next start resumes it)`);
      const info = await this.taskOf(task);
      if (info === null) throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `Elasticsearch reindex task ${task} (${from} into ${to}) disappeared; the next start copies again`);
      const status = (info.task.status ?? {}) as { total?: number; created?: number; updated?: number; version_conflicts?: number };
      const done = (status.created ?? 0) + (status.updated ?? 0) + (status.version_conflicts ?? 0);
      if (this.state?.migration) Object.assign(this.state.migration, { total: status.total ?? 0, done });
      this.emit({ type: 'progress', from, to, task, total: status.total ?? 0, done });
      if (info.completed) {
        const response = (info.response ?? {}) as { failures?: { id?: string; cause?: { type?: string; reason?: string } }[]; created?: number; updated?: number };
        const first = response.failures?.[0];
        const what = info.error ? `${info.error.type}: ${info.error.reason ?? ''}` : first ? `${first.id}: ${first.cause?.type}: ${first.cause?.reason}` : null;
        if (what !== null) {
          throw new AppError(ErrorCode.INTERNAL, `Elasticsearch reindex from ${from} into ${to} failed (first: ${what}); the alias still points at ${from}`);
        }
        return (response.created ?? 0) + (response.updated ?? 0);
      }
      await this.options.delay(this.options.pollMs);
    }
  }

  private async taskOf(task: string): Promise<estypes.TasksGetResponse | null> {
    try {
      return await this.client.tasks.get({ task_id: task, wait_for_completion: false });
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return null;
      throw elasticsearchFailure(error, `get task ${task}`);
    }
  }

  private async writeIndexOrCreate(): Promise<string> {
    const exists = await this.run('check alias', () => this.client.indices.existsAlias({ name: this.options.alias }));
    if (exists) return this.currentIndex();
    const first = this.targetIndexName;
    try {
      await this.client.indices.create({ index: first, aliases: { [this.options.alias]: { is_write_index: true } } });
    } catch (error) {
      if (!isType(error, 'resource_already_exists_exception')) throw elasticsearchFailure(error, `create index ${first}`);
      // Another replica created it first, or a previous start stopped before the alias existed.
      await this.run('put alias', () => this.client.indices.putAlias({ index: first, name: this.options.alias, is_write_index: true }));
    }
    return first;
  }

  private async mappingOf(index: string): Promise<{ mappingVersion: number; routed: boolean }> {
    const response = await this.run(`get mapping of ${index}`, () => this.client.indices.getMapping({ index }));
    const mappings = response[index]?.mappings as (estypes.MappingTypeMapping & { _routing?: { required?: boolean } }) | undefined;
    const version = mappings?._meta?.mapping_version;
    return { mappingVersion: typeof version === 'number' ? version : 1, routed: mappings?._routing?.required === true };
  }

  private async metaOf(index: string): Promise<Record<string, unknown> | null> {
    const response = await this.run(`get mapping of ${index}`, () => this.client.indices.getMapping({ index }));
    return (response[index]?.mappings?._meta as Record<string, unknown> | undefined) ?? null;
  }

  private emit(event: MigrationEvent): void {
    this.options.onEvent?.(event);
  }

  private async run<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw elasticsearchFailure(error, action);
    }
  }
}

function isType(error: unknown, type: string): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  return (error.body as { error?: { type?: string } } | undefined)?.error?.type === type;
}
