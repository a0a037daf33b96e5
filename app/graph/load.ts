/**
 * The one door into a graph document: file load, API payload and paste all come through here.
 * Whatever arrives, the answer is a valid document or a DocumentError listing coded problems
 * that say what and where. Never a stack trace, never a hang, never a polluted prototype.
 */
import { findLayer } from '../layers/catalog.ts';
import { checkParamValue } from '../layers/params.ts';
import type { LayerSpec } from '../layers/spec.ts';
import {
  CURRENT_VERSION,
  DOCUMENT_FORMAT,
  documentLimits,
  documentSchema,
  paramValueSchema,
} from './document.ts';
import type { GraphDocument } from './document.ts';
import { describeLoop, DocumentError, problem } from './errors.ts';
import type { Problem } from './errors.ts';
import { migrate, OLDEST_VERSION } from './migrate.ts';
import { describeValue, schemaProblem } from './schema-problems.ts';

/** Enough problems to fix a file; listing ten thousand helps nobody. */
const MAX_PROBLEMS = 50;

export function parseDocumentText(text: string): GraphDocument {
  // Length in UTF-16 units is a cheap lower bound on bytes; good enough to refuse a 50 MB file
  // before JSON.parse spends a second on it.
  if (text.length > documentLimits.bytes) {
    throw new DocumentError([
      problem(
        'E008',
        `The file is ${(text.length / 1024 / 1024).toFixed(1)} MB; a network document is at most ${documentLimits.bytes / 1024 / 1024} MB.`,
      ),
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    if (err instanceof RangeError) throw tooDeep();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DocumentError([problem('E001', `The file is not valid JSON: ${reason}.`)]);
  }
  return parseDocument(raw);
}

export function parseDocument(raw: unknown): GraphDocument {
  try {
    return parseUnguarded(raw);
  } catch (err) {
    // No step recurses into values the schema does not describe, so this is a safety net: a
    // stack overflow on absurdly nested input must still reach the user as a coded problem.
    if (err instanceof RangeError) throw tooDeep();
    throw err;
  }
}

function tooDeep(): DocumentError {
  return new DocumentError([
    problem('E008', 'The file is nested far too deeply to be a network document.'),
  ]);
}

function parseUnguarded(raw: unknown): GraphDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DocumentError([
      problem(
        'E002',
        `The file does not hold a Netwright document: expected a JSON object, found ${describeValue(raw)}.`,
      ),
    ]);
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== DOCUMENT_FORMAT) {
    throw new DocumentError([
      problem(
        'E002',
        `The file's format is ${describeValue(obj.format)}, not "${DOCUMENT_FORMAT}".`,
        { path: 'format' },
      ),
    ]);
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_VERSION) {
    throw new DocumentError([
      problem(
        'E002',
        `The document version ${describeValue(version)} is not one Netwright ever wrote.`,
        { path: 'version' },
      ),
    ]);
  }
  if (version > CURRENT_VERSION) {
    throw new DocumentError([
      problem(
        'E002',
        `The document is version ${version}, made by a newer Netwright; this one reads up to version ${CURRENT_VERSION}.`,
        { path: 'version' },
      ),
    ]);
  }
  const tooMany = sizeProblems(obj);
  if (tooMany.length > 0) throw new DocumentError(tooMany);

  const migrated = version < CURRENT_VERSION ? migrate(obj, version) : obj;
  const parsed = documentSchema.safeParse(migrated);
  if (!parsed.success) {
    throw new DocumentError(
      parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => schemaProblem(issue, migrated)),
    );
  }
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw new DocumentError(problems.slice(0, MAX_PROBLEMS));
  return parsed.data;
}

/** Refuses a million-node list up front instead of validating every entry first. */
function sizeProblems(obj: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['nodes', 'edges', 'groups'] as const) {
    const list = obj[key];
    const limit = documentLimits[key];
    if (Array.isArray(list) && list.length > limit) {
      problems.push(
        problem(
          'E008',
          `The document has ${list.length.toLocaleString('en-US')} ${key}; Netwright opens at most ${limit.toLocaleString('en-US')}.`,
          { path: key },
        ),
      );
    }
  }
  return problems;
}

