import type { ConsentRecord } from "@onflex/core";
import type { Db } from "./db/index.js";
import { sameDigest, sha256Hex } from "./crypto.js";
import { createNonceRecorder } from "./nonce.batch.js";
import { ExpiringCache } from "./session.cache.js";
import { isSiteId, JOURNEY_NAME_PATTERN, type Host, type HostConfig, type SignatureScheme, type Site, type SiteBranding } from "./site.types.js";
import { deriveTokenKeys, newPortalSecret, openToken, signToken, tokenId, type TokenKeys } from "./tokens.js";

export interface StoreOptions {
  /** Injectable so tests can move time past an expiry. */
  clock?: () => Date;
  /**
   * How long a host's config (origins, branding, secrets, API key) read from the database is
   * reused, in ms; 0 reads it every time. A change written through this store applies at
   * once; one written by another portal process applies within this time (default 5 s),
   * which bounds how long a deactivated key id or a replaced API key keeps working there.
   */
  siteCacheTtlMs?: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface PortalSession {
  /** The session's own id (not the bearer token): rate limits, idempotency and caches key on it. */
  id: string;
  /** The household site. */
  siteId: string;
  hostOrigin: string;
  expiresAt: Date;
  /** The charger model from the signed link (or the host's default); null when neither names one. */
  assetModel: string | null;
}

export interface StoredConsent extends ConsentRecord {
  siteId: string;
}

export type RecordConsentResult = { ok: true; record: ConsentRecord } | { ok: false; reason: "key_reused" };

interface HostRow {
  id: string;
  name: string;
  registered_origins: string[];
  branding: SiteBranding;
  required_scheme: SignatureScheme;
  default_asset_model: string | null;
  journey: string | null;
}

const SITE_TOKEN_PREFIX = "ost";
const SESSION_PREFIX = "oss";
const PORTAL_KEY_NAME = "tokens";

/** Every read and write the portal makes, over the two-adapter Db. */
export async function createPortalStore(db: Db, options: StoreOptions = {}) {
  const now = options.clock ?? (() => new Date());
  const siteCacheTtlMs = options.siteCacheTtlMs ?? 5_000;
  // Only what exists is kept: caching misses would let random ids crowd real ones out.
  const hosts = new ExpiringCache<Host>(10_000);
  const hostIdByKeyHash = new ExpiringCache<string>(10_000);
  // A household never changes host, so this mapping can be kept much longer than host config.
  const hostIdBySite = new ExpiringCache<string>(200_000);
  // Whether a household has a saved journey, as this process last read or wrote it: only a
  // hint for the entry page (which first screen to put in its HTML), so a stale answer from
  // another process writing the same household costs a screen swap, never data.
  const progressHints = new ExpiringCache<boolean>(200_000);
  const PROGRESS_HINT_TTL_MS = 60 * 60_000;
  const nonces = createNonceRecorder(db);
  const checkedSessions = new Map<string, PortalSession>();
  const checkedSiteTokens = new Map<string, { siteId: string; expiresAt: number } | null>();
  const keys: TokenKeys = deriveTokenKeys(await loadPortalSecret(db));

  async function readHost(hostId: string): Promise<Host | null> {
    const found = await db.query<HostRow>(
      "SELECT id, name, registered_origins, branding, required_scheme, default_asset_model, journey FROM hosts WHERE id = $1",
      [hostId],
    );
    const row = found.rows[0];
    if (!row) return null;
    const secrets = await db.query<{ key_id: string; secret: string; active: boolean }>(
      "SELECT key_id, secret, active FROM host_secrets WHERE host_id = $1 ORDER BY created_at, key_id",
      [hostId],
    );
    return {
      id: row.id,
      name: row.name,
      registeredOrigins: row.registered_origins,
      branding: row.branding,
      requiredScheme: row.required_scheme,
      secrets: secrets.rows.map((s) => ({ keyId: s.key_id, secret: s.secret, active: s.active })),
      ...(row.default_asset_model === null ? {} : { defaultAssetModel: row.default_asset_model }),
      ...(row.journey === null ? {} : { journey: row.journey }),
    };
  }

  async function getHost(hostId: string): Promise<Host | null> {
    const at = now().getTime();
    const cached = hosts.get(hostId, at);
    if (cached) return cached;
    const host = await readHost(hostId);
    if (host && siteCacheTtlMs > 0) hosts.set(hostId, host, at + siteCacheTtlMs);
    return host;
  }

  async function hostIdOfSite(siteId: string): Promise<string | null> {
    const at = now().getTime();
    const cached = hostIdBySite.get(siteId, at);
    if (cached) return cached;
    const found = await db.query<{ host_id: string }>("SELECT host_id FROM sites WHERE id = $1", [siteId]);
    const hostId = found.rows[0]?.host_id ?? null;
    if (hostId !== null) hostIdBySite.set(siteId, hostId, at + 60 * 60_000);
    return hostId;
  }

  function forgetHost(hostId: string): void {
    hosts.delete(hostId);
    hostIdByKeyHash.clear();
  }

  async function writeHost(tx: Pick<Db, "query">, host: HostConfig): Promise<void> {
    if (host.journey !== undefined && !JOURNEY_NAME_PATTERN.test(host.journey)) {
      throw new TypeError(`Host ${host.id}: journey must be a preset's name (a letter, then letters and digits), got "${host.journey}".`);
    }
    await tx.query(
      `INSERT INTO hosts (id, name, api_key_hash, registered_origins, branding, required_scheme, default_asset_model, journey)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, api_key_hash = EXCLUDED.api_key_hash,
         registered_origins = EXCLUDED.registered_origins, branding = EXCLUDED.branding,
         required_scheme = EXCLUDED.required_scheme, default_asset_model = EXCLUDED.default_asset_model,
         journey = EXCLUDED.journey`,
      [
        host.id,
        host.name,
        sha256Hex(host.apiKey),
        JSON.stringify(host.registeredOrigins),
        JSON.stringify(host.branding),
        host.requiredScheme,
        host.defaultAssetModel ?? null,
        host.journey ?? null,
      ],
    );
    for (const secret of host.secrets) {
      await tx.query(
        `INSERT INTO host_secrets (host_id, key_id, secret, active) VALUES ($1, $2, $3, $4)
         ON CONFLICT (host_id, key_id) DO UPDATE SET secret = EXCLUDED.secret, active = EXCLUDED.active`,
        [host.id, secret.keyId, secret.secret, secret.active],
      );
    }
  }

  return {
    /** Inserts or refreshes a host and its secrets; safe to run at every start. */
    async upsertHost(host: HostConfig): Promise<void> {
      await db.transaction((tx) => writeHost(tx, host));
      forgetHost(host.id);
    },

    /**
     * Seeds a sandbox host. A data directory from before hosts existed holds the same API key
     * under a host named after the old site; that host's households move to this one (their
     * consents and progress with them) and the old host is removed. Only for the published
     * sandbox credentials: a real host's key never silently moves.
     */
    async seedSandboxHost(host: HostConfig): Promise<void> {
      await db.transaction(async (tx) => {
        const holder = await tx.query<{ id: string }>("SELECT id FROM hosts WHERE api_key_hash = $1 AND id <> $2", [
          sha256Hex(host.apiKey),
          host.id,
        ]);
        const previous = holder.rows[0]?.id;
        if (previous !== undefined) {
          await tx.query("UPDATE hosts SET api_key_hash = $2 WHERE id = $1", [previous, `retired:${previous}`]);
          await writeHost(tx, host);
          await tx.query("UPDATE sites SET host_id = $2 WHERE host_id = $1", [previous, host.id]);
          await tx.query("DELETE FROM hosts WHERE id = $1", [previous]);
        } else {
          await writeHost(tx, host);
        }
      });
      forgetHost(host.id);
      hostIdBySite.clear();
    },

    getHost,

    /** A household site with its host, or null when either is unknown. Ids that cannot be site ids never reach storage. */
    async getSite(siteId: string): Promise<Site | null> {
      if (!isSiteId(siteId)) return null;
      const hostId = await hostIdOfSite(siteId);
      const host = hostId === null ? null : await getHost(hostId);
      return host ? { id: siteId, host } : null;
    },

    /** The host whose API key this is, or null. */
    async hostForApiKey(apiKey: string): Promise<Host | null> {
      const hash = sha256Hex(apiKey);
      const at = now().getTime();
      let hostId = hostIdByKeyHash.get(hash, at);
      if (hostId === undefined) {
        const found = await db.query<{ id: string; api_key_hash: string }>("SELECT id, api_key_hash FROM hosts WHERE api_key_hash = $1", [hash]);
        const row = found.rows[0];
        if (!row || !sameDigest(row.api_key_hash, hash)) return null;
        hostId = row.id;
        if (siteCacheTtlMs > 0) hostIdByKeyHash.set(hash, hostId, at + siteCacheTtlMs);
      }
      return getHost(hostId);
    },

    /**
     * Makes sure `siteId` is a household of `host`: an unknown id becomes one (this is how a
     * household site comes to exist until commissioning creates them explicitly); one that
     * belongs to another host is refused.
     */
    async claimSite(host: Host, siteId: string): Promise<"ok" | "other_host"> {
      if (!isSiteId(siteId)) return "other_host";
      let owner = await hostIdOfSite(siteId);
      if (owner === null) {
        await db.query("INSERT INTO sites (id, host_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", [siteId, host.id]);
        owner = await hostIdOfSite(siteId);
      }
      return owner === host.id ? "ok" : "other_host";
    },

    /** A signed site token for one household site. */
    issueSiteToken(siteId: string, ttlMs: number): IssuedToken {
      const expiresAt = new Date(now().getTime() + ttlMs);
      const token = signToken(keys.siteToken, SITE_TOKEN_PREFIX, { s: siteId, e: expiresAt.getTime(), j: tokenId() });
      return { token, expiresAt };
    },

    isSiteTokenValid(siteId: string, token: string): boolean {
      // A host reuses a site token for its hour, so one checked already is remembered (by its
      // full text) instead of being checked again.
      let checked = checkedSiteTokens.get(token);
      if (checked === undefined) {
        const claims = openToken(keys.siteToken, SITE_TOKEN_PREFIX, token);
        checked = claims !== null && typeof claims.s === "string" && typeof claims.e === "number" ? { siteId: claims.s, expiresAt: claims.e } : null;
        if (checkedSiteTokens.size >= 10_000) checkedSiteTokens.clear();
        checkedSiteTokens.set(token, checked);
      }
      return checked !== null && checked.siteId === siteId && checked.expiresAt > now().getTime();
    },

    /** Records a link's nonce; false when it was already used (a replayed URL). */
    consumeNonce(siteId: string, nonce: string, expiresAt: Date): Promise<boolean> {
      return nonces.consume(siteId, nonce, expiresAt);
    },

    createSession(siteId: string, hostOrigin: string, ttlMs: number, assetModel: string | null = null): { id: string; expiresAt: Date } {
      const expiresAt = new Date(now().getTime() + ttlMs);
      const id = signToken(keys.session, SESSION_PREFIX, { s: siteId, h: hostOrigin, m: assetModel, e: expiresAt.getTime(), j: tokenId() });
      return { id, expiresAt };
    },

    /**
     * The live session behind a bearer token, or null when it is not one, or has expired. A
     * page calls the API many times with one session, so sessions already checked are
     * remembered by their full text (only genuine ones: a forged token costs an HMAC each time).
     */
    getSession(token: string): PortalSession | null {
      let session = checkedSessions.get(token);
      if (session === undefined) {
        const claims = openToken(keys.session, SESSION_PREFIX, token);
        if (!claims) return null;
        const { s, h, m, e, j } = claims;
        if (typeof s !== "string" || typeof h !== "string" || typeof e !== "number" || typeof j !== "string") return null;
        if (m !== null && typeof m !== "string") return null;
        session = { id: j, siteId: s, hostOrigin: h, expiresAt: new Date(e), assetModel: m };
        if (checkedSessions.size >= 20_000) checkedSessions.clear();
        checkedSessions.set(token, session);
      }
      return session.expiresAt.getTime() > now().getTime() ? session : null;
    },

    /**
     * Stores a consent. An Idempotency-Key is the household's and the calling session's: a
     * retry of the same request gets the first record; the same key with a different request
     * is refused (`key_reused`); another session's key of the same spelling is another key.
     */
    async recordConsent(
      siteId: string,
      record: ConsentRecord,
      idempotency?: { key: string; caller: string; fingerprint: string },
    ): Promise<RecordConsentResult> {
      const inserted = await db.query<{ record: ConsentRecord }>(
        `INSERT INTO consents (id, site_id, mpan, proposition, terms_version, given_at, recorded_at, idempotency_key, caller, request_hash, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
         ON CONFLICT (site_id, caller, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING record`,
        [
          record.id,
          siteId,
          record.mpan,
          record.proposition,
          record.termsVersion,
          record.givenAt,
          record.recordedAt,
          idempotency?.key ?? null,
          idempotency?.caller ?? null,
          idempotency?.fingerprint ?? null,
          JSON.stringify(record),
        ],
      );
      const first = inserted.rows[0];
      if (first) return { ok: true, record: first.record };
      if (!idempotency) throw new Error("Consent insert without an idempotency key conflicted.");
      const existing = await db.query<{ record: ConsentRecord; request_hash: string | null }>(
        "SELECT record, request_hash FROM consents WHERE site_id = $1 AND caller = $2 AND idempotency_key = $3",
        [siteId, idempotency.caller, idempotency.key],
      );
      const found = existing.rows[0];
      if (!found) throw new Error("Consent insert conflicted but no record was found.");
      return found.request_hash === idempotency.fingerprint ? { ok: true, record: found.record } : { ok: false, reason: "key_reused" };
    },

    async findConsent(siteId: string, consentId: string): Promise<StoredConsent | null> {
      const result = await db.query<{ record: ConsentRecord }>("SELECT record FROM consents WHERE site_id = $1 AND id = $2", [
        siteId,
        consentId,
      ]);
      const row = result.rows[0];
      return row ? { ...row.record, siteId } : null;
    },

    async listConsents(siteId: string): Promise<StoredConsent[]> {
      const result = await db.query<{ record: ConsentRecord }>(
        "SELECT record FROM consents WHERE site_id = $1 ORDER BY recorded_at, id",
        [siteId],
      );
      return result.rows.map((row) => ({ ...row.record, siteId }));
    },

    async saveProgress(siteId: string, snapshot: unknown): Promise<Date> {
      const updatedAt = now();
      await db.query(
        `INSERT INTO journey_progress (site_id, snapshot, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (site_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at`,
        [siteId, JSON.stringify(snapshot), updatedAt],
      );
      progressHints.set(siteId, true, now().getTime() + PROGRESS_HINT_TTL_MS);
      return updatedAt;
    },

    /**
     * Whether the household has a saved journey: from memory when this process has read or
     * written it in the last hour, else one indexed lookup. A hint (see progressHints): the
     * entry page uses it to choose its first screen, and the app corrects a wrong guess.
     */
    async hasProgress(siteId: string): Promise<boolean> {
      const at = now().getTime();
      const known = progressHints.get(siteId, at);
      if (known !== undefined) return known;
      const result = await db.query<{ found: number }>("SELECT 1 AS found FROM journey_progress WHERE site_id = $1", [siteId]);
      const found = result.rows.length > 0;
      progressHints.set(siteId, found, at + PROGRESS_HINT_TTL_MS);
      return found;
    },

    async loadProgress(siteId: string): Promise<{ snapshot: unknown; updatedAt: Date } | null> {
      const result = await db.query<{ snapshot: unknown; updated_at: Date }>(
        "SELECT snapshot, updated_at FROM journey_progress WHERE site_id = $1",
        [siteId],
      );
      const row = result.rows[0];
      progressHints.set(siteId, row !== undefined, now().getTime() + PROGRESS_HINT_TTL_MS);
      return row ? { snapshot: row.snapshot, updatedAt: new Date(row.updated_at) } : null;
    },

    async clearProgress(siteId: string): Promise<void> {
      await db.query("DELETE FROM journey_progress WHERE site_id = $1", [siteId]);
      progressHints.set(siteId, false, now().getTime() + PROGRESS_HINT_TTL_MS);
    },

    /** Drops nonces whose links have expired anyway; consents and progress are kept. */
    async pruneExpired(): Promise<void> {
      await db.query("DELETE FROM used_nonces WHERE expires_at <= $1", [now()]);
    },
  };
}

/** The portal's signing secret: created by the first process to start, then shared. */
async function loadPortalSecret(db: Db): Promise<string> {
  await db.query("INSERT INTO portal_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [PORTAL_KEY_NAME, newPortalSecret()]);
  const found = await db.query<{ secret: string }>("SELECT secret FROM portal_keys WHERE name = $1", [PORTAL_KEY_NAME]);
  const secret = found.rows[0]?.secret;
  if (!secret) throw new Error("The portal's signing key could not be read.");
  return secret;
}

export type PortalStore = Awaited<ReturnType<typeof createPortalStore>>;
