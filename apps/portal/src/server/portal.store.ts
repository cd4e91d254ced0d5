import type { ConsentRecord } from "@onflex/core";
import type { Db } from "./db/index.js";
import { randomToken, sameDigest, sha256Hex } from "./crypto.js";
import { ExpiringCache } from "./session.cache.js";
import type { Site, SiteBranding, SiteConfig, SignatureScheme } from "./site.types.js";

export interface StoreOptions {
  /** Injectable so tests can move time past an expiry. */
  clock?: () => Date;
  /**
   * How long a site's config (origins, branding, secrets) read from the database is reused,
   * in ms; 0 reads it every time. Every signed entry needs it, so this takes two queries off
   * that path. A change written through this store applies at once; one written by another
   * portal process applies within this time (default 5 s), which bounds how long a
   * deactivated key id keeps working there.
   */
  siteCacheTtlMs?: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface PortalSession {
  siteId: string;
  hostOrigin: string;
  expiresAt: Date;
  /** The charger model from the signed link (or the site's default); null when neither names one. */
  assetModel: string | null;
}

export interface StoredConsent extends ConsentRecord {
  siteId: string;
}

interface SiteRow {
  id: string;
  name: string;
  registered_origins: string[];
  branding: SiteBranding;
  required_scheme: SignatureScheme;
  default_asset_model: string | null;
}

/** Every read and write the portal makes, over the two-adapter Db. */
export function createPortalStore(db: Db, options: StoreOptions = {}) {
  const now = options.clock ?? (() => new Date());
  const later = (ms: number) => new Date(now().getTime() + ms);
  const siteCacheTtlMs = options.siteCacheTtlMs ?? 5_000;
  // Only sites that exist are kept: caching misses would let random site ids crowd them out.
  const sites = new ExpiringCache<Site>(1_000);

  async function readSite(siteId: string): Promise<Site | null> {
    const found = await db.query<SiteRow>(
      "SELECT id, name, registered_origins, branding, required_scheme, default_asset_model FROM sites WHERE id = $1",
      [siteId],
    );
    const row = found.rows[0];
    if (!row) return null;
    const secrets = await db.query<{ key_id: string; secret: string; active: boolean }>(
      "SELECT key_id, secret, active FROM site_secrets WHERE site_id = $1 ORDER BY created_at",
      [siteId],
    );
    return {
      id: row.id,
      name: row.name,
      registeredOrigins: row.registered_origins,
      branding: row.branding,
      requiredScheme: row.required_scheme,
      secrets: secrets.rows.map((s) => ({ keyId: s.key_id, secret: s.secret, active: s.active })),
      ...(row.default_asset_model === null ? {} : { defaultAssetModel: row.default_asset_model }),
    };
  }

  return {
    /** Inserts or refreshes a site and its secrets; safe to run at every start. */
    async upsertSite(site: SiteConfig): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO sites (id, name, api_key_hash, registered_origins, branding, required_scheme, default_asset_model)
           VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, api_key_hash = EXCLUDED.api_key_hash,
             registered_origins = EXCLUDED.registered_origins, branding = EXCLUDED.branding,
             required_scheme = EXCLUDED.required_scheme, default_asset_model = EXCLUDED.default_asset_model`,
          [
            site.id,
            site.name,
            sha256Hex(site.apiKey),
            JSON.stringify(site.registeredOrigins),
            JSON.stringify(site.branding),
            site.requiredScheme,
            site.defaultAssetModel ?? null,
          ],
        );
        for (const secret of site.secrets) {
          await tx.query(
            `INSERT INTO site_secrets (site_id, key_id, secret, active) VALUES ($1, $2, $3, $4)
             ON CONFLICT (site_id, key_id) DO UPDATE SET secret = EXCLUDED.secret, active = EXCLUDED.active`,
            [site.id, secret.keyId, secret.secret, secret.active],
          );
        }
      });
      sites.delete(site.id);
    },

    async getSite(siteId: string): Promise<Site | null> {
      const cached = sites.get(siteId, now().getTime());
      if (cached) return cached;
      const site = await readSite(siteId);
      if (site && siteCacheTtlMs > 0) sites.set(siteId, site, now().getTime() + siteCacheTtlMs);
      return site;
    },

    /** True only when `apiKey` is this site's key: a key is never valid for another site. */
    async checkApiKey(siteId: string, apiKey: string): Promise<boolean> {
      const result = await db.query<{ api_key_hash: string }>("SELECT api_key_hash FROM sites WHERE id = $1", [siteId]);
      const stored = result.rows[0]?.api_key_hash;
      // Hash even when the site is unknown so both answers take the same time.
      const presented = sha256Hex(apiKey);
      return stored !== undefined && sameDigest(stored, presented);
    },

    async issueSiteToken(siteId: string, ttlMs: number): Promise<IssuedToken> {
      const token = randomToken("ost");
      const expiresAt = later(ttlMs);
      await db.query("INSERT INTO site_tokens (token_hash, site_id, expires_at) VALUES ($1, $2, $3)", [
        sha256Hex(token),
        siteId,
        expiresAt,
      ]);
      return { token, expiresAt };
    },

    async isSiteTokenValid(siteId: string, token: string): Promise<boolean> {
      const result = await db.query("SELECT 1 FROM site_tokens WHERE token_hash = $1 AND site_id = $2 AND expires_at > $3", [
        sha256Hex(token),
        siteId,
        now(),
      ]);
      return result.rows.length > 0;
    },

    /** Records a nonce; false when it was already used (a replayed URL). */
    async consumeNonce(siteId: string, nonce: string, expiresAt: Date): Promise<boolean> {
      const result = await db.query<{ nonce: string }>(
        `INSERT INTO used_nonces (site_id, nonce, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (site_id, nonce) DO NOTHING RETURNING nonce`,
        [siteId, nonce, expiresAt],
      );
      return result.rows.length === 1;
    },

    async createSession(
      siteId: string,
      hostOrigin: string,
      ttlMs: number,
      assetModel: string | null = null,
    ): Promise<{ id: string; expiresAt: Date }> {
      const id = randomToken("oss");
      const expiresAt = later(ttlMs);
      await db.query("INSERT INTO sessions (id_hash, site_id, host_origin, expires_at, asset_model) VALUES ($1, $2, $3, $4, $5)", [
        sha256Hex(id),
        siteId,
        hostOrigin,
        expiresAt,
        assetModel,
      ]);
      return { id, expiresAt };
    },

    /** The live session behind a bearer id, or null when unknown or expired. */
    async getSession(id: string): Promise<PortalSession | null> {
      const result = await db.query<{ site_id: string; host_origin: string; expires_at: Date; asset_model: string | null }>(
        "SELECT site_id, host_origin, expires_at, asset_model FROM sessions WHERE id_hash = $1 AND expires_at > $2",
        [sha256Hex(id), now()],
      );
      const row = result.rows[0];
      return row
        ? { siteId: row.site_id, hostOrigin: row.host_origin, expiresAt: new Date(row.expires_at), assetModel: row.asset_model }
        : null;
    },

    /**
     * Stores a consent. A retry with the same idempotency key returns the first record
     * instead of storing a second one.
     */
    async recordConsent(siteId: string, record: ConsentRecord, idempotencyKey?: string): Promise<ConsentRecord> {
      const inserted = await db.query<{ record: ConsentRecord }>(
        `INSERT INTO consents (id, site_id, mpan, proposition, terms_version, given_at, recorded_at, idempotency_key, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
         ON CONFLICT (site_id, idempotency_key) DO NOTHING RETURNING record`,
        [
          record.id,
          siteId,
          record.mpan,
          record.proposition,
          record.termsVersion,
          record.givenAt,
          record.recordedAt,
          idempotencyKey ?? null,
          JSON.stringify(record),
        ],
      );
      const first = inserted.rows[0];
      if (first) return first.record;
      const existing = await db.query<{ record: ConsentRecord }>(
        "SELECT record FROM consents WHERE site_id = $1 AND idempotency_key = $2",
        [siteId, idempotencyKey ?? null],
      );
      const found = existing.rows[0];
      if (!found) throw new Error("Consent insert conflicted but no record was found.");
      return found.record;
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
      return updatedAt;
    },

    async loadProgress(siteId: string): Promise<{ snapshot: unknown; updatedAt: Date } | null> {
      const result = await db.query<{ snapshot: unknown; updated_at: Date }>(
        "SELECT snapshot, updated_at FROM journey_progress WHERE site_id = $1",
        [siteId],
      );
      const row = result.rows[0];
      return row ? { snapshot: row.snapshot, updatedAt: new Date(row.updated_at) } : null;
    },

    async clearProgress(siteId: string): Promise<void> {
      await db.query("DELETE FROM journey_progress WHERE site_id = $1", [siteId]);
    },

    /** Drops expired tokens, sessions and nonces; consents and progress are kept. */
    async pruneExpired(): Promise<void> {
      const at = now();
      await db.query("DELETE FROM site_tokens WHERE expires_at <= $1", [at]);
      await db.query("DELETE FROM sessions WHERE expires_at <= $1", [at]);
      await db.query("DELETE FROM used_nonces WHERE expires_at <= $1", [at]);
    },
  };
}

export type PortalStore = ReturnType<typeof createPortalStore>;
