/**
 * Method + path → route, with `{name}` segments captured (percent-decoded). Routes are matched
 * segment by segment in registration order; a path that matches with another method is 405.
 *
 * Runs on: every shard that serves HTTP.
 */
export interface RouteMatch<T> {
  route: T;
  params: Record<string, string>;
}

interface Entry<T> {
  method: string;
  segments: string[];
  route: T;
}

export class HttpRouter<T> {
  readonly #entries: Entry<T>[] = [];

  add(method: string, pattern: string, route: T): this {
    this.#entries.push({ method, segments: pattern.split('/').filter((s) => s.length > 0), route });
    return this;
  }

  /** The route, `'method_not_allowed'`, or null when no pattern matches the path. */
  match(method: string, path: string): RouteMatch<T> | 'method_not_allowed' | null {
    let segments: string[];
    try {
      segments = path
        .split('/')
        .filter((s) => s.length > 0)
        .map((s) => decodeURIComponent(s));
    } catch {
      return null;
    }
    let pathMatched = false;
    for (const entry of this.#entries) {
      const params = matchSegments(entry.segments, segments);
      if (params === null) continue;
      if (entry.method === method || (method === 'HEAD' && entry.method === 'GET')) return { route: entry.route, params };
      pathMatched = true;
    }
    return pathMatched ? 'method_not_allowed' : null;
  }
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index]!;
    const actual = path[index]!;
    if (expected.startsWith('{') && expected.endsWith('}')) params[expected.slice(1, -1)] = actual;
    else if (expected !== actual) return null;
  }
  return params;
}
