import { ApiTokenRepository, AccessRepository, GongWriteRepository, CallReadRepository, CallWriteRepository, Database, DirectoryRepository, PersonErasureRepository, SchemaNotMigratedError, SecretBox, GongAiCacheRepository } from '@gong-connector/persistence';
import { createLogger } from '@gong-connector/platform';
import { CallReindexer, createGongClient, PersonEraser } from '@gong-connector/replica';
import { createSearchIndex } from '@gong-connector/search';
import { systemClock } from '@gong-connector/contracts';
import { userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration, TokenService } from '../auth/token.service.js';
import { loadAdminCliConfig } from '../config.js';
import { ErasureService } from '../erasure/erasure.service.js';
import { AccessExplainer } from '../me/access-explainer.service.js';
import { redactUrl } from './connection-env.js';
import { resealSecrets } from '../secrets/secrets.resealer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const DEMO_ENV = join(root, '.demo', 'connection.env');

const USAGE = `Usage (talks to the database of DATABASE_URL / DATABASE_SCHEMA directly; when both are unset,
it reads them from .demo/connection.env, which \`npm run demo\` writes):
  npm run admin -- tokens create --user jane@example.com [--expires-in 30d] [--name "Jane's agent"]
      [--scopes gong:read,gong:tasks:write] [--tools search_calls,get_call] [--tool-tags calls,search] [--read-only] [--auto-confirm]
  npm run admin -- tokens create --service --act-as [--name "copilot platform"] [--expires-in 90d]
  npm run admin -- tokens list [--all]
  npm run admin -- tokens revoke <id>
  npm run admin -- tokens expire <id>
  npm run admin -- erase --email jane@customer.example [--requested-by "ticket 123"]
  npm run admin -- erase --phone "+1 425 555 2671"
  npm run admin -- erasures
  npm run admin -- explain --user jane@example.com --call 1234567890
      (whether the user may see the call, and which rule decides)
  npm run admin -- audit [--user <Gong user id>] [--tool assign_flow] [--limit 100]
      (writes made in Gong for users and uses of Gong AI credits, newest first; the audit cannot be changed)
  npm run admin -- secrets reseal    (seal stored secrets with the first key of SECRETS_ENCRYPTION_KEYS)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: 'string' },
    call: { type: 'string' },
    'expires-in': { type: 'string' },
    name: { type: 'string' },
    service: { type: 'boolean' },
    'act-as': { type: 'boolean' },
    all: { type: 'boolean' },
    scopes: { type: 'string' },
    tools: { type: 'string' },
    'tool-tags': { type: 'string' },
    'read-only': { type: 'boolean' },
    'auto-confirm': { type: 'boolean' },
    tool: { type: 'string' },
    limit: { type: 'string' },
    email: { type: 'string' },
    phone: { type: 'string' },
    'requested-by': { type: 'string' },
  },
});
const [area, command, id] = positionals;
/** `a,b c` -> ['a', 'b', 'c']; undefined stays undefined (no limit). */
const list = (value: string | undefined): string[] | undefined => (value === undefined ? undefined : value.split(/[\s,]+/).filter((v) => v.length > 0));
const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
if (!((area === 'tokens' && command) || area === 'explain' || area === 'erase' || area === 'erasures' || area === 'audit' || (area === 'secrets' && command === 'reseal'))) fail(USAGE, 2);
if (area === 'explain' && (!values.user || !values.call)) fail(`explain needs --user <email or Gong user id> and --call <Gong call id>\n${USAGE}`, 2);
if (area === 'explain' && !/^\d{1,20}$/.test(values.call!)) fail(`--call must be a numeric Gong call id (up to 20 digits), not "${values.call}"`, 2);

const { config, from } = loadAdminCliConfig(DEMO_ENV);
if (from) process.stderr.write(`Using DATABASE_URL and DATABASE_SCHEMA from ${relative(process.cwd(), from) || from} (set DATABASE_URL to use another database).\n`);
const schema = config.DATABASE_SCHEMA ?? 'public';
const target = `${redactUrl(config.DATABASE_URL)} (schema "${schema}")`;

let db: Database;
try {
  // Never creates a schema or a table: the services migrate; this tool only uses what they made.
  db = await Database.openMigrated({ url: config.DATABASE_URL, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), applicationName: 'agent-api-admin', poolSize: 2 });
} catch (error) {
  if (error instanceof SchemaNotMigratedError) {
    fail(
      `Refusing to run: ${target} ${error.schemaExists ? `lacks ${error.missing.length} of the connector's migrations` : 'does not exist'}, so no connector service uses it, and this command never creates tables. ` +
        'Set DATABASE_URL and DATABASE_SCHEMA to the database and schema the services use (`npm run demo` writes them to .demo/connection.env, which this command reads when both are unset).',
    );
  }
  const e = error as { code?: string; message?: string };
  const why = e.code ?? (e.message ?? String(error)).split('\n')[0];
  fail(
    `Cannot reach PostgreSQL at ${redactUrl(config.DATABASE_URL)} (${why}): start it, or set DATABASE_URL (and DATABASE_SCHEMA) to the services' database; after \`npm run demo\` they are in .demo/connection.env, which this command reads when both are unset.`,
  );
}
const database = db!;
if (area === 'secrets') {
  const box = SecretBox.fromSetting(config.SECRETS_ENCRYPTION_KEYS);
  if (!box.enabled) {
    process.stderr.write('SECRETS_ENCRYPTION_KEYS is not set: nothing to seal with\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify({ keyId: box.activeKeyId, resealed: await resealSecrets(database, box) }, null, 2)}\n`);
  }
  await database.close();
  process.exit();
}
if (area === 'erase' || area === 'erasures') {
  // Erasure straight against the database and the search index (no running service needed).
  const logger = createLogger({ name: 'agent-api-admin', level: 'warn' });
  const index = createSearchIndex({ database, elasticsearchUrl: config.ELASTICSEARCH_URL });
  const reads = new CallReadRepository(database);
  const erasures = new PersonErasureRepository(database);
  const reindexer = new CallReindexer(reads, index);
  const eraser = new PersonEraser({ database, erasures, reads, writes: new CallWriteRepository(database), reindex: (ids) => reindexer.reindex(ids), clock: systemClock, logger });
  const gong = config.AGENT_API_ERASURE_FORWARD_TO_GONG
    ? () => createGongClient(config, { requester: `agent-api-admin-erasure/${process.pid}`, database, logger, priority: 'interactive', timeoutMs: config.GONG_REQUEST_TIMEOUT_MS })
    : null;
  const service = new ErasureService(eraser, erasures, gong, logger, new GongAiCacheRepository(database));
  try {
    const out =
      area === 'erasures'
        ? await service.list()
        : await service.erase({ email: values.email, phone: values.phone, requestedBy: values['requested-by'] }, `admin CLI (${userInfo().username})`);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await index.close();
    await database.close();
  }
  process.exit();
}
if (area === 'audit') {
  const limit = Number(values.limit ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) fail('--limit must be a whole number from 1 to 10000', 2);
  if (values.user !== undefined && !/^\d{1,20}$/.test(values.user)) fail(`--user must be a numeric Gong user id, not "${values.user}"`, 2);
  try {
    const lines = await new GongWriteRepository(database).listAudit({ limit, actingFor: values.user, tool: values.tool });
    process.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
  } finally {
    await database.close();
  }
  process.exit();
}
const tokens = new TokenService(new ApiTokenRepository(database), systemClock, 0);
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
try {
  if (area === 'explain') {
    const explainer = new AccessExplainer(new AccessRepository(database), new DirectoryRepository(database), new CallReadRepository(database), systemClock, 0);
    const answer = await explainer.explain(values.user!, values.call!);
    print(answer);
    process.stderr.write(`\n${answer.visible ? 'VISIBLE' : 'WITHHELD'} (${answer.rule}): ${answer.reason}\n`);
  } else {
    switch (command) {
      case 'create': {
        const expiresInMs = values['expires-in'] === undefined ? undefined : parseDuration(values['expires-in']);
        if (values['expires-in'] !== undefined && expiresInMs === undefined) throw new Error('--expires-in must look like 30d, 12h, 45m or 90s');
        const { token, record } = await tokens.create({
          kind: values.service ? 'service' : 'user',
          user: values.user,
          name: values.name,
          actAs: values['act-as'],
          expiresInMs,
          scopes: list(values.scopes),
          tools: list(values.tools),
          toolTags: list(values['tool-tags']),
          readOnly: values['read-only'],
          autoConfirm: values['auto-confirm'],
        });
        print(record);
        process.stderr.write(`\nThe token (shown once, store it now):\n`);
        process.stdout.write(`${token}\n`);
        break;
      }
      case 'list':
        print(await tokens.list(values.all === true));
        break;
      case 'revoke':
      case 'expire':
        if (!id) throw new Error(`tokens ${command} needs the token id`);
        print(command === 'revoke' ? await tokens.revoke(id) : await tokens.expire(id, new Date()));
        break;
      default:
        throw new Error(`unknown command tokens ${command}\n${USAGE}`);
    }
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
