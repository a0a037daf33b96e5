/**
 * The canvas. React Flow draws what `flow-model` derives from the document; what the user does
 * on it becomes edit operations through `editing/`. While a drag is in flight, positions live
 * only here; the drop commits them as one undo step, so a drag never re-runs inference.
 */
import {
  Background,
  BackgroundVariant,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useStore as useFlowStore,
} from '@xyflow/react';
import type {
  Connection,
  EdgeChange,
  FinalConnectionState,
  NodeChange,
  XYPosition,
} from '@xyflow/react';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import type { DragEvent, MouseEvent as ReactMouseEvent } from 'react';
import { addLayer, commitMove, connectNodes } from '../editing/node-actions.ts';
import { setBlockCollapsed } from '../editing/group-actions.ts';
import { editorStore, select, useEditor } from '../store/editor-store.ts';
import { useShownInference } from '../code/shown-problems.ts';
import { openDialog, toast, useUi } from '../store/ui-store.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { useContextMenus } from './context-menus.ts';
import { CollapsedGroupNode } from './CollapsedGroupNode.tsx';
import { LAYER_DRAG_TYPE } from './drag-types.ts';
import { EmptyCanvas } from './EmptyCanvas.tsx';
import {
  clearPointer,
  flowInstance,
  measuredSizes,
  MIN_ZOOM,
  setFlowInstance,
  setPointer,
} from './flow-instance.ts';
import { LAYER_NODE_SIZE, buildViews, groupIdOf } from './flow-model.ts';
import { placeNodes } from './flow-placement.ts';
import type { FlowEdge, FlowNode, FlowViews } from './flow-model.ts';
import { GroupFrameNode } from './GroupFrameNode.tsx';
import { LayerNode } from './LayerNode.tsx';
import { ShapeEdge } from './ShapeEdge.tsx';

const nodeTypes = { layer: LayerNode, collapsed: CollapsedGroupNode, frame: GroupFrameNode };
const edgeTypes = { shape: ShapeEdge };

const categoryColors: Record<string, string> = {
  input: '#7aa2f7',
  core: '#bb9af7',
  convolution: '#7dcfff',
  pooling: '#2ac3de',
  reshaping: '#a9b1d6',
  normalization: '#9ece6a',
  regularization: '#e0af68',
  activation: '#ff9e64',
  recurrent: '#f7768e',
  merge: '#73daca',
  loss: '#db4b4b',
};

function minimapColor(node: FlowNode): string {
  if (node.type === 'layer') return categoryColors[node.data.category] ?? '#565f89';
  if (node.type === 'collapsed') return '#565f89';
  return 'transparent';
}

// Props React Flow copies into its store: created once, so a re-render of the canvas (every
// frame of a drag) does not look like a settings change to it.
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
// Middle-drag (or Space+drag) pans; the right button opens the context menu, as in Figma.
const panButtons = [1];
const snapGrid: [number, number] = [8, 8];
const proOptions = { hideAttribution: true };
const defaultEdgeOptions = { type: 'shape' };
const notSelf = (c: { source: string; target: string }) => c.source !== c.target;

const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < 0.4;

