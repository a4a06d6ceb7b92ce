#include "schema.hpp"

namespace sift::data {

std::vector<char const*> const& migrations() {
  static std::vector<char const*> const all = {
      // 1: vacancies, specifications, applications, identity, monitoring, scores, erasures
      R"sql(
CREATE TABLE vacancy (
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE specification (
  id         INTEGER PRIMARY KEY,
  vacancy_id TEXT NOT NULL REFERENCES vacancy(id),
  version    INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  sources    TEXT NOT NULL,          -- JSON array of {"path", "text"}, the main file first
  added_at   TEXT NOT NULL,
  UNIQUE (vacancy_id, version)
);
CREATE TABLE application (
  id          INTEGER PRIMARY KEY,
  vacancy_id  TEXT NOT NULL REFERENCES vacancy(id),
  ref         TEXT NOT NULL,
  version     INTEGER NOT NULL,
  sha256      TEXT NOT NULL,         -- of the whole record as received (minified)
  submitted   TEXT,
  facts       TEXT NOT NULL,         -- the record less personal, statement and monitoring
  imported_at TEXT NOT NULL,
  source      TEXT NOT NULL,         -- input name and line
  UNIQUE (vacancy_id, ref, version)
);
CREATE TABLE identity (              -- identifying details: erased on request
  application_id INTEGER PRIMARY KEY REFERENCES application(id),
  personal       TEXT,
  statement      TEXT
);
CREATE TABLE monitoring (            -- equality monitoring: never read by the engine
  application_id INTEGER PRIMARY KEY REFERENCES application(id),
  answers        TEXT
);
CREATE TABLE erasure (
  vacancy_id TEXT NOT NULL,
  ref        TEXT NOT NULL,
  erased_at  TEXT NOT NULL,
  erased_by  TEXT NOT NULL
);
CREATE TABLE assessor_score (
  id          INTEGER PRIMARY KEY,
  vacancy_id  TEXT NOT NULL REFERENCES vacancy(id),
  ref         TEXT NOT NULL,
  criterion   TEXT NOT NULL,
  assessor    TEXT NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 3),
  comment     TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  source      TEXT NOT NULL
);
CREATE INDEX assessor_score_key ON assessor_score (vacancy_id, ref, criterion, assessor);
)sql",
      // 2: screening runs, their per-applicant results and the ranking of the eligible
      R"sql(
CREATE TABLE run (
  id               INTEGER PRIMARY KEY,
  vacancy_id       TEXT NOT NULL REFERENCES vacancy(id),
  specification_id INTEGER NOT NULL REFERENCES specification(id),
  sift_version     TEXT NOT NULL,
  stage            TEXT NOT NULL,
  as_of            TEXT NOT NULL,
  operator         TEXT NOT NULL,
  started_at       TEXT NOT NULL,
  finished_at      TEXT NOT NULL,
  applicants       INTEGER NOT NULL,
  excluded         INTEGER NOT NULL,
  needs_review     INTEGER NOT NULL,
  eligible         INTEGER NOT NULL,   -- including the shortlisted
  shortlisted      INTEGER NOT NULL,
  max_score        REAL NOT NULL,
  results_sha256   TEXT NOT NULL,      -- over every result and placing row, in ref order
  chain_sha256     TEXT NOT NULL       -- over this run and the previous run's chain_sha256
);
CREATE TABLE result (
  run_id         INTEGER NOT NULL REFERENCES run(id),
  ref            TEXT NOT NULL,
  application_id INTEGER NOT NULL REFERENCES application(id),  -- the version read
  verdict        TEXT NOT NULL,        -- excluded, needs review or eligible
  score          REAL NOT NULL,
  outcomes       TEXT NOT NULL,        -- JSON: criterion -> {outcome, evidence, points}
  flags          TEXT NOT NULL,        -- JSON: raised or unknown flags -> {outcome, evidence}
  moderation     TEXT NOT NULL,        -- JSON: assessors who disagree
  scores_read    TEXT NOT NULL,        -- JSON: the assessor_score rows read
  PRIMARY KEY (run_id, ref)
) WITHOUT ROWID;
CREATE TABLE placing (                 -- the eligible applicants, ranked
  run_id      INTEGER NOT NULL REFERENCES run(id),
  ref         TEXT NOT NULL,
  rank        INTEGER NOT NULL,
  shortlisted INTEGER NOT NULL,
  PRIMARY KEY (run_id, ref)
) WITHOUT ROWID;
)sql",
      // 3: the panel's decisions over a run's proposals; never edited, only superseded
      R"sql(
CREATE TABLE decision (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES run(id),
  ref        TEXT NOT NULL,
  decision   TEXT NOT NULL CHECK (decision IN ('shortlist', 'reject', 'hold')),
  reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  decided_by TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
  decided_at TEXT NOT NULL
);
CREATE INDEX decision_by_run ON decision (run_id, ref, id);
)sql",
      // 4: lifting blind shortlisting for a vacancy, on the record
      R"sql(