/** What a schema cannot say: ids unique, references resolve, params fit their layer type. */
export function checkReferences(doc: GraphDocument): Problem[] {
  const problems: Problem[] = [];
  const nodeIds = new Set<string>();
  const groupIds = new Set(doc.groups.map((g) => g.id));

  doc.nodes.forEach((node, i) => {
    const path = `nodes[${i}]`;
    if (nodeIds.has(node.id))
      problems.push(problem('E005', `Two nodes have the id "${node.id}".`, { path }));
    nodeIds.add(node.id);
    const spec = findLayer(node.type);
    if (!spec) {
      problems.push(
        problem('E004', `Node "${node.id}" has the unknown layer type "${node.type}".`, {
          path: `${path}.type`,
        }),
      );
      return;
    }
    for (const [key, value] of Object.entries(node.params)) {
      const why = paramProblem(spec, node.id, key, value);
      if (why) problems.push(problem('E007', why, { path: `${path}.params.${key}` }));
    }
    if (node.group !== undefined && !groupIds.has(node.group)) {
      problems.push(
        problem('E009', `Node "${node.id}" belongs to the missing group "${node.group}".`, {
          path: `${path}.group`,
        }),
      );
    }
  });

  doc.nodes.forEach((node, i) => {
    if (node.shareWeightsWith !== undefined && !nodeIds.has(node.shareWeightsWith)) {
      problems.push(
        problem(
          'E006',
          `Node "${node.id}" shares weights with the missing node "${node.shareWeightsWith}".`,
          { path: `nodes[${i}].shareWeightsWith` },
        ),
      );
    }
  });

  const edgeIds = new Set<string>();
  const takenPorts = new Set<string>();
  doc.edges.forEach((edge, i) => {
    const path = `edges[${i}]`;
    if (edgeIds.has(edge.id) || nodeIds.has(edge.id))
      problems.push(problem('E005', `The edge id "${edge.id}" is used twice.`, { path }));
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIds.has(edge[end].node)) {
        problems.push(
          problem(
            'E006',
            `Edge "${edge.id}" ${end === 'source' ? 'starts at' : 'ends at'} the missing node "${edge[end].node}".`,
            { path: `${path}.${end}.node` },
          ),
        );
      }
    }
    if (edge.source.port !== 0) {
      problems.push(
        problem(
          'E006',
          `Edge "${edge.id}" leaves output port ${edge.source.port}, but layers have one output (port 0).`,
          { path: `${path}.source.port` },
        ),
      );
    }
    const port = `${edge.target.node}:${edge.target.port}`;
    if (takenPorts.has(port)) {
      problems.push(
        problem(
          'E019',
          `Two edges enter input ${edge.target.port} of node "${edge.target.node}".`,
          { path },
        ),
      );
    }
    takenPorts.add(port);
  });

  const groupSeen = new Set<string>();
  doc.groups.forEach((group, i) => {
    if (groupSeen.has(group.id) || nodeIds.has(group.id))
      problems.push(
        problem('E005', `The group id "${group.id}" is used twice.`, { path: `groups[${i}]` }),
      );
    groupSeen.add(group.id);
    if (group.parent !== undefined && !groupIds.has(group.parent)) {
      problems.push(
        problem('E009', `Group "${group.id}" sits in the missing group "${group.parent}".`, {
          path: `groups[${i}].parent`,
        }),
      );
    }
  });
  problems.push(...groupCycles(doc));
  return problems;
}

/**
 * Why a param value does not fit a node of this layer type, as a sentence, or null when it fits.
 * The loader and the edit operations both ask, so a value the inspector accepts always loads.
 */
export function paramProblem(
  spec: LayerSpec,
  nodeId: string,
  key: string,
  value: unknown,
): string | null {
  // Own keys only: `constructor` or `toString` must not find Object.prototype's members.
  const def = Object.hasOwn(spec.params, key) ? spec.params[key] : undefined;
  if (!def) return `${spec.label} "${nodeId}" has no parameter "${key}".`;
  const why = checkParamValue(def, value) ?? documentValueProblem(value);
  return why
    ? `${def.label} of ${spec.label} "${nodeId}" ${why}, but is ${describeValue(value)}.`
    : null;
}

/** What the document schema itself allows as a param value (a catalog def may be looser). */
function documentValueProblem(value: unknown): string | null {
  return paramValueSchema.safeParse(value).success
    ? null
    : 'must be a number, a short text, true or false, or a list of up to 16 numbers';
}

/**
 * Loops in the group tree, one problem per loop. Each group is walked once, and a group that
 * merely hangs below a loop is not blamed for it.
 */
function groupCycles(doc: GraphDocument): Problem[] {
  const parentOf = new Map(doc.groups.map((g) => [g.id, g.parent]));
  const indexOf = new Map(doc.groups.map((g, i) => [g.id, i]));
  const settled = new Set<string>();
  const problems: Problem[] = [];
  for (const group of doc.groups) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: string | undefined = group.id;
    while (at !== undefined && !settled.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = parentOf.get(at);
    }
    if (at !== undefined && onPath.has(at)) {
      const loop = path.slice(path.indexOf(at));
      problems.push(
        problem('E009', `Groups are nested inside themselves: ${describeLoop(loop)}.`, {
          path: `groups[${indexOf.get(at) ?? 0}].parent`,
        }),
      );
    }
    for (const id of path) settled.add(id);
  }
  return problems;
}

/**
 * The document as it is saved: two-space indent, trailing newline, and keys in the schema's
 * order, so a document edited in memory and the same document reopened save to identical text
 * (no spurious diffs in version control).
 */
export function serializeDocument(doc: GraphDocument): string {
  const canonical = documentSchema.safeParse(doc);
  return JSON.stringify(canonical.success ? canonical.data : doc, null, 2) + '\n';
}
