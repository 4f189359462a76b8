/** Injection token for the process's pino logger. */
export const LOGGER = Symbol('LOGGER');
/** Injection token for the service's options given to PlatformModule.forRoot. */
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
/** Injection token for the service's Clock (the system clock unless PlatformOptions.clock replaces it). */
export const CLOCK = Symbol('CLOCK');
/** Injection token for the AdminTokenSetting the AdminTokenGuard checks requests against. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
