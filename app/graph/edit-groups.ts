/**
 * Edits of groups: the collapsible blocks (a residual block, an inception module, a ResNet
 * stage) that nest inside one another. Same contract as edit.ts, which re-exports these.
 */
import type { GraphDocument, GraphGroup } from './document.ts';
import { edited, omit, overLimit, refuse } from './edit-result.ts';
import type { EditResult } from './edit-result.ts';
import { IdMaker } from './ids.ts';

const MAX_GROUP_NAME = 200;

/**
 * Puts nodes into a new group. The group nests inside the innermost group that holds all of
 * them, so grouping two blocks of a stage makes a sub-stage rather than tearing them out.
 */
export function groupNodes(
  doc: GraphDocument,
  nodeIds: Iterable<string>,
  name: string,
): EditResult<{ groupId: string }> {
  const wanted = new Set(nodeIds);
  if (wanted.size === 0) return refuse('E003', 'Select at least one node to group.');
  const members = doc.nodes.filter((n) => wanted.has(n.id));
  if (members.length < wanted.size) {
    const missing = [...wanted].find((id) => !members.some((n) => n.id === id));
    return refuse('E006', `There is no node "${String(missing)}" to group.`);
  }
  const trimmed = name.trim();
  if (!trimmed) return refuse('E003', 'A group needs a name.');
  if (trimmed.length > MAX_GROUP_NAME) {
    return refuse('E003', `A group name may be at most ${MAX_GROUP_NAME} characters long.`);
  }
  const full = overLimit(doc, 'groups');
  if (full) return full;

  const groupId = new IdMaker(doc).next('group');
  const parent = innermostCommonGroup(
    doc,
    members.map((n) => n.group),
  );
  const group: GraphGroup = {
    id: groupId,
    name: trimmed,
    collapsed: false,
    ...(parent !== undefined ? { parent } : {}),
  };
  const nodes = doc.nodes.map((n) => (wanted.has(n.id) ? { ...n, group: groupId } : n));
  return edited({ ...doc, nodes, groups: [...doc.groups, group] }, { groupId });
}

/** Dissolves a group: its nodes and sub-groups move up to the group that held it. */
export function ungroup(doc: GraphDocument, groupId: string): EditResult {
  const group = doc.groups.find((g) => g.id === groupId);
  if (!group) return refuse('E009', `There is no group "${groupId}".`);
  const up = group.parent;
  const nodes = doc.nodes.map((n) => {
    if (n.group !== groupId) return n;
    return up === undefined ? omit(n, 'group') : { ...n, group: up };
  });
  const groups = doc.groups
    .filter((g) => g.id !== groupId)
    .map((g) => {
      if (g.parent !== groupId) return g;
      return up === undefined ? omit(g, 'parent') : { ...g, parent: up };
    });
  return edited({ ...doc, nodes, groups }, {});
}

export function setGroupCollapsed(
  doc: GraphDocument,
  groupId: string,
  collapsed: boolean,
): EditResult {
  const group = doc.groups.find((g) => g.id === groupId);
  if (!group) return refuse('E009', `There is no group "${groupId}".`);
  if (group.collapsed === collapsed) return edited(doc, {});
  const groups = doc.groups.map((g) => (g.id === groupId ? { ...g, collapsed } : g));
  return edited({ ...doc, groups }, {});
}

/** The deepest group that contains every one of `groups` (undefined: the top level). */
function innermostCommonGroup(
  doc: GraphDocument,
  groups: readonly (string | undefined)[],
): string | undefined {
  const parentOf = new Map(doc.groups.map((g) => [g.id, g.parent]));
  // Outermost last; the walk stops at a repeat so even a malformed loop cannot hang it.
  const chain = (start: string | undefined): string[] => {
    const out: string[] = [];
    for (let at = start; at !== undefined && !out.includes(at); at = parentOf.get(at)) {
      out.push(at);
    }
    return out;
  };
  const [first, ...rest] = groups;
  const others = rest.map((g) => new Set(chain(g)));
  return chain(first).find((candidate) => others.every((set) => set.has(candidate)));
}
