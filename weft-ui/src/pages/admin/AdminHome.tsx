import { Navigate } from "react-router";
import { useSession } from "../../auth/session";

/** /admin: the first of users, roles and keys the caller may read. */
export default function AdminHome() {
  const { can } = useSession();
  if (can("users.read")) return <Navigate to="/admin/users" replace />;
  if (can("keys.read")) return <Navigate to="/admin/keys" replace />;
  if (can("roles.read")) return <Navigate to="/admin/roles" replace />;
  return (
    <section>
      <h1>Users and keys</h1>
      <p>Your role does not let you read this tenant's users, roles or API keys.</p>
    </section>
  );
}
