import { z } from 'zod';

const otlpUrl = (description: string) =>
  z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL like http://otel-collector:4318')
    .transform((s) => s.replace(/\/+$/, ''))
    .optional()
    .describe(description);

/**
 * OpenTelemetry trace export, by the standard `OTEL_*` names. Tracing is off unless an OTLP
 * endpoint is set (and OTEL_SDK_DISABLED is not true); spread into each service's config schema.
 */
export const TracingFields = {
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .describe('Turn tracing off even when an OTLP endpoint is set'),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl(
    'OTLP/HTTP base URL traces are exported to (spans go to <url>/v1/traces, as OTLP/JSON); unset: no traces (tracing off)',
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl('Full OTLP/HTTP URL for traces, used as is (overrides OTEL_EXPORTER_OTLP_ENDPOINT)'),
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .regex(/^\s*[^=,\s]+=[^,]*(,\s*[^=,\s]+=[^,]*)*\s*$/, 'must be comma-separated key=value pairs, like authorization=Bearer%20abc')
    .optional()
    .describe('Headers sent with each OTLP export, as key=value pairs separated by commas, values URL-encoded (secret)'),
  OTEL_SERVICE_NAME: z.string().min(1).optional().describe('service.name of the spans (default: the service’s own name, e.g. ingest)'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(1)
    .describe('Share of new traces sampled, 0 to 1 (a trace started upstream follows its parent’s decision)'),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).default(5_000).describe('Delay between two span exports (milliseconds)'),
};

/** The tracing part of a service's config (every service schema spreads TracingFields). */
export const TracingConfigSchema = z.object(TracingFields);
export type TracingConfig = z.output<typeof TracingConfigSchema>;
