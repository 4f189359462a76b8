import type { EntityManager } from 'typeorm';

/**
 * One open database transaction (opaque to apps): repositories take it as an optional last
 * argument to join the caller's transaction instead of opening their own. Get one from
 * `Database.transaction(fn)`; it is valid until `fn` settles.
 */
export class Transaction {
  readonly #manager: EntityManager;

  /** Built by `Database.transaction`; not for apps. */
  constructor(manager: EntityManager) {
    this.#manager = manager;
  }

  /** Raw SQL inside the transaction (rows as node-postgres returns them). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the repository that reads them
  query(sql: string, params?: readonly unknown[]): Promise<any> {
    return this.#manager.query(sql, params ? [...params] : undefined);
  }
}
