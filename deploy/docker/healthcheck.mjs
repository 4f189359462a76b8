// Container healthcheck: the service's liveness endpoint on its own port.
const port = process.env.PORT ?? process.env.GONG_SIM_PORT ?? '8080';
const path = process.env.SERVICE === 'gong-sim' ? '/__sim/stats' : '/health/live';
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) })
  .then((r) => process.exit(r.ok ? 0 : 1))
  .catch(() => process.exit(1));
