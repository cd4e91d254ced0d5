-- The charger model a session was opened for (from the signed link, else the site's
-- default). The REST API checks eligibility with it, never with one the page sends.
ALTER TABLE sessions ADD COLUMN asset_model text;
