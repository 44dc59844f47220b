/** Stroke icons (16px grid) used in navigation; decorative, hidden from screen readers. */
const paths: Record<string, string> = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  map: 'M12 3v4m0 0H6v4m6-4h6v4M6 11H3v4h6v-4zm12 0h-3v4h6v-4zM12 7v4m-3 0h6v4H9z',
  portfolio: 'M4 7h16v12H4zM9 7V5h6v2M4 12h16',
  meetings: 'M4 5h16v11H8l-4 4z',
  decisions: 'M9 4h10v16H5V8zM9 4v4H5M9 13l2 2 4-4',
  plan: 'M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7',
  plans: 'M8 3h9l3 3v12H8zM16 3v4h4M4 7v14h11',
  history: 'M3 12a9 9 0 1 0 3-6.7L3 8m0-5v5h5m4-1v5l3 2',
  import: 'M12 3v12m0 0-4-4m4 4 4-4M4 17v3h16v-3',
  integrations: 'M9 7V3m6 4V3M7 7h10v4a5 5 0 0 1-10 0zM12 16v5',
  kpi: 'M4 19h16M6 15l4-5 3 3 5-7',
  alerts: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  security: 'M12 3 5 6v5c0 4.5 3 8.3 7 10 4-1.7 7-5.5 7-10V6zM9 12l2 2 4-4',
  people:
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM3 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7.5M21 21v-1a6 6 0 0 0-4-5.6',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
};

/** A navigation icon by name. */
export function Icon({ name }: { name: keyof typeof paths | string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name] ?? ''} />
    </svg>
  );
}
