/**
 * The one door into a graph document: file load, API payload and paste all come through here.
 * Whatever arrives, the answer is a valid document or a DocumentError listing coded problems
 * that say what and where. Never a stack trace, never a hang.
 */
import { findLayer } from '../layers/catalog.ts';
import { checkParamValue } from '../layers/params.ts';
import { CURRENT_VERSION, DOCUMENT_FORMAT, documentLimits, documentSchema } from './document.ts';
import type { GraphDocument } from './document.ts';
import { DocumentError, problem } from './errors.ts';
import type { Problem } from './errors.ts';
import { migrate, OLDEST_VERSION } from './migrate.ts';

/** Enough problems to fix a file; listing ten thousand helps nobody. */
const MAX_PROBLEMS = 50;

export function parseDocumentText(text: string): GraphDocument {
  // Length in UTF-16 units is a cheap lower bound on bytes; good enough to refuse a 50 MB file early.
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
    const reason = err instanceof Error ? err.message : String(err);
    throw new DocumentError([problem('E001', `The file is not valid JSON: ${reason}.`)]);
  }
  return parseDocument(raw);
}

export function parseDocument(raw: unknown): GraphDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DocumentError([
      problem('E002', 'The file does not hold a Netwright document (expected a JSON object).'),
    ]);
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== DOCUMENT_FORMAT) {
    throw new DocumentError([
      problem(
        'E002',
        `The file's format is ${JSON.stringify(obj.format)}, not "${DOCUMENT_FORMAT}".`,
        { path: 'format' },
      ),
    ]);
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_VERSION) {
    throw new DocumentError([
      problem(
        'E002',
        `The document version ${JSON.stringify(version)} is not one Netwright ever wrote.`,
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
  const migrated = version < CURRENT_VERSION ? migrate(obj, version) : obj;

  const parsed = documentSchema.safeParse(migrated);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
      const path = formatPath(issue.path);
      const code =
        issue.code === 'too_big' && /^(nodes|edges|groups)$/.test(path) ? 'E008' : 'E003';
      return problem(code, `${path || 'The document'}: ${issue.message}.`, { path });
    });
    throw new DocumentError(problems);
  }
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw new DocumentError(problems.slice(0, MAX_PROBLEMS));
  return parsed.data;
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
      const def = spec.params[key];
      if (!def) {
        problems.push(
          problem('E007', `${spec.label} has no parameter "${key}" (node ${node.id}).`, {
            path: `${path}.params.${key}`,
          }),
        );
        continue;
      }
      const why = checkParamValue(def, value);
      if (why) {
        problems.push(
          problem(
            'E007',
            `${spec.label} ${def.label.toLowerCase()} ${why}, but is ${JSON.stringify(value)} (node ${node.id}).`,
            { path: `${path}.params.${key}` },
          ),
        );
      }
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

function groupCycles(doc: GraphDocument): Problem[] {
  const parentOf = new Map(doc.groups.map((g) => [g.id, g.parent]));
  const problems: Problem[] = [];
  for (const group of doc.groups) {
    const seen = new Set<string>([group.id]);
    let at = group.parent;
    while (at !== undefined) {
      if (seen.has(at)) {
        problems.push(
          problem('E009', `Group "${group.id}" is nested inside itself.`, { path: `groups` }),
        );
        break;
      }
      seen.add(at);
      at = parentOf.get(at);
    }
  }
  return problems;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** The document as it is saved: stable key order, two-space indent, trailing newline. */
export function serializeDocument(doc: GraphDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
