-- A pending delivery held by a lease is due when the lease ends (see WebhookStore): a claim takes the pending
-- deliveries that are due, and no longer reads their leases. Deliveries held when this store was updated get
-- the same due time, so that none of them is taken while its lease is live.
UPDATE webhook_deliveries SET due_at = lease_until
    WHERE status = 'pending' AND lease_owner IS NOT NULL AND lease_until IS NOT NULL;
