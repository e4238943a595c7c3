import type { MessageKey } from "../i18n/I18nProvider.js";

/** One link of the sidebar. */
export interface Section {
  to: string;
  testId: string;
  label: MessageKey;
  /** Whether the link stands for the page at `path` (its sub-pages included). */
  isActive: (path: string) => boolean;
  adminOnly?: boolean;
}

export interface SectionGroup {
  label: MessageKey;
  sections: Section[];
}

const under = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`);
// The comparison of segments opens from a survey but belongs to segment analysis.
const isCompare = (path: string) => /^\/surveys\/[^/]+\/compare\/?$/.test(path);

/** The sidebar, grouped by what a user does: listen and act, analyse, run the business, set up. */
export const SECTION_GROUPS: SectionGroup[] = [
  {
    label: "nav.group.feedback",
    sections: [
      {
        to: "/surveys",
        testId: "nav-surveys",
        label: "nav.surveys",
        isActive: (p) => under("/surveys")(p) && !isCompare(p),
      },
      { to: "/feedback", testId: "nav-feedback", label: "nav.inbox", isActive: under("/feedback") },
      { to: "/cases", testId: "nav-cases", label: "nav.cases", isActive: under("/cases") },
    ],
  },
  {
    label: "nav.group.analytics",
    sections: [
      { to: "/portfolio", testId: "nav-portfolio", label: "nav.portfolio", isActive: under("/portfolio") },
      {
        to: "/segments",
        testId: "nav-segments",
        label: "nav.segments",
        isActive: (p) => under("/segments")(p) || isCompare(p),
      },
    ],
  },
  {
    label: "nav.group.business",
    sections: [
      { to: "/business", testId: "nav-business", label: "nav.business", isActive: under("/business") },
      { to: "/support", testId: "nav-support", label: "nav.support", isActive: under("/support") },
    ],
  },
  {
    label: "nav.group.setup",
    sections: [
      {
        to: "/distribution",
        testId: "nav-distribution",
        label: "nav.distribution",
        isActive: under("/distribution"),
      },
      {
        to: "/settings",
        testId: "nav-settings",
        label: "nav.settings",
        isActive: under("/settings"),
        adminOnly: true,
      },
    ],
  },
];
