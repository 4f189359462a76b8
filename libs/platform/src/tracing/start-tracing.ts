import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './tracing.fields.js';

/** The tracer provider this process registered (at most one). */
let active: NodeTracerProvider | undefined;

export interface TracingHandle {
  enabled: boolean;
  /** Where spans go (no credentials in it), for the start-up log line. */
  endpoint?: string;
  /** Exports what is buffered and stops; idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Turns OpenTelemetry tracing on for this process when the config names an OTLP endpoint: a tracer
 * provider with the service's name, W3C trace-context propagation, async-context tracking and a
 * batching OTLP/HTTP (JSON) exporter. Call it from main.ts before the service boots. Without an
 * endpoint (or with OTEL_SDK_DISABLED) nothing is registered and every span is a no-op.
 */
export function startTracing(config: TracingConfig, serviceName: string): TracingHandle {
  const url = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT ? `${config.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` : undefined);
  if (config.OTEL_SDK_DISABLED || url === undefined || active !== undefined) {
    return { enabled: active !== undefined, shutdown: shutdownTracing };
  }
  const exporter = new OTLPTraceExporter({ url, headers: parseOtlpHeaders(config.OTEL_EXPORTER_OTLP_HEADERS) });
  active = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? serviceName,
      [ATTR_SERVICE_VERSION]: '0.1.0',
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG) }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY })],
  });
  // Registers the provider, the W3C trace-context and baggage propagators and the AsyncLocalStorage context manager.
  active.register();
  return { enabled: true, endpoint: new URL(url).origin, shutdown: shutdownTracing };
}

/** Flushes and stops the provider startTracing registered (nothing when tracing is off). */
export async function shutdownTracing(): Promise<void> {
  const provider = active;
  active = undefined;
  await provider?.shutdown().catch(() => undefined);
}

/** `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`, values URL-encoded) as a header map. */
export function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    out[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return out;
}
