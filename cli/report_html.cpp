#include "report_html.hpp"

#include <fmt/format.h>

#include "quoting.hpp"
#include "sift/rules/value.hpp"

namespace sift::cli {
namespace {

// The grid a panel reads on paper: criteria across, headed by their wording (set vertically so
// that thirty criteria fit an A4 landscape page), each marked E or D; applicants down, each with
// a line below for the decision and its reason and the assessors' comments. The geometry is the
// same on screen and on paper, so that what the screen shows is what prints.
char const* style = R"css(
body { font: 12px/1.3 system-ui, "DejaVu Sans", Arial, sans-serif; margin: 12px; color: #1b1b1b; }
h1 { font-size: 17px; margin: 0 0 4px; }
p.meta { margin: 0 0 6px; color: #333; }
.legend { margin: 4px 0 8px; font-size: 11px; }
.legend span { margin-right: 10px; white-space: nowrap; }
.controls { margin: 6px 0; display: flex; gap: 12px; align-items: center; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 1px 3px; text-align: center; }
th { background: #eef1f5; font-weight: 600; }
th[data-column] { cursor: pointer; }
th.section { background: #dde3ea; }
th.criterion { vertical-align: bottom; padding: 3px 0; }
th.criterion span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block;
  max-height: 250px; font-weight: normal; font-size: 9px; line-height: 1.15; text-align: left; }
th.desirable { background: #f4f0e6; }
th.kind { font-size: 10px; padding: 0; }
td.ref, td.decision, td.notes { text-align: left; }
td.ref, td.verdict { white-space: nowrap; }
td.decision { max-width: 100px; font-size: 9px; }
td.mark { font-size: 11px; line-height: 1.1; padding: 1px; }
td.mark small { display: block; font-size: 8px; color: #333; white-space: nowrap; }
td.met { background: #d9f2d9; }
td.failed { background: #f2b8b0; font-weight: bold; color: #7a1309; }
td.unmet { background: #f4f4f4; color: #666; }
td.unknown { background: #fff1c2; }
td.na { background: #fafafa; color: #999; }
tr.notes td { font-size: 10px; color: #333; border-top: none; padding: 1px 6px 3px; }
tr.notes b { font-weight: 600; }
tbody.shortlisted td.verdict { font-weight: bold; color: #0b5d1e; }
tbody.excluded td.verdict { color: #8a1c12; }
@media print {
  @page { size: A4 landscape; margin: 8mm; }
  body { margin: 0; font-size: 9px; } .controls { display: none; }
  tbody { break-inside: avoid; }
  thead { display: table-header-group; }
}
)css";

// Sorting and filtering move an applicant's rows together (each applicant is one tbody). When
// loaded, the page also records whether the grid is wider than the window: the Chromium check
// opens it at the width of an A4 landscape page.
char const* script = R"js(
(function () {
  var table = document.getElementById('matrix');
  var filter = document.getElementById('filter');
  var verdict = document.getElementById('verdict');
  function applicants() { return Array.prototype.slice.call(table.tBodies); }
  function apply() {
    var text = filter.value.toLowerCase(), wanted = verdict.value;
    applicants().forEach(function (group) {
      var show = (!wanted || group.dataset.verdict === wanted) &&
                 (!text || group.textContent.toLowerCase().indexOf(text) >= 0);
      group.style.display = show ? '' : 'none';
    });
  }
  filter.addEventListener('input', apply);
  verdict.addEventListener('change', apply);
  Array.prototype.forEach.call(table.querySelectorAll('th[data-column]'), function (th) {
    th.addEventListener('click', function () {
      var column = +th.dataset.column, descending = th.dataset.order !== 'desc';
      th.dataset.order = descending ? 'desc' : 'asc';
      var groups = applicants();
      groups.sort(function (a, b) {
        var ca = a.rows[0].cells[column], cb = b.rows[0].cells[column];
        var x = ca.dataset.key || ca.textContent, y = cb.dataset.key || cb.textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return descending ? -c : c;
      });
      groups.forEach(function (group) { table.appendChild(group); });
    });
  });
  var page = document.documentElement;
  document.body.dataset.tableWidth = Math.ceil(table.getBoundingClientRect().width);
  document.body.dataset.pageWidth = page.clientWidth;
  document.body.dataset.overflow = page.scrollWidth > page.clientWidth ? 'yes' : 'no';
  document.body.classList.add('ready');
})();
)js";

// How a criterion's outcome is drawn: a failed essential (which excludes) apart from an unmet
// desirable (which only scores nothing).
struct CellLook {
  char const* css;
  char const* mark;
  int key;  // for sorting
};

CellLook look(engine::Outcome outcome, bool essential) {
  switch (outcome) {
    case engine::Outcome::met:
      return {"met", "&#10003;", 3};
    case engine::Outcome::not_met:
      return essential ? CellLook{"failed", "&#10007;", 0} : CellLook{"unmet", "&#9675;", 1};
    case engine::Outcome::unknown:
      return {"unknown", "?", 1};
    case engine::Outcome::not_assessed:
      break;
  }
  return {"na", "&ndash;", 2};
}

// Under the mark: each assessor's score in the panel's order, then the agreed score.
std::string cell_scores(screening::MatrixCell const& cell) {
  std::string out;
  for (auto const& s : cell.scores)
    out += (out.empty() ? "" : "&middot;") + std::to_string(s.score);
  if (cell.agreed) out += (out.empty() ? "=" : " =") + std::to_string(*cell.agreed);
  return out.empty() ? out : "<small>" + out + "</small>";
}

// The line below an applicant: the decision or the engine's reason, then every comment.
std::string notes_line(screening::MatrixRow const& row,
                       std::vector<screening::CriterionInfo> const& columns) {
  std::string out;
  if (!row.reason.empty()) out += "<b>Reason:</b> " + html_escape(row.reason);
  for (std::size_t i = 0; i < row.cells.size(); ++i)
    for (auto const& s : row.cells[i].scores)
      if (!s.comment.empty())
        out += fmt::format("{}<b>{}</b>, {} ({}): {}", out.empty() ? "" : " &nbsp;&middot; ",
                           html_escape(columns[i].title), html_escape(s.assessor), s.score,
                           html_escape(s.comment));
  return out;
}

}  // namespace

std::string matrix_html(screening::Matrix const& m) {
  auto const& run = m.run;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>{} shortlisting matrix, run {}</title><style>{}</style></head><body>\n",
      html_escape(m.title), run.id, style);
  out += fmt::format("<h1>{} &mdash; shortlisting matrix</h1>\n", html_escape(m.title));
  out += fmt::format(
      "<p class=\"meta\">Vacancy {}, run {} ({} stage, as of {}), specification version {} "
      "(sha256 {}), Sift {}. {} applicants: {} shortlisted, {} eligible, {} need review, {} "
      "excluded. The engine proposes; the panel decides.</p>\n",
      html_escape(run.vacancy), run.id, engine::to_string(run.stage), html_escape(run.as_of),
      run.specification_version, html_escape(run.specification_sha256.substr(0, 12)),
      html_escape(run.sift_version), run.applicants, run.shortlisted,
      run.eligible - run.shortlisted, run.needs_review, run.excluded);
  out +=
      "<p class=\"legend\"><span><b>E</b> essential</span> <span><b>D</b> desirable (adds "
      "points)</span> <span>&#10003; met</span> <span>&#10007; essential not met "
      "(excludes)</span> <span>&#9675; desirable not met (no points)</span> <span>? not decided: "
      "evidence missing</span> <span>&ndash; not assessed at this stage</span> <span>3&middot;2 "
      "each assessor's score (0&ndash;3), =3 the panel's agreed score</span></p>\n";
  out +=
      "<div class=\"controls\"><label>Find <input id=\"filter\" type=\"search\"></label>"
      "<label>Verdict <select id=\"verdict\"><option value=\"\">all</option>"
      "<option>shortlisted</option><option>eligible</option><option>needs review</option>"
      "<option>excluded</option></select></label><span>hover a mark for the evidence read; "
      "click a heading to sort</span></div>\n";
  constexpr std::size_t applicant_columns = 5;
  out += fmt::format(
      "<table id=\"matrix\"><thead><tr><th class=\"section\" "
      "colspan=\"{}\">Applicant</th>",
      applicant_columns);
  for (std::size_t i = 0; i < m.columns.size();) {
    std::size_t j = i;
    while (j < m.columns.size() && m.columns[j].section == m.columns[i].section)
      ++j;
    out += fmt::format("<th class=\"section\" colspan=\"{}\">{}</th>", j - i,
                       html_escape(m.columns[i].section));
    i = j;
  }
  out += "</tr>\n<tr>";
  int column = 0;
  for (auto const* heading : {"Rank", "Ref", "Verdict", "Score", "Decision"})
    out += fmt::format("<th rowspan=\"2\" data-column=\"{}\">{}</th>", column++, heading);
  for (auto const& c : m.columns)
    out += fmt::format(
        "<th class=\"criterion {}\" data-column=\"{}\" title=\"{} ({}): {}\"><span>{}</span></th>",
        c.essential ? "essential" : "desirable", column++, html_escape(c.id),
        c.essential ? "essential" : "desirable, weight " + rules::format_number(c.weight),
        html_escape(c.rule_text), html_escape(c.title));
  out += "</tr>\n<tr>";
  for (auto const& c : m.columns)
    out +=
        c.essential ? "<th class=\"kind essential\">E</th>" : "<th class=\"kind desirable\">D</th>";
  out += "</tr></thead>\n";
  for (auto const& r : m.rows) {
    out += fmt::format("<tbody class=\"{}\" data-verdict=\"{}\"><tr class=\"applicant\">",
                       r.verdict == engine::Verdict::shortlisted ? "shortlisted"
                       : r.verdict == engine::Verdict::excluded  ? "excluded"
                                                                 : "other",
                       engine::to_string(r.verdict));
    out += r.rank ? fmt::format("<td>{}</td>", r.rank) : "<td data-key=\"999999999\">&ndash;</td>";
    std::string flags;
    for (auto const& f : r.flags)
      flags += (flags.empty() ? "" : ", ") + f;
    out += fmt::format(
        "<td class=\"ref\">{}</td><td class=\"verdict\">{}</td><td>{}</td><td "
        "class=\"decision\">{}{}</td>",
        html_escape(r.ref), engine::to_string(r.verdict), rules::format_number(r.score),
        r.decision ? html_escape(fmt::format("{} ({})", engine::to_string(r.decision->kind),
                                             r.decision->by))
                   : "",
        flags.empty() ? "" : "<br>flags: " + html_escape(flags));
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      auto const& cell = r.cells[i];
      auto const l = look(cell.outcome, m.columns[i].essential);
      out +=
          fmt::format("<td class=\"mark {}\" data-key=\"{}\" title=\"{}: {}{}\">{}{}</td>", l.css,
                      l.key, html_escape(m.columns[i].title), engine::to_string(cell.outcome),
                      cell.evidence.empty() ? "" : " &mdash; " + html_escape(cell.evidence), l.mark,
                      cell_scores(cell));
    }
    out += "</tr>";
    auto const notes = notes_line(r, m.columns);
    if (!notes.empty())
      out += fmt::format(
          "<tr class=\"notes\"><td></td><td class=\"notes\" colspan=\"{}\">{}</td></tr>",
          applicant_columns - 1 + r.cells.size(), notes);
    out += "</tbody>\n";
  }
  out += fmt::format("</table>\n<script>{}</script>\n</body></html>\n", script);
  return out;
}

}  // namespace sift::cli
