// Small inline icons (no icon font, no dependency); decorative, so callers hide them from screen readers.
const common = { width: 18, height: 18, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.8, strokeLinecap: "round", strokeLinejoin: "round" } as const;

export const IconOverview = () => (
  <svg {...common}>
    <rect x="3" y="3" width="7" height="9" rx="1.5" />
    <rect x="14" y="3" width="7" height="5" rx="1.5" />
    <rect x="14" y="12" width="7" height="9" rx="1.5" />
    <rect x="3" y="16" width="7" height="5" rx="1.5" />
  </svg>
);
export const IconPlaybooks = () => (
  <svg {...common}>
    <path d="M4 5a2 2 0 0 1 2-2h11v16H6a2 2 0 0 0-2 2z" />
    <path d="M4 21V5" />
    <path d="M8 7h6M8 11h5" />
  </svg>
);
export const IconDecisions = () => (
  <svg {...common}>
    <path d="M4 12h4l3-7 4 14 3-7h2" />
  </svg>
);
export const IconCanvas = () => (
  <svg {...common}>
    <circle cx="6" cy="6" r="2.5" />
    <circle cx="18" cy="8" r="2.5" />
    <circle cx="10" cy="18" r="2.5" />
    <path d="M8.3 7l7.4 1M16.5 10l-5 6" />
  </svg>
);
export const IconAudit = () => (
  <svg {...common}>
    <path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />
    <path d="M9 12l2 2 4-4" />
  </svg>
);
export const IconUsers = () => (
  <svg {...common}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" />
    <path d="M16 4.8a3.5 3.5 0 010 6.4M18 14.4c2.1.7 3.5 2.8 3.5 5.6" />
  </svg>
);
export const IconSettings = () => (
  <svg {...common}>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
  </svg>
);
export const IconTarget = () => (
  <svg {...common}>
    <circle cx="12" cy="12" r="8" />
    <circle cx="12" cy="12" r="4" />
    <circle cx="12" cy="12" r="0.8" />
  </svg>
);
export const IconCrisis = () => (
  <svg {...common}>
    <path d="M12 3 2.5 20h19z" />
    <path d="M12 9v5M12 17h.01" />
  </svg>
);
export const Logo = () => (
  <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
    <rect width="32" height="32" rx="8" fill="var(--accent)" />
    <path d="M9 23V9h7.5a4.5 4.5 0 0 1 0 9H9" fill="none" stroke="white" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    <circle cx="22.5" cy="22.5" r="2" fill="white" />
  </svg>
);
export const IconBell = () => (
  <svg {...common}>
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </svg>
);
