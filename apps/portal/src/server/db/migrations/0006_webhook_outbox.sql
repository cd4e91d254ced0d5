-- Webhooks to hosts (Standard Webhooks): a host registers one endpoint URL and gets a signing
-- secret; every change the portal reports is written to an outbox in the same transaction as
-- the change itself, and a delivery loop sends it from there (so nothing is lost across a
-- restart, and nothing is sent for a change that was rolled back).

-- The host's endpoint. `webhook_secret` is `whsec_` + base64 (Standard Webhooks). After a
-- rotation the previous secret keeps signing too (a second signature) until it expires, so the
-- host can switch its copy without refusing anything.
ALTER TABLE hosts ADD COLUMN webhook_url text;
ALTER TABLE hosts ADD COLUMN webhook_secret text;
ALTER TABLE hosts ADD COLUMN webhook_previous_secret text;
ALTER TABLE hosts ADD COLUMN webhook_previous_secret_expires_at timestamptz;

-- One row per message (its id is the `webhook-id` header, the same for every attempt). `body`
-- is the exact JSON sent and signed. `status`: pending until a 2xx (delivered) or the last
-- attempt (failed, kept so the host can see and replay it). `locked_until` is a lease: the
-- portal process sending a message holds it for the attempt, so two processes on one database
-- never send the same attempt, and a process that died mid-attempt lets it go when it lapses.
CREATE TABLE webhook_outbox (
  id text PRIMARY KEY,
  host_id text NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_attempt_at timestamptz,
  last_response_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_outbox_host ON webhook_outbox (host_id, created_at DESC);
