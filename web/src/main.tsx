import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router-dom";
import { isApiError, setCsrfToken, setUnauthorizedHandler } from "./api/client.js";
import { Layout } from "./app/Layout.js";
import { NotFound } from "./app/NotFound.js";
import { LoginPage } from "./auth/LoginPage.js";
import { loginPath, RequireAuth } from "./auth/session.js";
import { feedbackRoutes } from "./feedback/routes.js";
import { I18nProvider } from "./i18n/I18nProvider.js";
import { SettingsPage } from "./settings/SettingsPage.js";
import { SurveyEditorPage } from "./surveys/editor/SurveyEditorPage.js";
import { SurveysPage } from "./surveys/SurveysPage.js";
import { Spinner } from "./ui/components.js";
import "./styles.css";
import "./analytics/analytics.css";

// The results page carries the charting library; it loads when first opened.
const ResultsPage = lazy(() => import("./results/ResultsPage.js").then((m) => ({ default: m.ResultsPage })));
const ComparePage = lazy(() =>
  import("./analytics/ComparePage.js").then((m) => ({ default: m.ComparePage })),
);
const SegmentsPage = lazy(() =>
  import("./analytics/SegmentsPage.js").then((m) => ({ default: m.SegmentsPage })),
);
const PortfolioPage = lazy(() =>
  import("./analytics/PortfolioPage.js").then((m) => ({ default: m.PortfolioPage })),
);
const BusinessPage = lazy(() =>
  import("./business/BusinessPage.js").then((m) => ({ default: m.BusinessPage })),
);
const BusinessSettingsPage = lazy(() =>
  import("./business/BusinessSettingsPage.js").then((m) => ({ default: m.BusinessSettingsPage })),
);
const SupportPage = lazy(() => import("./support/SupportPage.js").then((m) => ({ default: m.SupportPage })));
const DistributionSection = lazy(() =>
  import("./distribution/DistributionSection.js").then((m) => ({ default: m.DistributionSection })),
);

const retry = (count: number, error: unknown) =>
  count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry, refetchOnWindowFocus: false, staleTime: 30_000 } },
});

const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/surveys" replace /> },
      { path: "surveys", element: <SurveysPage /> },
      {
        path: "surveys/:id",
        element: (
          <Suspense fallback={<Spinner />}>
            <ResultsPage />
          </Suspense>
        ),
      },
      { path: "surveys/:id/edit", element: <SurveyEditorPage /> },
      {
        path: "surveys/:id/compare",
        element: (
          <Suspense fallback={<Spinner />}>
            <ComparePage />
          </Suspense>
        ),
      },
      {
        path: "segments",
        element: (
          <Suspense fallback={<Spinner />}>
            <SegmentsPage />
          </Suspense>
        ),
      },
      {
        path: "portfolio",
        element: (
          <Suspense fallback={<Spinner />}>
            <PortfolioPage />
          </Suspense>
        ),
      },
      {
        path: "distribution/*",
        element: (
          <Suspense fallback={<Spinner />}>
            <DistributionSection />
          </Suspense>
        ),
      },
      {
        path: "support",
        element: (
          <Suspense fallback={<Spinner />}>
            <SupportPage />
          </Suspense>
        ),
      },
      {
        path: "business",
        element: (
          <Suspense fallback={<Spinner />}>
            <BusinessPage />
          </Suspense>
        ),
      },
      {
        path: "business/settings",
        element: (
          <Suspense fallback={<Spinner />}>
            <BusinessSettingsPage />
          </Suspense>
        ),
      },
      ...feedbackRoutes,
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

// A session that expires while the dashboard is open: back to the login page, then back here.
setUnauthorizedHandler(() => {
  setCsrfToken(null);
  const here = window.location;
  if (here.pathname.startsWith("/login")) return;
  void router.navigate(loginPath(here), { replace: true }).then(() => queryClient.clear());
});

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
