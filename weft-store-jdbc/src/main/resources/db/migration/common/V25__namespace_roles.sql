-- A key's or user's roles in single namespaces, on top of its role in the whole tenant: a JSON object from
-- namespace to role name ({"finance": "editor"}); null when it has none (docs/design/access.md, "Roles").
ALTER TABLE api_keys ADD COLUMN namespace_roles TEXT;
ALTER TABLE users ADD COLUMN namespace_roles TEXT;
