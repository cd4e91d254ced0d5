-- The journey a host's portal runs (a preset's name, e.g. krakenSmartFlex or flipEnrollment).
-- NULL keeps the journey of the proposition the portal serves (Axle's Smart Charging).
ALTER TABLE hosts ADD COLUMN journey text CHECK (journey IS NULL OR journey ~ '^[a-z][A-Za-z0-9]{0,63}$');
