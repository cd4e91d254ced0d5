-- A host (the app that embeds the portal: its API key, signing secrets, registered origins,
-- branding, required scheme) owns many household sites (one home each: its site tokens,
-- journey progress and consents). Until now one `sites` row held both; every existing site
-- becomes a host of the same id that owns one household site of that id, so existing
-- consents and progress stay where they are.
CREATE TABLE hosts (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- SHA-256 of the host's API key (a long random string, so a fast hash is enough). Unique:
  -- the key alone says which host is calling.
  api_key_hash text NOT NULL UNIQUE,
  registered_origins jsonb NOT NULL DEFAULT '[]'::jsonb,
  branding jsonb NOT NULL DEFAULT '{}'::jsonb,
  required_scheme text NOT NULL CHECK (required_scheme IN ('v1', 'v2')),
  default_asset_model text,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO hosts (id, name, api_key_hash, registered_origins, branding, required_scheme, default_asset_model, created_at)
  SELECT id, name, api_key_hash, registered_origins, branding, required_scheme, default_asset_model, created_at FROM sites;

CREATE TABLE host_secrets (
  host_id text NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  key_id text NOT NULL,
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (host_id, key_id)
);
INSERT INTO host_secrets (host_id, key_id, secret, active, created_at)
  SELECT site_id, key_id, secret, active, created_at FROM site_secrets;
DROP TABLE site_secrets;

-- Household sites keep only what is the household's; the host's columns move to `hosts`.
ALTER TABLE sites ADD COLUMN host_id text REFERENCES hosts (id) ON DELETE CASCADE;
UPDATE sites SET host_id = id;
ALTER TABLE sites ALTER COLUMN host_id SET NOT NULL;
ALTER TABLE sites DROP COLUMN name;
ALTER TABLE sites DROP COLUMN api_key_hash;
ALTER TABLE sites DROP COLUMN registered_origins;
ALTER TABLE sites DROP COLUMN branding;
ALTER TABLE sites DROP COLUMN required_scheme;
ALTER TABLE sites DROP COLUMN default_asset_model;
CREATE INDEX sites_host_id ON sites (host_id);

-- Site tokens and sessions are now short-lived signed tokens (see portal_keys), not rows.
DROP TABLE site_tokens;
DROP TABLE sessions;

-- The portal's own signing key for site tokens and sessions, created on first start and
-- shared by every portal process on the same database.
CREATE TABLE portal_keys (
  name text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- An Idempotency-Key belongs to the household and to the session that sent it, and is
-- remembered with a fingerprint of its request so a reuse with another body is refused.
ALTER TABLE consents ADD COLUMN caller text;
ALTER TABLE consents ADD COLUMN request_hash text;
ALTER TABLE consents DROP CONSTRAINT consents_site_id_idempotency_key_key;
CREATE UNIQUE INDEX consents_idempotency ON consents (site_id, caller, idempotency_key) WHERE idempotency_key IS NOT NULL;
