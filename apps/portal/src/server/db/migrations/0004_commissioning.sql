-- Commissioning (POST /v1/commission): a host describes a household site and its devices;
-- the portal answers which programmes each device may join and, where a programme allows
-- it and the homeowner agreed to its terms, enrols the devices. All of it is keyed by the
-- household site, so deleting a household deletes its devices and enrolments.

-- What a host tells the portal about the home. Every field is optional at commissioning;
-- a programme names the ones it needs before it enrols anyone.
ALTER TABLE sites ADD COLUMN first_name text;
ALTER TABLE sites ADD COLUMN last_name text;
ALTER TABLE sites ADD COLUMN email text;
ALTER TABLE sites ADD COLUMN phone_number text;
ALTER TABLE sites ADD COLUMN street_address text;
ALTER TABLE sites ADD COLUMN city text;
ALTER TABLE sites ADD COLUMN state_code text;
ALTER TABLE sites ADD COLUMN zip_code text;
ALTER TABLE sites ADD COLUMN commissioned_at timestamptz;

-- A device is named by its host, so its id is unique within its household site only.
CREATE TABLE devices (
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id text NOT NULL,
  type text NOT NULL,
  manufacturer_name text,
  product_name text,
  serial_number text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  install_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, id)
);

-- Programmes a household may join (Flip's shape in `definition`), and where each is offered.
CREATE TABLE programs (
  id text PRIMARY KEY,
  name text NOT NULL,
  can_auto_enroll boolean NOT NULL,
  terms_and_conditions_version text NOT NULL,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE program_zip_codes (
  program_id text NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  zip_code text NOT NULL,
  PRIMARY KEY (program_id, zip_code)
);
CREATE INDEX program_zip_codes_zip_code ON program_zip_codes (zip_code);

-- One model of enrolment status (see the portal README for how the other spellings map):
-- PENDING until the programme decides, then ACTIVE, NEEDS_ACTION or REJECTED; UNENROLLED
-- once the household leaves.
CREATE TABLE enrollments (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  program_id text NOT NULL REFERENCES programs (id),
  status text NOT NULL CHECK (status IN ('PENDING', 'NEEDS_ACTION', 'ACTIVE', 'REJECTED', 'UNENROLLED')),
  enroll_method text NOT NULL CHECK (enroll_method IN ('AUTO_ENROLL', 'USER_ACTION')),
  has_agreed_to_terms_and_conditions boolean NOT NULL,
  terms_and_conditions_version text NOT NULL,
  program_specific_attributes jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A household is enrolled in a programme at most once at a time: a repeated commissioning
-- finds the open enrolment instead of making another. A rejected or ended one does not count.
CREATE UNIQUE INDEX enrollments_open ON enrollments (site_id, program_id) WHERE status IN ('PENDING', 'NEEDS_ACTION', 'ACTIVE');

CREATE TABLE enrollment_devices (
  enrollment_id text NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  site_id text NOT NULL,
  device_id text NOT NULL,
  PRIMARY KEY (enrollment_id, device_id),
  FOREIGN KEY (site_id, device_id) REFERENCES devices (site_id, id) ON DELETE CASCADE
);
