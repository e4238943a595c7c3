export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="8" fill="var(--primary)" />
      <path d="M9 21c2-7 12-7 14 0" stroke="white" strokeWidth="3" fill="none" strokeLinecap="round" />
      <circle cx="16" cy="11" r="3" fill="white" />
    </svg>
  );
}
