// What blind shortlisting withholds from text a panel reads (a supporting statement, and the
// evidence a rule drew from it): every mention of the applicant's names, in any case and with or
// without accents ("ANN", "Ann-Marie", "Siobhan" for "Siobhán"), every e-mail address and phone
// number, and the applicant's Teacher Reference Number. Names are matched word by word, each
// word of a name on its own, so "Ann Smith" withholds "Smith's" and "ANN" but not "Annual".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sift::data {

// What identifies one applicant, as their application gave it.
struct Identity {
  std::vector<std::string> names;  // first and last names as given (split into words here)
  std::string email;
  std::string phone;
  std::string trn;
};

std::string redact(std::string_view text, Identity const& who);

// The identity in an application's `personal` details (JSON) and facts (JSON, for the TRN).
Identity identity_of(std::string const& personal_json, std::string const& facts_json);

}  // namespace sift::data
