/** Injection token for the service's parsed, frozen configuration (AccessConfig). */
export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');
/** Injection token for the Gong client (a GongClient; tests may point it at gong-sim). */
export const GONG_CLIENT = Symbol('GONG_CLIENT');
