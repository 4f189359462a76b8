import { ApiTokenRepository, CallReadRepository, CallWriteRepository, Database, PersonErasureRepository, SecretBox } from '@gong-connector/persistence';
import { createLogger, loadConfig } from '@gong-connector/platform';
import { CallReindexer, createGongClient, PersonEraser } from '@gong-connector/replica';
import { createSearchIndex } from '@gong-connector/search';
import { systemClock } from '@gong-connector/contracts';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { parseDuration, TokenService } from '../auth/token.service.js';
import { AgentApiConfigSchema } from '../config.js';
import { ErasureService } from '../erasure/erasure.service.js';
import { resealSecrets } from '../secrets/secrets.resealer.js';

const USAGE = `Usage (talks to the database of DATABASE_URL / DATABASE_SCHEMA directly):
  npm run admin -- tokens create --user jane@example.com [--expires-in 30d] [--name "Jane's agent"]
      [--scopes gong:read,gong:tasks:write] [--tools search_calls,get_call] [--tool-tags calls,search] [--read-only]
  npm run admin -- tokens create --service --act-as [--name "copilot platform"] [--expires-in 90d]
  npm run admin -- tokens list [--all]
  npm run admin -- tokens revoke <id>
  npm run admin -- tokens expire <id>
  npm run admin -- erase --email jane@customer.example [--requested-by "ticket 123"]
  npm run admin -- erase --phone "+1 425 555 2671"
  npm run admin -- erasures
  npm run admin -- secrets reseal    (seal stored secrets with the first key of SECRETS_ENCRYPTION_KEYS)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: 'string' },
    'expires-in': { type: 'string' },
    name: { type: 'string' },
    service: { type: 'boolean' },
    'act-as': { type: 'boolean' },
    all: { type: 'boolean' },
    scopes: { type: 'string' },
    tools: { type: 'string' },
    'tool-tags': { type: 'string' },
    'read-only': { type: 'boolean' },
    email: { type: 'string' },
    phone: { type: 'string' },
    'requested-by': { type: 'string' },
  },
});
const [area, command, id] = positionals;
/** `a,b c` -> ['a', 'b', 'c']; undefined stays undefined (no limit). */
const list = (value: string | undefined): string[] | undefined => (value === undefined ? undefined : value.split(/[\s,]+/).filter((v) => v.length > 0));
if (!((area === 'tokens' && command) || area === 'erase' || area === 'erasures' || (area === 'secrets' && command === 'reseal'))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const config = loadConfig(AgentApiConfigSchema);
const db = await Database.open({ url: config.DATABASE_URL, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), applicationName: 'agent-api-admin', poolSize: 2 });
if (area === 'secrets') {
  const box = SecretBox.fromSetting(config.SECRETS_ENCRYPTION_KEYS);
  if (!box.enabled) {
    process.stderr.write('SECRETS_ENCRYPTION_KEYS is not set: nothing to seal with\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify({ keyId: box.activeKeyId, resealed: await resealSecrets(db, box) }, null, 2)}\n`);
  }
  await db.close();
  process.exit();
}
if (area === 'erase' || area === 'erasures') {
  // Erasure straight against the database and the search index (no running service needed).
  const logger = createLogger({ name: 'agent-api-admin', level: 'warn' });
  const index = createSearchIndex({ database: db, elasticsearchUrl: config.ELASTICSEARCH_URL });
  const reads = new CallReadRepository(db);
  const erasures = new PersonErasureRepository(db);
  const reindexer = new CallReindexer(reads, index);
  const eraser = new PersonEraser({ database: db, erasures, reads, writes: new CallWriteRepository(db), reindex: (ids) => reindexer.reindex(ids), clock: systemClock, logger });
  const gong = config.AGENT_API_ERASURE_FORWARD_TO_GONG
    ? () => createGongClient(config, { requester: `agent-api-admin-erasure/${process.pid}`, database: db, logger, priority: 'interactive', timeoutMs: config.GONG_REQUEST_TIMEOUT_MS })
    : null;
  const service = new ErasureService(eraser, erasures, gong, logger);
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
    await db.close();
  }
  process.exit();
}
const tokens = new TokenService(new ApiTokenRepository(db), systemClock, 0);
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
try {
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
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
