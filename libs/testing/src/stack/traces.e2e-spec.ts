import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shutdownTracing, startTracing, TracingConfigSchema } from '@gong-connector/platform';
import { waitFor } from '../deferred.js';
import { OtlpReceiver, type ReceivedSpan } from '../otlp.receiver.js';
import { PostCallScenario } from './post-call.scenario.js';
import { STACK_SERVICES } from './stack.js';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * One webhook's trace across every process: gong-sim (in this process, tracing to the same
 * receiver) fires the webhook; ingest receives it, publishes it on JetStream, fetches the call from
 * Gong (each request with its quota wait as its own span, the broker answering in its own process),
 * stores it and announces it; transcript-processor indexes it and publishes call.indexed; agent-api
 * delivers the subscriber's webhook. Every service exports OTLP/JSON to an in-process receiver.
 */
describe('traces: one trace from Gong webhook to delivered call.indexed', () => {
  let receiver: OtlpReceiver;
  let scenario: PostCallScenario;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    // This process hosts gong-sim: its webhook span is the trace's root.
    startTracing(TracingConfigSchema.parse(otel), 'gong-sim');
    scenario = await PostCallScenario.start({
      historyCalls: 50,
      transcriptDelayMs: 0,
      env: Object.fromEntries(STACK_SERVICES.map((s) => [s, otel])),
    });
  }, 600_000);

  afterAll(async () => {
    await scenario?.stop();
    await shutdownTracing();
    await receiver?.close();
  }, 120_000);

  it('holds the spans of the whole path, each a child of the one before, across five processes', async () => {
    const live = await scenario.liveCalls({ calls: 1, pacing: 'after-delivery' });
    expect(live.calls).toHaveLength(1);

    // The trace: the one ingest's webhook span belongs to.
    const webhookSpan = () => receiver.spans.find((s) => s.service === 'ingest' && s.kind === SERVER && /^POST \/webhooks\/gong/.test(s.name));
    await waitFor(() => webhookSpan() !== undefined, 'ingest exported its webhook span', { timeoutMs: 30_000, intervalMs: 100 });
    const traceId = webhookSpan()!.traceId;
    const find = (service: string, name: string | RegExp, kind?: number) => () =>
      receiver.trace(traceId).find((s) => s.service === service && (typeof name === 'string' ? s.name === name : name.test(s.name)) && (kind === undefined || s.kind === kind));
    const delivered = find('agent-api', /^POST/, CLIENT);
    // Each process exports in its own batches, a parent after its children: wait for every span the path needs.
    const needed: [string, string | RegExp, number?][] = [
      ['ingest', 'process ingest.webhook.received.v1', CONSUMER],
      ['ingest', 'gong POST /v2/calls/transcript'],
      ['ingest', 'store calls'],
      ['transcript-processor', 'process ingest.post-call.fetched.v1', CONSUMER],
      ['agent-api', 'process search.call.indexed.v1', CONSUMER],
      ['agent-api', 'deliver call.indexed webhook'],
      ['agent-api', /^POST/, CLIENT],
    ];
    await waitFor(
      () => {
        if (!needed.every(([service, name, kind]) => find(service, name, kind)() !== undefined)) return false;
        // The delivery's own consumer span too (another agent-api consumer of call.indexed may come first).
        const delivery = find('agent-api', 'deliver call.indexed webhook')();
        return receiver.trace(traceId).some((s) => s.spanId === delivery?.parentSpanId);
      },
      () => `the whole path in trace ${traceId}; have ${describeTrace(receiver.trace(traceId))}`,
      { timeoutMs: 30_000, intervalMs: 100 },
    );

    const spans = receiver.trace(traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: ReceivedSpan | undefined) => (s?.parentSpanId ? byId.get(s.parentSpanId) : undefined);
    const must = (service: string, name: string | RegExp, kind?: number): ReceivedSpan => {
      const span = find(service, name, kind)();
      if (!span) throw new Error(`no ${service} span ${String(name)} in trace ${traceId}: ${describeTrace(spans)}`);
      return span;
    };

    // gong-sim's webhook POST is the root; ingest's server span its child.
    const simPost = parentOf(webhookSpan());
    expect(simPost).toMatchObject({ service: 'gong-sim', kind: CLIENT, name: 'POST' });
    expect(simPost?.parentSpanId).toBeUndefined();

    // ingest: webhook received -> JetStream -> pipeline.
    const received = must('ingest', 'publish ingest.webhook.received.v1', PRODUCER);
    expect(parentOf(received)?.spanId).toBe(webhookSpan()!.spanId);
    const pipeline = must('ingest', 'process ingest.webhook.received.v1', CONSUMER);
    expect(parentOf(pipeline)?.spanId).toBe(received.spanId);
    expect(pipeline.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': 'ingest.webhook.received.v1' });

    // The Gong fetch, with its quota wait as its own span and the broker answering in its process.
    const gong = must('ingest', 'gong POST /v2/calls/transcript');
    const quota = spans.find((s) => s.name === 'quota.acquire' && s.parentSpanId === gong.spanId);
    expect(quota).toMatchObject({ service: 'ingest', attributes: { 'gong.quota.priority': 'post-call' } });
    const ask = spans.find((s) => s.name === 'request quota.acquire.v1' && s.parentSpanId === quota!.spanId);
    expect(ask?.kind).toBe(CLIENT);
    expect(spans.find((s) => s.service === 'quota-broker' && s.name === 'process quota.acquire.v1' && s.parentSpanId === ask!.spanId)?.kind).toBe(SERVER);
    const http = spans.find((s) => s.parentSpanId === gong.spanId && s.kind === CLIENT && s.name === 'POST');
    expect(http?.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200 });

    // Stored, then announced on JetStream.
    const stored = must('ingest', 'store calls');
    expect(stored.attributes).toMatchObject({ 'db.system.name': 'postgresql', 'gong.call.source': 'webhook' });
    const ready = must('ingest', 'publish ingest.post-call.fetched.v1', PRODUCER);

    // transcript-processor: consumes it, writes the index, publishes call.indexed.
    const indexing = must('transcript-processor', 'process ingest.post-call.fetched.v1', CONSUMER);
    expect(parentOf(indexing)?.spanId).toBe(ready.spanId);
    const write = must('transcript-processor', /^replaceCallChunks /, CLIENT);
    expect(write.attributes['db.operation.name']).toBe('replaceCallChunks');
    const indexed = must('transcript-processor', 'publish search.call.indexed.v1', PRODUCER);

    // agent-api: consumes call.indexed and delivers the subscriber's webhook.
    // Two agent-api durables consume call.indexed (webhook deliveries, and tracker.mentioned's own
    // consumer `<durable>-tracker-mentioned`): the deliveries' one is the consumer group without that suffix.
    const consumers = spans.filter((s) => s.service === 'agent-api' && s.name === 'process search.call.indexed.v1' && s.kind === CONSUMER);
    for (const c of consumers) expect(parentOf(c)?.spanId).toBe(indexed.spanId);
    const consumed = consumers.find((s) => !String(s.attributes['messaging.consumer.group.name']).endsWith('-tracker-mentioned'));
    if (!consumed) throw new Error(`no agent-api call.indexed delivery consumer span in trace ${traceId}: ${describeTrace(spans)}`);
    const delivery = must('agent-api', 'deliver call.indexed webhook');
    expect(parentOf(delivery)?.spanId).toBe(consumed.spanId);
    expect(parentOf(delivered())?.spanId).toBe(delivery.spanId);
    expect(delivered()?.attributes['http.response.status_code']).toBe(204);

    // One connected tree: every span's parent is in the trace, up to gong-sim's root.
    for (const span of spans) if (span !== simPost) expect([span.name, byId.has(span.parentSpanId ?? '')]).toEqual([span.name, true]);
    // (access consumes the call-ready event too: its spans join the trace when they are exported in time.)
    expect([...new Set(spans.map((s) => s.service))]).toEqual(expect.arrayContaining(['gong-sim', 'ingest', 'quota-broker', 'transcript-processor', 'agent-api']));

    // No secret or personal data in any attribute: no URL, no header, no key, no e-mail address.
    const attributes = JSON.stringify(receiver.spans.map((s) => s.attributes));
    expect(attributes).not.toContain(scenario.stack.webhookKey);
    expect(attributes).not.toContain(scenario.stack.adminToken);
    expect(attributes).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
    expect(attributes).not.toMatch(/https?:\/\//);
    expect(receiver.rejected).toBe(0);
  }, 300_000);
});

function describeTrace(spans: readonly ReceivedSpan[]): string {
  return spans.map((s) => `${s.service}:${s.name}`).join(', ');
}
