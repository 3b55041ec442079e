import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { useSession } from "./auth/session";
import { Layout } from "./components/Layout";
import { SignIn } from "./pages/SignIn";
import { ExecutionsList } from "./pages/ExecutionsList";

// The list a user lands on is in the first bundle; the other pages load when first opened.
const ExecutionPage = lazy(() => import("./pages/ExecutionPage"));
const FlowsList = lazy(() => import("./pages/FlowsList"));
const FlowPage = lazy(() => import("./pages/FlowPage"));
const DashboardPage = lazy(() => import("./pages/dashboard/DashboardPage"));
const SyncJobsList = lazy(() => import("./pages/sync/SyncJobsList"));
const SyncJobPage = lazy(() => import("./pages/sync/SyncJobPage"));

export function App() {
  const { who } = useSession();
  if (who === undefined) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  if (who === null) return <SignIn />;
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          Loading…
        </p>
      }
    >
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Navigate to="/executions" replace />} />
          <Route path="executions" element={<ExecutionsList />} />
          <Route path="executions/:id" element={<ExecutionPage />} />
          <Route path="flows" element={<FlowsList />} />
          <Route path="flows/:namespace/:id" element={<FlowPage />} />
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="sync" element={<SyncJobsList />} />
          <Route path="sync/:job" element={<SyncJobPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>There is no page at this address.</p>
    </section>
  );
}
