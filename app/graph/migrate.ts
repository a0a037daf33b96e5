/**
 * Older documents are brought up to the current version on load, one step at a time, so a file
 * saved by any earlier Netwright opens today. Each step takes the raw JSON of version N and
 * returns version N + 1; steps never validate (the schema does that after the last step).
 */

type Json = Record<string, unknown>;

/**
 * Version 1 (the first preview) kept the title at the top level and wrote edges as
 * `{ id, from: "node:port", to: "node:port" }`; it had no groups.
 */
function v1ToV2(doc: Json): Json {
  const { title, edges, ...rest } = doc;
  const splitEndpoint = (value: unknown) => {
    if (typeof value !== 'string') return value;
    const at = value.lastIndexOf(':');
    if (at < 0) return { node: value, port: 0 };
    const port = value.slice(at + 1);
    // A port that is not a plain number is passed on as text, so the schema names it.
    return { node: value.slice(0, at), port: /^\d{1,4}$/.test(port) ? Number(port) : port };
  };
  return {
    ...rest,
    version: 2,
    metadata: { title: typeof title === 'string' ? title : 'Untitled' },
    groups: [],
    edges: Array.isArray(edges)
      ? edges.map((e: unknown) => {
          if (typeof e !== 'object' || e === null) return e;
          const { from, to, ...edge } = e as Json;
          return { ...edge, source: splitEndpoint(from), target: splitEndpoint(to) };
        })
      : edges,
  };
}

/** migrations[n] turns version n + 1 into version n + 2. */
const migrations: ((doc: Json) => Json)[] = [v1ToV2];

export const OLDEST_VERSION = 1;

export function migrate(doc: Json, fromVersion: number): Json {
  let current = doc;
  for (let v = fromVersion; v < OLDEST_VERSION + migrations.length; v++) {
    const step = migrations[v - OLDEST_VERSION];
    if (step) current = step(current);
  }
  return current;
}
