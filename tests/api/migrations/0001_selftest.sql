-- Rows written by the API and crash-safety tests through the real server.
CREATE TABLE selftest_writes (
  id      @ID@,
  client  TEXT NOT NULL,
  seq     BIGINT NOT NULL,
  payload TEXT NOT NULL,
  UNIQUE (client, seq)
);
