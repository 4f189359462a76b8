// Types of local-services.mjs (plain JS: `npm test` runs it before anything is compiled).
export declare const NATS_SERVER_HOWTO: string;
export declare function containerRuntimeAvailable(): Promise<boolean>;
export declare function reachable(url: string, defaultPort: number): Promise<boolean>;
export declare function findNatsServer(env?: NodeJS.ProcessEnv): string | undefined;
export declare function pathWithNatsServer(binary: string, path?: string): string;
export interface LocalService {
  url: string;
  stop(): Promise<void>;
}
export declare function startLocalNats(binary: string, options?: { readyTimeoutMs?: number }): Promise<LocalService>;
export declare function startEmbeddedPostgres(options?: { database?: string; password?: string }): Promise<LocalService & { dataDir: string }>;
