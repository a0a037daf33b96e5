/** A small set of line icons, drawn on a 16-pixel grid, coloured by the text around them. */

const paths = {
  plus: 'M8 3v10M3 8h10',
  search: 'M7 12.5a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11zM11 11l3.5 3.5',
  close: 'M4 4l8 8M12 4l-8 8',
  chevronDown: 'M4 6l4 4 4-4',
  chevronRight: 'M6 4l4 4-4 4',
  collapse: 'M4 10l4-4 4 4',
  expand: 'M4 6l4 4 4-4',
  block: 'M2.5 3.5h11v9h-11zM2.5 6h11',
  undo: 'M5 4L2 7l3 3M2 7h7.5a4 4 0 0 1 0 8H7',
  redo: 'M11 4l3 3-3 3M14 7H6.5a4 4 0 0 0 0 8H9',
  layout: 'M2 3h4v4H2zM10 9h4v4h-4zM6 5h2.5a1.5 1.5 0 0 1 1.5 1.5V9',
  layoutDown: 'M3 2h4v4H3zM9 10h4v4H9zM5 6v2.5A1.5 1.5 0 0 0 6.5 10H9',
  fit: 'M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4',
  code: 'M5.5 4.5L2 8l3.5 3.5M10.5 4.5L14 8l-3.5 3.5',
  problems: 'M8 1.8l6.5 11.7h-13zM8 6v3.5M8 11.5v.5',
  error: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM8 4.5v4.5M8 11v.5',
  warning: 'M8 1.8l6.5 11.7h-13zM8 6v3.5M8 11.5v.5',
  check: 'M3 8.5l3 3 7-7',
  save: 'M3 2h8l3 3v9H2V2zM5 2v4h5V2M5 14v-4h6v4',
  folder: 'M1.5 4V13h13V5.5H7.5L6 4z',
  file: 'M4 1.5h5.5L13 5v9.5H4zM9.5 1.5V5H13',
  template: 'M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z',
  copy: 'M5 5h8.5v9H5zM3 11V2h8',
  export: 'M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 11v2.5h11V11',
  trash: 'M3 4h10M6 4V2.5h4V4M4.5 4l.7 10h5.6l.7-10',
  command:
    'M5 3.5a1.5 1.5 0 1 0 0 3h6a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 1 0 11 9.5H5A1.5 1.5 0 1 0 6.5 11V5A1.5 1.5 0 0 0 5 3.5z',
  zoomIn: 'M7 12.5a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11zM11 11l3.5 3.5M7 5v4M5 7h4',
  zoomOut: 'M7 12.5a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11zM11 11l3.5 3.5M5 7h4',
  layers: 'M8 2l6 3-6 3-6-3zM2 8l6 3 6-3M2 11l6 3 6-3',
  memory: 'M3 4h10v8H3zM5 2v2M8 2v2M11 2v2M5 12v2M8 12v2M11 12v2',
  flops: 'M9 1.5L3.5 9H8l-1 5.5L12.5 7H8z',
  up: 'M8 13V3M4 7l4-4 4 4',
  dot: 'M8 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
  share:
    'M4 8a2 2 0 1 0 0 .01M12 3.5a2 2 0 1 0 0 .01M12 12.5a2 2 0 1 0 0 .01M5.8 7l4.4-2.5M5.8 9l4.4 2.5',
} as const;

export type IconName = keyof typeof paths;

export function Icon({
  name,
  size = 16,
  title,
}: {
  name: IconName;
  size?: number;
  title?: string;
}) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title && <title>{title}</title>}
      <path d={paths[name]} />
    </svg>
  );
}

/** The Netwright mark: three nodes wired into a fourth. */
export function Logo({ size = 18 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true">
      <path
        d="M4 4.5L15 10M4 10h11M4 15.5L15 10"
        stroke="currentColor"
        strokeWidth="1.4"
        fill="none"
        opacity="0.7"
      />
      <circle cx="4" cy="4.5" r="2.2" fill="#7aa2f7" />
      <circle cx="4" cy="10" r="2.2" fill="#9ece6a" />
      <circle cx="4" cy="15.5" r="2.2" fill="#e0af68" />
      <circle cx="15.5" cy="10" r="3" fill="#bb9af7" />
    </svg>
  );
}