CREATE TABLE reveal (
  vacancy_id  TEXT NOT NULL REFERENCES vacancy(id),
  revealed_by TEXT NOT NULL CHECK (length(trim(revealed_by)) > 0),
  reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  revealed_at TEXT NOT NULL
);
)sql",
      // 5: the scores a run reads, in its order, straight from the index: the run merges every
      // applicant's scores by ref, and visiting the table for each of 8 million rows took 4 s of
      // a million-applicant run (0.9 s from the covering index).
      R"sql(
DROP INDEX assessor_score_key;
CREATE INDEX assessor_score_key ON assessor_score (vacancy_id, ref, criterion, assessor, id, score);
)sql",
      // 6: who has scored each criterion of a vacancy (its panel), kept as scores arrive: a run
      // needs it before the first applicant, and finding it among millions of scores took 4 s.
      R"sql(
CREATE TABLE panel_member (
  vacancy_id TEXT NOT NULL REFERENCES vacancy(id),
  criterion  TEXT NOT NULL,
  assessor   TEXT NOT NULL,
  PRIMARY KEY (vacancy_id, criterion, assessor)
) WITHOUT ROWID;
INSERT INTO panel_member SELECT DISTINCT vacancy_id, criterion, assessor FROM assessor_score;
)sql",
      // 7: an erased applicant imported again, which only an operator who says so can do, on
      // the record.
      R"sql(
CREATE TABLE readmission (
  vacancy_id    TEXT NOT NULL,
  ref           TEXT NOT NULL,
  readmitted_at TEXT NOT NULL,
  readmitted_by TEXT NOT NULL CHECK (length(trim(readmitted_by)) > 0)
);
)sql",
      // 8: the panel declared per vacancy (who may score, and whom each may not score), and
      // scores withdrawn on the record (kept here, out of the scores a run reads)
      R"sql(
CREATE TABLE panel_declared (
  vacancy_id  TEXT NOT NULL REFERENCES vacancy(id),
  assessor    TEXT NOT NULL CHECK (length(trim(assessor)) > 0),
  declared_at TEXT NOT NULL,
  declared_by TEXT NOT NULL CHECK (length(trim(declared_by)) > 0),
  PRIMARY KEY (vacancy_id, assessor)
) WITHOUT ROWID;
CREATE TABLE panel_conflict (
  vacancy_id  TEXT NOT NULL REFERENCES vacancy(id),
  assessor    TEXT NOT NULL,
  ref         TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  declared_at TEXT NOT NULL,
  declared_by TEXT NOT NULL CHECK (length(trim(declared_by)) > 0),
  PRIMARY KEY (vacancy_id, assessor, ref)
) WITHOUT ROWID;
CREATE TABLE score_withdrawal (
  id           INTEGER PRIMARY KEY,
  vacancy_id   TEXT NOT NULL,
  ref          TEXT NOT NULL,
  criterion    TEXT NOT NULL,
  assessor     TEXT NOT NULL,
  score        INTEGER NOT NULL,
  comment      TEXT,
  recorded_at  TEXT NOT NULL,
  withdrawn_at TEXT NOT NULL,
  withdrawn_by TEXT NOT NULL CHECK (length(trim(withdrawn_by)) > 0),
  reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);
)sql",
      // 9: each panel member's sign-off of a run's shortlist
      R"sql(
CREATE TABLE sign_off (
  run_id    INTEGER NOT NULL REFERENCES run(id),
  signed_by TEXT NOT NULL CHECK (length(trim(signed_by)) > 0),
  signed_at TEXT NOT NULL,
  PRIMARY KEY (run_id, signed_by)
) WITHOUT ROWID;
)sql",
      // 10: a withdrawn score keeps the id it had, so that runs that read it still recompute; and
      // each feedback letter sent, by whom, from which run, with the SHA-256 of its text
      R"sql(
ALTER TABLE score_withdrawal ADD COLUMN score_id INTEGER;
CREATE INDEX score_withdrawal_score ON score_withdrawal (score_id);
CREATE TABLE feedback_sent (
  id            INTEGER PRIMARY KEY,
  vacancy_id    TEXT NOT NULL REFERENCES vacancy(id),
  ref           TEXT NOT NULL,
  run_id        INTEGER NOT NULL REFERENCES run(id),
  sent_at       TEXT NOT NULL,
  sent_by       TEXT NOT NULL CHECK (length(trim(sent_by)) > 0),
  letter_sha256 TEXT NOT NULL
);
)sql",
      // 11: the ledger (ledger.hpp): a chain of hashes over every row a shortlisting rests on;
      // the SHA-256 of each application's facts as imported; and each run's hash of the inputs
      // it read (application versions, their facts' hashes, the score rows). Existing rows get
      // their hashes and entries when the database is opened (Database).
      R"sql(
