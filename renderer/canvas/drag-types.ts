/** The drag-and-drop payload type a palette item carries onto the canvas. */
export const LAYER_DRAG_TYPE = 'application/x-netwright-layer';
