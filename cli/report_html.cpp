#include "report_html.hpp"

#include <fmt/format.h>

#include "quoting.hpp"
#include "sift/rules/value.hpp"

namespace sift::cli {
namespace {

char const* style = R"css(
body { font: 13px/1.35 system-ui, "DejaVu Sans", Arial, sans-serif; margin: 16px; color: #1b1b1b; }
h1 { font-size: 18px; margin: 0 0 4px; }
p.meta { margin: 0 0 10px; color: #444; }
.controls { margin: 8px 0; display: flex; gap: 12px; align-items: center; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: center; white-space: nowrap; }
th { background: #eef1f5; cursor: pointer; }
th.section { cursor: default; background: #dde3ea; }
td.ref, td.flags, td.panel { text-align: left; }
td.met { background: #d9f2d9; } td.notmet { background: #f6d0cc; }
td.unknown { background: #fff1c2; } td.na { background: #f1f1f1; color: #888; }
tr.shortlisted td.verdict { font-weight: bold; color: #0b5d1e; }
tr.excluded td.verdict { color: #8a1c12; }
.legend span { margin-right: 12px; }
@media print {
  @page { size: A4 landscape; margin: 8mm; }
  body { margin: 0; font-size: 9px; } .controls { display: none; }
  th, td { padding: 1px 3px; }
}
)css";

char const* script = R"js(
(function () {
  var table = document.getElementById('matrix');
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  var verdict = document.getElementById('verdict');
  function apply() {
    var text = filter.value.toLowerCase(), wanted = verdict.value;
    Array.prototype.forEach.call(body.rows, function (row) {
      var show = (!wanted || row.dataset.verdict === wanted) &&
                 (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.style.display = show ? '' : 'none';
    });
  }
  filter.addEventListener('input', apply);
  verdict.addEventListener('change', apply);
  Array.prototype.forEach.call(table.querySelectorAll('th[data-column]'), function (th) {
    th.addEventListener('click', function () {
      var column = +th.dataset.column, descending = th.dataset.order !== 'desc';
      th.dataset.order = descending ? 'desc' : 'asc';
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.key || a.cells[column].textContent;
        var y = b.cells[column].dataset.key || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return descending ? -c : c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  document.body.classList.add('ready');
})();
)js";

struct CellLook {
  char const* css;
  char const* mark;
  int key;
};

CellLook look(engine::Outcome outcome) {
  switch (outcome) {
    case engine::Outcome::met:
      return {"met", "&#10003;", 3};
    case engine::Outcome::not_met:
      return {"notmet", "&#10007;", 0};
    case engine::Outcome::unknown:
      return {"unknown", "?", 1};
    case engine::Outcome::not_assessed:
      break;
  }
  return {"na", "&ndash;", 2};
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
      "<div class=\"controls\"><label>Find <input id=\"filter\" type=\"search\"></label>"
      "<label>Verdict <select id=\"verdict\"><option value=\"\">all</option>"
      "<option>shortlisted</option><option>eligible</option><option>needs review</option>"
      "<option>excluded</option></select></label><span class=\"legend\">"
      "<span>&#10003; met</span><span>&#10007; not met</span><span>? unknown (evidence "
      "missing)</span><span>&ndash; not assessed at this stage</span><span>hover a cell for its "
      "evidence</span></span></div>\n";
  out += "<table id=\"matrix\"><thead><tr>";
  out += "<th class=\"section\" colspan=\"6\">Applicant</th>";
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
  for (auto const* heading : {"Rank", "Ref", "Verdict", "Score", "Panel", "Flags"})
    out += fmt::format("<th data-column=\"{}\">{}</th>", column++, heading);
  for (auto const& c : m.columns)
    out += fmt::format("<th data-column=\"{}\" title=\"{} ({}{}): {}\">{}</th>", column++,
                       html_escape(c.title), c.essential ? "essential" : "desirable",
                       c.essential ? "" : ", weight " + rules::format_number(c.weight),
                       html_escape(c.rule_text), html_escape(c.id));
  out += "</tr></thead>\n<tbody>\n";
  for (auto const& r : m.rows) {
    out += fmt::format("<tr class=\"{}\" data-verdict=\"{}\">",
                       r.verdict == engine::Verdict::shortlisted ? "shortlisted"
                       : r.verdict == engine::Verdict::excluded  ? "excluded"
                                                                 : "",
                       engine::to_string(r.verdict));
    out += r.rank ? fmt::format("<td>{}</td>", r.rank) : "<td data-key=\"999999999\">&ndash;</td>";
    out += fmt::format("<td class=\"ref\">{}</td><td class=\"verdict\">{}</td><td>{}</td>",
                       html_escape(r.ref), engine::to_string(r.verdict),
                       rules::format_number(r.score));
    out += fmt::format("<td class=\"panel\" title=\"{}\">{}</td>", html_escape(r.reason),
                       r.decision
                           ? html_escape(fmt::format("{} ({})", engine::to_string(r.decision->kind),
                                                     r.decision->by))
                           : "");
    std::string flags;
    for (auto const& f : r.flags)
      flags += (flags.empty() ? "" : ", ") + f;
    out += fmt::format("<td class=\"flags\">{}</td>", html_escape(flags));
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      auto const& cell = r.cells[i];
      auto const l = look(cell.outcome);
      out += fmt::format("<td class=\"{}\" data-key=\"{}\" title=\"{}: {}{}\">{}</td>", l.css,
                         l.key, html_escape(m.columns[i].id), engine::to_string(cell.outcome),
                         cell.evidence.empty() ? "" : " &mdash; " + html_escape(cell.evidence),
                         l.mark);
    }
    out += "</tr>\n";
  }
  out += fmt::format("</tbody></table>\n<script>{}</script>\n</body></html>\n", script);
  return out;
}

}  // namespace sift::cli
