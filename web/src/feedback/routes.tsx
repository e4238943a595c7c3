import { lazy, type ReactNode, Suspense } from "react";
import type { RouteObject } from "react-router-dom";
import { Spinner } from "../ui/components.js";

// Each page loads when first opened.
const InboxPage = lazy(() => import("./InboxPage.js").then((m) => ({ default: m.InboxPage })));
const CategoryStatsPage = lazy(() =>
  import("./CategoryStatsPage.js").then((m) => ({ default: m.CategoryStatsPage })),
);
const CaseBoardPage = lazy(() => import("./CaseBoardPage.js").then((m) => ({ default: m.CaseBoardPage })));
const CasePage = lazy(() => import("./CasePage.js").then((m) => ({ default: m.CasePage })));
const TaxonomyPage = lazy(() => import("./TaxonomyPage.js").then((m) => ({ default: m.TaxonomyPage })));
const RoutingRulesPage = lazy(() =>
  import("./RoutingRulesPage.js").then((m) => ({ default: m.RoutingRulesPage })),
);

const AlertsPage = lazy(() => import("./AlertsPage.js").then((m) => ({ default: m.AlertsPage })));

const page = (element: ReactNode) => <Suspense fallback={<Spinner />}>{element}</Suspense>;

/** The feedback and case pages, mounted inside the signed-in layout. */
export const feedbackRoutes: RouteObject[] = [
  { path: "feedback", element: page(<InboxPage />) },
  { path: "feedback/categories", element: page(<CategoryStatsPage />) },
  { path: "feedback/taxonomy", element: page(<TaxonomyPage />) },
  { path: "feedback/routing", element: page(<RoutingRulesPage />) },
  { path: "feedback/alerts", element: page(<AlertsPage />) },
  { path: "cases", element: page(<CaseBoardPage />) },
  { path: "cases/:id", element: page(<CasePage />) },
];