CREATE TABLE ledger (
  seq          INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  key          INTEGER NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  recorded_at  TEXT NOT NULL,
  entry_sha256 TEXT NOT NULL,      -- of the row's content, as ledger.cpp reads it
  chain_sha256 TEXT NOT NULL,      -- over the entry and the one before (HMAC when keyed)
  keyed        INTEGER NOT NULL
);
CREATE INDEX ledger_row ON ledger (kind, key, name);
ALTER TABLE application ADD COLUMN facts_sha256 TEXT;
ALTER TABLE run ADD COLUMN inputs_sha256 TEXT NOT NULL DEFAULT '';
)sql",
      // 12: results packed (results.hpp, format 2): outcome codes and the numbers that decided
      // them, no evidence text; runs stored before keep format 1 (JSON) and still read. A run
      // also keeps the panel it read ({criterion: [assessor, ...]}, JSON), which a format-1 run
      // found again from the score rows it listed.
      R"sql(
ALTER TABLE run ADD COLUMN record_format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE run ADD COLUMN panel TEXT NOT NULL DEFAULT '';
CREATE INDEX placing_shortlisted ON placing (run_id, rank) WHERE shortlisted;
)sql",
      // 13: the facts also packed as values at import (fact_values.hpp), under the
      // specification version recorded beside them, so that a run need not parse JSON; rows
      // imported before keep NULL and are read from their JSON facts.
      R"sql(
ALTER TABLE application ADD COLUMN facts_values BLOB;
ALTER TABLE application ADD COLUMN values_version INTEGER;
)sql",
      // 14: each applicant's score sheet: their assessor_score rows in one row, so that a run
      // reads one row per applicant instead of stepping through eight or more. Kept by triggers
      // in the same statement as the rows themselves, whatever writes them; the rows stay what
      // verify and every report reads. The entries are in no particular order: readers sort them
      // by id, oldest first.
      R"sql(
CREATE TABLE score_sheet (
  vacancy_id TEXT NOT NULL,
  ref        TEXT NOT NULL,
  cells      TEXT NOT NULL,    -- JSON: [[id, criterion, assessor, score], ...]
  PRIMARY KEY (vacancy_id, ref)
) WITHOUT ROWID;
INSERT INTO score_sheet (vacancy_id, ref, cells)
  SELECT vacancy_id, ref, json_group_array(json_array(id, criterion, assessor, score))
  FROM assessor_score GROUP BY vacancy_id, ref;
CREATE TRIGGER score_sheet_add AFTER INSERT ON assessor_score BEGIN
  INSERT INTO score_sheet (vacancy_id, ref, cells)
    VALUES (NEW.vacancy_id, NEW.ref,
            json_array(json_array(NEW.id, NEW.criterion, NEW.assessor, NEW.score)))
    ON CONFLICT (vacancy_id, ref) DO UPDATE SET cells = json_insert(cells, '$[#]',
      json_array(NEW.id, NEW.criterion, NEW.assessor, NEW.score));
END;
CREATE TRIGGER score_sheet_remove AFTER DELETE ON assessor_score BEGIN
  DELETE FROM score_sheet WHERE vacancy_id = OLD.vacancy_id AND ref = OLD.ref;
  INSERT INTO score_sheet (vacancy_id, ref, cells)
    SELECT vacancy_id, ref, json_group_array(json_array(id, criterion, assessor, score))
    FROM assessor_score WHERE vacancy_id = OLD.vacancy_id AND ref = OLD.ref
    GROUP BY vacancy_id, ref;
END;
CREATE TRIGGER score_sheet_change AFTER UPDATE ON assessor_score BEGIN
  DELETE FROM score_sheet WHERE (vacancy_id, ref) IN (VALUES (OLD.vacancy_id, OLD.ref),
                                                             (NEW.vacancy_id, NEW.ref));
  INSERT INTO score_sheet (vacancy_id, ref, cells)
    SELECT vacancy_id, ref, json_group_array(json_array(id, criterion, assessor, score))
    FROM assessor_score WHERE (vacancy_id, ref) IN (VALUES (OLD.vacancy_id, OLD.ref),
                                                           (NEW.vacancy_id, NEW.ref))
    GROUP BY vacancy_id, ref;
END;
)sql",
      // 15: what a run reads of each application version, besides its ref, in a table of its
      // own: the facts' hash and the facts packed as values, about a quarter of the bytes of
      // the application row with its JSON facts, which a run read page by page for them. The
      // hash is NULL only while a database from before the ledger is brought forward (the
      // ledger's migration fills it).
      R"sql(
CREATE TABLE application_values (
  application_id INTEGER PRIMARY KEY REFERENCES application(id),
  facts_sha256   TEXT,
  values_version INTEGER,
  facts_values   BLOB
);
INSERT INTO application_values (application_id, facts_sha256, values_version, facts_values)
  SELECT id, facts_sha256, values_version, facts_values FROM application;
ALTER TABLE application DROP COLUMN facts_sha256;
ALTER TABLE application DROP COLUMN facts_values;
ALTER TABLE application DROP COLUMN values_version;
)sql",
  };
  return all;
}

}  // namespace sift::data
