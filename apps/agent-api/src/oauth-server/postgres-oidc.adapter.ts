import type { Clock } from '@gong-connector/contracts';
import type { OAuthModelRepository } from '@gong-connector/persistence';
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * oidc-provider's storage contract over PostgreSQL, one instance per model name (Session, Grant,
 * AuthorizationCode, RefreshToken, Client, Interaction, ...). The repository stores each id as its
 * sha256 only, so a database dump yields no usable refresh token, code or session cookie. Access
 * tokens are JWTs and are never stored.
 */
export class PostgresOidcAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly repository: OAuthModelRepository,
    private readonly clock: Clock,
  ) {}

  static factory(repository: OAuthModelRepository, clock: Clock): AdapterFactory {
    return (name: string) => new PostgresOidcAdapter(name, repository, clock);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    await this.repository.upsert(this.model, id, { ...payload }, {
      // A grant is stored under its own id, and every token of it names it.
      grantId: this.model === 'Grant' ? id : payload.grantId,
      uid: payload.uid,
      userCode: payload.userCode,
      expiresAt: expiresIn === undefined ? null : new Date(this.clock.now() + expiresIn * 1000),
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return (await this.repository.find(this.model, id)) as AdapterPayload | undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return (await this.repository.findByUid(this.model, uid)) as AdapterPayload | undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return (await this.repository.findByUserCode(this.model, userCode)) as AdapterPayload | undefined;
  }

  async consume(id: string): Promise<void> {
    await this.repository.consume(this.model, id);
  }

  async destroy(id: string): Promise<void> {
    await this.repository.destroy(this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.repository.revokeByGrantId(this.model, grantId);
  }
}
