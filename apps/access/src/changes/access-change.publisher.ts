import { Inject, Injectable } from '@nestjs/common';
import { Events, type AccessChangedV1, type Clock } from '@gong-connector/contracts';
import { CLOCK, EventPublisher } from '@gong-connector/platform';

/** Above this many users an event says `allUsers: true` instead of listing them. */
export const MAX_LISTED_USERS = 1_000;

/** Publishes `access.users.changed.v1`: whose cached filters must be dropped, and why. */
@Injectable()
export class AccessChangePublisher {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(userIds: readonly string[], reason: string): Promise<AccessChangedV1> {
    const allUsers = userIds.length > MAX_LISTED_USERS;
    const payload: AccessChangedV1 = {
      userIds: allUsers ? [] : [...userIds],
      allUsers,
      reason,
      changedAt: new Date(this.clock.now()).toISOString(),
    };
    await this.publisher.publish(Events.accessChanged, payload);
    return payload;
  }
}
