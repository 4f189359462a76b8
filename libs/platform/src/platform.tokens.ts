/** Injection token for the process's pino logger. */
export const LOGGER = Symbol('LOGGER');
/** Injection token for the service's options given to PlatformModule.forRoot. */
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
