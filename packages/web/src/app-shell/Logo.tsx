/** The Throughline mark: a line that climbs through its targets. */
export function Logo({ size = 26 }: { size?: number }) {
  return (
    <svg
      className="brand-mark"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" fill="#1f3a5f" />
      <path
        d="M7 21 L13 14 L18 18 L25 10"
        stroke="#7dd3a8"
        strokeWidth="3"
        fill="none"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
