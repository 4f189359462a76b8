import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { TrackersService, type TrackerListView } from './trackers.service.js';

/** `GET /v1/trackers`: the company's keyword trackers and their phrases. */
@Controller('v1/trackers')
@UseGuards(BearerAuthGuard)
export class TrackersController {
  constructor(@Inject(TrackersService) private readonly trackers: TrackersService) {}

  @Get()
  list(@Query() query: unknown): Promise<TrackerListView> {
    return this.trackers.list(validate(ApiRequestSchemas.listTrackers, query, 'query string'));
  }
}
