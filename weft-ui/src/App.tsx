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
const WebhooksList = lazy(() => import("./pages/webhooks/WebhooksList"));
const EndpointPage = lazy(() => import("./pages/webhooks/EndpointPage"));
const DeliveryPage = lazy(() => import("./pages/webhooks/DeliveryPage"));
const EventTypesList = lazy(() => import("./pages/webhooks/EventTypes").then((m) => ({ default: m.EventTypesList })));
const EventTypePage = lazy(() => import("./pages/webhooks/EventTypes").then((m) => ({ default: m.EventTypePage })));
const AuditLog = lazy(() => import("./pages/admin/AuditLog"));
const AdminHome = lazy(() => import("./pages/admin/AdminHome"));
const Users = lazy(() => import("./pages/admin/Users"));
const Roles = lazy(() => import("./pages/admin/Roles"));
const ApiKeys = lazy(() => import("./pages/admin/ApiKeys"));
const SystemsList = lazy(() => import("./pages/systems/SystemsList"));
const SystemPage = lazy(() => import("./pages/systems/SystemPage"));
const NewSystemPage = lazy(() => import("./pages/systems/SystemPage").then((m) => ({ default: m.NewSystemPage })));
const CredentialsPage = lazy(() => import("./pages/systems/CredentialsPage"));
const FlowEditor = lazy(() => import("./pages/editor/FlowEditor"));
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
          <Route path="flows/new" element={<FlowEditor />} />
          <Route path="flows/:namespace/:id" element={<FlowPage />} />
          <Route path="webhooks" element={<WebhooksList />} />
          <Route path="webhooks/endpoints/:id" element={<EndpointPage />} />
          <Route path="webhooks/deliveries/:id" element={<DeliveryPage />} />
          <Route path="webhooks/event-types" element={<EventTypesList />} />
          <Route path="webhooks/event-types/:type" element={<EventTypePage />} />
          <Route path="audit" element={<AuditLog />} />
          <Route path="admin" element={<AdminHome />} />
          <Route path="admin/users" element={<Users />} />
          <Route path="admin/roles" element={<Roles />} />
          <Route path="admin/keys" element={<ApiKeys />} />
          <Route path="systems" element={<SystemsList />} />
          <Route path="systems/_new" element={<NewSystemPage />} />
          <Route path="systems/:id" element={<SystemPage />} />
          <Route path="credentials" element={<CredentialsPage />} />
          <Route path="flows/:namespace/:id/edit" element={<FlowEditor />} />
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
