-- The database refuses what the application never writes: a defence in depth for PostgreSQL.
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('rider', 'driver'));
ALTER TABLE trips ADD CONSTRAINT trips_status_check
    CHECK (status IN ('REQUESTED', 'STARTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELED'));
