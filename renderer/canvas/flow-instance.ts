/**
 * What commands need from the live canvas without being React components: the React Flow
 * instance (fit, zoom, coordinates), the last pointer position over the canvas, and the node
 * sizes React Flow measured (auto-layout lays out real boxes).
 */
import type { ReactFlowInstance, XYPosition } from '@xyflow/react';
import type { FlowEdge, FlowNode } from './flow-model.ts';

let instance: ReactFlowInstance<FlowNode, FlowEdge> | null = null;
/** Screen position of the pointer over the canvas; converted to flow coordinates when used. */
let pointer: XYPosition | null = null;

export const measuredSizes = new Map<string, { width: number; height: number }>();

export function setFlowInstance(next: ReactFlowInstance<FlowNode, FlowEdge> | null): void {
  instance = next;
}

export function flowInstance(): ReactFlowInstance<FlowNode, FlowEdge> | null {
  return instance;
}

export function setPointer(screen: XYPosition): void {
  pointer = screen;
}

export function clearPointer(): void {
  pointer = null;
}

/** Where to put something new: under the pointer when it is over the canvas, else the middle. */
export function insertionPoint(): { screen: XYPosition; flow: XYPosition } {
  if (pointer && instance) return { screen: pointer, flow: instance.screenToFlowPosition(pointer) };
  const pane = document.querySelector('.react-flow');
  const rect = pane?.getBoundingClientRect();
  const screen = rect
    ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }
    : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
  return { screen, flow: instance ? instance.screenToFlowPosition(screen) : { x: 0, y: 0 } };
}

/**
 * The box around what is on the canvas: layers, collapsed blocks and frames as React Flow holds
 * them (layers folded inside a collapsed block are not drawn and do not count).
 */
export function visibleBounds(): { x: number; y: number; width: number; height: number } | null {
  if (!instance) return null;
  const nodes = instance.getNodes();
  if (nodes.length === 0) return null;
  const box = instance.getNodesBounds(nodes);
  const margin = 24;
  return {
    x: box.x - margin,
    y: box.y - margin,
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  };
}

/** Below this zoom a whole network is an overview; opening one starts where it begins instead. */
const READABLE_ZOOM = 0.35;
const MAX_FIT_ZOOM = 1.2;
const TOOLBAR_ROOM = 56;
export const MIN_ZOOM = 0.01;

/**
 * Fits the document into view. With `readable`, a network too big to read when fitted is shown
 * from its start (its top-left) at a comfortable zoom instead.
 */
export function fitToContent(options: { duration?: number; readable?: boolean } = {}): void {
  const flow = instance;
  const bounds = visibleBounds();
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!flow || !bounds || !pane) return;
  const duration = options.duration ?? 0;
  // The floating toolbar covers the bottom of the canvas; fit above it.
  const height = pane.height - TOOLBAR_ROOM;
  const fitZoom = Math.min(pane.width / bounds.width, height / bounds.height);
  if (options.readable && fitZoom < READABLE_ZOOM) {
    const zoom = 0.7;
    void flow.setViewport(
      { x: -bounds.x * zoom + 24, y: -bounds.y * zoom + 24, zoom },
      { duration },
    );
    return;
  }
  // Small networks are not blown up past a comfortable size; huge ones stop at the zoom floor.
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(MIN_ZOOM, fitZoom * 0.94));
  const x = pane.width / 2 - (bounds.x + bounds.width / 2) * zoom;
  const y = height / 2 - (bounds.y + bounds.height / 2) * zoom;
  void flow.setViewport({ x, y, zoom }, { duration });
}
