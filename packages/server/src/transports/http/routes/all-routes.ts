/** Every route of the HTTP API (http-api.md §4), one file per resource group. */
import { consumerRoutes } from './consumer-routes.js';
import { messageRoutes } from './message-routes.js';
import { personalAccessTokenRoutes } from './personal-access-token-routes.js';
import type { HttpRouteDeps, RouteEntry } from './route-support.js';
import { streamRoutes } from './stream-routes.js';
import { systemRoutes } from './system-routes.js';
import { topicRoutes } from './topic-routes.js';
import { userRoutes } from './user-routes.js';

export function allHttpRoutes(deps: HttpRouteDeps): RouteEntry[] {
  return [
    ...systemRoutes(deps),
    ...userRoutes(deps),
    ...personalAccessTokenRoutes(deps),
    ...streamRoutes(deps),
    ...topicRoutes(deps),
    ...messageRoutes(deps),
    ...consumerRoutes(deps),
  ];
}
