import { SetMetadata } from '@nestjs/common';
import type { ToolAccessTarget } from './tool-access.js';

export const REQUIRES_GRANT = 'gc:requires-grant';

/**
 * What a REST route needs of a token's grant: the MCP tools it is equivalent to (their scope and
 * tags). The route is allowed when any of them is: a token limited to tools or tags reaches the
 * same data over REST as over MCP, no more.
 */
export const RequiresGrant = (...equivalents: ToolAccessTarget[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRES_GRANT, equivalents);