export function Canvas() {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const direction = useUi((s) => s.direction);
  const far = useFlowStore(zoomedOut);
  // Shape problems and what the chosen code target cannot express (W103), on the nodes.
  const inference = useShownInference(doc);

  const viewsRef = useRef<FlowViews | null>(null);
  const views = useMemo(() => {
    const next = buildViews(doc, inference, direction, viewsRef.current);
    viewsRef.current = next;
    return next;
  }, [doc, inference, direction]);

  const [dragging, setDragging] = useState<ReadonlyMap<string, XYPosition>>(new Map());
  const draggingRef = useRef(dragging);
  draggingRef.current = dragging;
  const [measuredVersion, remeasured] = useReducer((n: number) => n + 1, 0);

  const previousNodes = useRef(new Map<string, FlowNode>());
  const typeOf = useRef(new Map<string, FlowNode['type']>());
  const placed = useMemo(() => {
    void measuredVersion; // sizes live in a module map; the version says when they changed
    const result = placeNodes(
      views,
      { selection, dragging, measured: measuredSizes },
      previousNodes.current,
    );
    previousNodes.current = new Map(result.nodes.map((n) => [n.id, n]));
    typeOf.current = new Map(result.nodes.map((n) => [n.id, n.type]));
    return result;
  }, [views, selection, dragging, measuredVersion]);

  const edges = useMemo(() => {
    const chosen = new Set(selection.edges);
    return views.edges.map((e) => (chosen.has(e.id) ? { ...e, selected: true } : e));
  }, [views.edges, selection.edges]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    let moved: Map<string, XYPosition> | null = null;
    let sized = false;
    let nodes: Set<string> | null = null;
    let groups: Set<string> | null = null;
    const current = editorStore.get().selection;
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging) {
        moved ??= new Map(draggingRef.current);
        moved.set(change.id, change.position);
      } else if (change.type === 'dimensions' && change.dimensions) {
        // Frames are sized from their contents; only layers and collapsed blocks are measured.
        if (typeOf.current.get(change.id) === 'frame') continue;
        const before = measuredSizes.get(change.id);
        const { width, height } = change.dimensions;
        if (before?.width !== width || before?.height !== height) {
          measuredSizes.set(change.id, { width, height });
          sized = true;
        }
      } else if (change.type === 'select') {
        const groupId = groupIdOf(change.id);
        if (groupId) {
          groups ??= new Set(current.groups);
          if (change.selected) groups.add(groupId);
          else groups.delete(groupId);
        } else {
          nodes ??= new Set(current.nodes);
          if (change.selected) nodes.add(change.id);
          else nodes.delete(change.id);
        }
      }
    }
    if (moved) setDragging(moved);
    if (sized) remeasured();
    if (nodes || groups) {
      select({
        nodes: nodes ? [...nodes] : current.nodes,
        groups: groups ? [...groups] : current.groups,
        edges: current.edges,
      });
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const current = editorStore.get().selection;
    let edges: Set<string> | null = null;
    for (const change of changes) {
      if (change.type !== 'select') continue;
      edges ??= new Set(current.edges);
      if (change.selected) edges.add(change.id);
      else edges.delete(change.id);
    }
    if (edges) select({ ...current, edges: [...edges] });
  }, []);

  const finishDrag = useCallback(() => {
    const moved = draggingRef.current;
    if (moved.size === 0) return;
    const { doc: current } = editorStore.get();
    const origins = placedRef.current.groupOrigins;
    const positions = new Map<string, XYPosition>();
    const byId = new Map(current.nodes.map((n) => [n.id, n]));
    for (const [id, at] of moved) {
      const groupId = groupIdOf(id);
      if (!groupId) {
        if (byId.has(id)) positions.set(id, at);
        continue;
      }
      const origin = origins.get(groupId);
      if (!origin) continue;
      const dx = at.x - origin.x;
      const dy = at.y - origin.y;
      for (const member of viewsRef.current?.groups.members(groupId) ?? []) {
        const node = byId.get(member);
        if (node && !moved.has(member)) {
          positions.set(member, { x: node.position.x + dx, y: node.position.y + dy });
        }
      }
    }
    commitMove(positions);
    setDragging(new Map());
  }, []);
  const placedRef = useRef(placed);
  placedRef.current = placed;

  const onConnect = useCallback((connection: Connection) => {
    const targetGroup = groupIdOf(connection.target);
    if (targetGroup) {
      toast('error', 'Connection refused', 'Expand the block to connect to a layer inside it.');
      return;
    }
    const source = groupIdOf(connection.source)
      ? (connection.sourceHandle ?? '').replace(/^out-/, '')
      : connection.source;
    const port = Number((connection.targetHandle ?? 'in-0').replace(/^in-/, ''));
    connectNodes(source, connection.target, Number.isInteger(port) ? port : undefined);
  }, []);

  // Letting go of a wire on empty canvas offers a layer to put there, already wired.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || state.toNode || !state.fromNode || state.fromHandle?.type !== 'source')
        return;
      if (state.fromNode.type !== 'layer') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point || !state.to) return;
      openDialog({
        kind: 'quickAdd',
        screen: { x: point.clientX, y: point.clientY },
        flow: state.to,
        connectFrom: state.fromNode.id,
      });
    },
    [],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const type = event.dataTransfer.getData(LAYER_DRAG_TYPE);
    if (!type) return;
    event.preventDefault();
    const flow = flowInstance()?.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    if (!flow) return;
    // The drop point is the node's centre, where the user was looking.
    addLayer(type, {
      x: flow.x - LAYER_NODE_SIZE.width / 2,
      y: flow.y - LAYER_NODE_SIZE.height / 2,
    });
  }, []);

  const contextMenus = useContextMenus();

  const onNodeDoubleClick = useCallback((_event: ReactMouseEvent, node: FlowNode) => {
    if (node.type === 'collapsed') setBlockCollapsed(node.data.groupId, false);
  }, []);

  return (
    <div
      className={far ? 'canvas canvas--far' : 'canvas'}
      data-testid="canvas"
      onMouseMove={(e) => setPointer({ x: e.clientX, y: e.clientY })}
      onMouseLeave={clearPointer}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={placed.nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={finishDrag}
        onSelectionDragStop={finishDrag}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onNodeDoubleClick={onNodeDoubleClick}
        {...contextMenus}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onInit={setFlowInstance}
        isValidConnection={notSelf}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={multiSelectKeys}
        selectionOnDrag
        selectionMode={SelectionMode.Partial}
        panOnDrag={panButtons}
        panActivationKeyCode="Space"
        minZoom={MIN_ZOOM}
        maxZoom={2.5}
        snapToGrid
        snapGrid={snapGrid}
        connectionRadius={28}
        colorMode="dark"
        proOptions={proOptions}
        defaultEdgeOptions={defaultEdgeOptions}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1.3} color="#2b313b" />
        {doc.nodes.length > 0 && (
          <MiniMap<FlowNode>
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeStrokeWidth={0}
            maskColor="rgba(10, 12, 16, 0.72)"
            bgColor="#15181d"
            ariaLabel="Overview of the whole network"
          />
        )}
        <CanvasToolbar />
      </ReactFlow>
      {doc.nodes.length === 0 && <EmptyCanvas />}
    </div>
  );
}
