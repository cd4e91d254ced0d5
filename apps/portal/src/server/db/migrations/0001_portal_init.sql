-- Sites are the hosts that embed the portal (Flip's "site": one customer's installation).
CREATE TABLE sites (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- SHA-256 of the host's API key: keys are long random strings, so a fast hash is enough
  -- and a leaked table does not hand out working keys.
  api_key_hash text NOT NULL,
  registered_origins jsonb NOT NULL DEFAULT '[]'::jsonb,
  branding jsonb NOT NULL DEFAULT '{}'::jsonb,
  required_scheme text NOT NULL CHECK (required_scheme IN ('v1', 'v2')),
  -- The charger model a journey assumes when the signed URL does not name one.
  default_asset_model text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Several secrets per site so a host can rotate: sign with the new key id while the old
-- one still verifies, then deactivate it.
CREATE TABLE site_secrets (
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  key_id text NOT NULL,
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, key_id)
);

-- Site access tokens (1 h, one site). Only their hash is kept.
CREATE TABLE site_tokens (
  token_hash text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_tokens_expires_at ON site_tokens (expires_at);

-- Portal sessions created from a verified signed URL; the page holds the id in memory.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  host_origin text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Nonces of signed URLs already used, kept until the URL would have expired anyway.
CREATE TABLE used_nonces (
  site_id text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (site_id, nonce)
);
CREATE INDEX used_nonces_expires_at ON used_nonces (expires_at);

-- Consents are evidence: they outlive the session that recorded them.
CREATE TABLE consents (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  mpan text NOT NULL,
  proposition text NOT NULL,
  terms_version text NOT NULL,
  given_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  idempotency_key text,
  record jsonb NOT NULL,
  UNIQUE (site_id, idempotency_key)
);
CREATE INDEX consents_site_mpan ON consents (site_id, mpan);

-- The persisted journey per site, so a fresh signed URL (reload, WebView restart) resumes.
CREATE TABLE journey_progress (
  site_id text PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  snapshot jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
