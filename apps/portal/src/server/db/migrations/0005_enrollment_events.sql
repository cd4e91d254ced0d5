-- Programme events at a household's site (Flip's Event) and the household's part in each:
-- whether it takes part and, per device, a backup reserve for that event only. Everything is
-- keyed by the household site, so an event id means nothing to another household, and
-- deleting a household deletes its events.

-- The household's own backup reserve, the last fallback for an event's (after the event's
-- own level and the programme's default).
ALTER TABLE sites ADD COLUMN backup_reserve_percentage integer CHECK (backup_reserve_percentage BETWEEN 0 AND 100);

CREATE TABLE program_events (
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id text NOT NULL,
  enrollment_id text NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  program_id text NOT NULL REFERENCES programs (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- The status follows the window on the portal's clock; only a cancellation is stored.
  canceled boolean NOT NULL DEFAULT false,
  is_participating boolean NOT NULL DEFAULT true,
  schedule jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, id),
  CHECK (ends_at > starts_at)
);
CREATE INDEX program_events_site_starts ON program_events (site_id, starts_at);

CREATE TABLE program_event_devices (
  site_id text NOT NULL,
  event_id text NOT NULL,
  device_id text NOT NULL,
  backup_reserve_percentage integer CHECK (backup_reserve_percentage BETWEEN 0 AND 100),
  maximum_charge_percentage integer CHECK (maximum_charge_percentage BETWEEN 0 AND 100),
  PRIMARY KEY (site_id, event_id, device_id),
  FOREIGN KEY (site_id, event_id) REFERENCES program_events (site_id, id) ON DELETE CASCADE,
  FOREIGN KEY (site_id, device_id) REFERENCES devices (site_id, id) ON DELETE CASCADE
);
