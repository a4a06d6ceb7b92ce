// The ledger: one append-only chain of hashes over everything a shortlisting rests on. Each
// entry names a stored row (a run's header, with the hashes of its results and of the inputs it
// read; a specification version with its text; a panel decision; a sign-off; a reveal; an
// erasure; a readmission; a withdrawn score; a feedback letter sent) and holds the SHA-256 of
// that row's content and a chain value over the entry before it. The entry holds no content of
// its own: nothing personal is copied into it, and an erasure is itself an entry.
//
// The chain value is SHA-256(previous chain value, entry) or, when the database is keyed,
// HMAC-SHA-256 under a key kept outside the file: then recomputing the chain needs the key.
// Without a key, anyone with write access can recompute every hash; what shows the rewrite is
// an anchor: chain heads written down elsewhere as they were made (`sift verify --anchor`).
// docs/threat-model.md says what is and is not detected.
//
// Appends happen inside the caller's transaction, so that a row and its entry land together.
// Errors: data::Error (error.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"

namespace sift::data {

enum class EntryKind {
  specification,
  run,
  decision,
  sign_off,
  reveal,
  erasure,
  readmission,
  score_withdrawal,
  feedback_sent,
};

std::string_view to_string(EntryKind kind);

// The newest entry: what to write down elsewhere.
struct ChainHead {
  std::int64_t seq = 0;  // 0: the ledger is empty
  std::string chain_sha256;
};

// Appends the entry for one row of `kind` (its integer key; a sign-off also names who signed).
// Error(invalid_input) when the database is keyed and no key was given, or the other way round.
void append_entry(Database& db, EntryKind kind, std::int64_t key, std::string const& name = {});

ChainHead chain_head(Database& db);

// What the ledger check found.
struct LedgerCheck {
  std::size_t entries = 0;
  bool keyed = false;                 // the chain is keyed (HMAC)
  bool key_checked = false;           // ...and the key given was used to check it
  std::vector<std::string> problems;  // each naming the entry or row
};

// Recomputes every entry from its row and the chain from the first entry; finds rows of the
// covered tables that have no entry. A keyed chain is checked only with the database's key
// (key_checked says whether it was).
LedgerCheck check_ledger(Database& db);

// A line of an anchor file: "SEQ CHAIN_SHA256" (anything after is a comment).
struct AnchorLine {
  int line = 0;
  std::int64_t seq = 0;
  std::string chain_sha256;
};

// Checks chain heads written down elsewhere against the ledger: each must be there, unchanged.
std::vector<std::string> check_anchors(Database& db, std::string const& file,
                                       std::vector<AnchorLine> const& anchors);

// Brings a database made before the ledger into it: an entry for each covered row that has
// none, oldest first. Runs once, when the schema is migrated.
void enter_existing_rows(Database& db);

}  // namespace sift::data
