// The import and screening benchmark (issues 4 and 5). For each size it generates applications
// and assessors' scores with tools/gen_applicants.py, imports them with `sift import`,
// screens them with `sift run`, and prints, from one run of this program:
//   import time, rate and peak memory;
//   `sift run` time and peak memory;
//   the time for SQLite merely to read the same stored applications (the floor);
//   the time for SQLite merely to read everything the run reads, with the run's own queries:
//   the applications in ref order and every assessor's score;
//   the time for SQLite merely to write what the run stored (its result rows, same bytes, same
//   table, one transaction), so that inputs + store is the floor of this design: the least a
//   run that reads and stores through one SQLite connection can take;
//   the time of the same screening as one SQL query over the stored JSON (bench/screening.sql);
//   and their ratios.
// Then the reference workload (bench/reference/: the shared, exactly stated screening job, in
// Sift as reference-workload.sift) on the generator's --seed 1 applications: Sift's import, the
// time for SQLite merely to write what the import stored (its application, application_values,
// identity and monitoring rows, as above: the floor of an import that stores them through SQLite),
// the run, the bare read of the stored applications, the SQL peer's one query (peer_sql.sh, through
// the sqlite3 tool) and json-rules-engine (peer_jre.js, up to 100,000 applications, when
// `npm ci` has been run in bench/reference), with the ratios the targets are stated in, and
// whether Sift and the SQL peer agree applicant by applicant (compare.py, up to 100,000).
// Each `sift` step runs as a child process, so its peak memory is its own (see run_child).
//
//   sift_bench [--counts 10000,100000,1000000] [--threads N] [--repeat N] [--dir DIR]
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Measured {
  double seconds = 0;
  double peak_mib = 0;
};

// Linux carries a process's peak memory across exec, and a child forked from this program
// starts with a copy of it, so wait4 would report this program's own peak (hundreds of MiB once
// it has read a large run) for every step. Each step is therefore started by a fresh exec of
// this program (`--measure-child FD COMMAND...`), small, which runs the command and writes the
// command's own peak in KiB to FD.
int measure_child(int report_fd, char** command) {
  pid_t const pid = ::fork();
  if (pid == 0) {
    ::close(report_fd);
    ::execvp(command[0], command);
    std::perror(command[0]);
    std::_Exit(127);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  auto const report = fmt::format("{}\n", usage.ru_maxrss);
  if (::write(report_fd, report.data(), report.size()) < 0) return 126;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// Runs a command (no shell), waiting for it; its wall time and peak resident memory.
Measured run_child(std::vector<std::string> const& argv, bool quiet = true) {
  int report[2];
  if (::pipe(report) != 0) throw std::runtime_error("cannot make a pipe");
  auto const start = std::chrono::steady_clock::now();
  pid_t const pid = ::fork();
  if (pid == 0) {
    ::close(report[0]);
    if (quiet) {
      std::FILE* null = std::fopen("/dev/null", "w");
      if (null) ::dup2(::fileno(null), STDOUT_FILENO);
    }
    std::string const fd = std::to_string(report[1]);
    std::vector<char*> args{const_cast<char*>("/proc/self/exe"),
                            const_cast<char*>("--measure-child"), const_cast<char*>(fd.c_str())};
    for (auto const& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    std::perror(args[0]);
    std::_Exit(127);
  }
  ::close(report[1]);
  std::string reported;
  char buffer[64];
  for (ssize_t n; (n = ::read(report[0], buffer, sizeof buffer)) > 0;)
    reported.append(buffer, static_cast<std::size_t>(n));
  ::close(report[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  auto const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reported.empty())
    throw std::runtime_error(fmt::format("'{}' failed (status {})", fmt::join(argv, " "), status));
  return {seconds, std::stod(reported) / 1024.0};
}

double time_of(auto&& body) {
  auto const start = std::chrono::steady_clock::now();
  body();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The median of `repeats` measurements (the slower middle one of an even number), with the
// highest peak memory: on a shared machine one measurement moves by a fifth from one run of the
// benchmark to the next. Every step, Sift's and its peers', is measured the same number of times.
Measured median_of(int repeats, auto&& measure) {
  std::vector<Measured> taken;
  for (int i = 0; i < repeats; ++i)
    taken.push_back(measure());
  std::sort(taken.begin(), taken.end(),
            [](Measured const& a, Measured const& b) { return a.seconds < b.seconds; });
  Measured middle = taken[taken.size() / 2];
  for (auto const& each : taken)
    middle.peak_mib = std::max(middle.peak_mib, each.peak_mib);
  return middle;
}
double median_seconds(int repeats, auto&& measure) {
  return median_of(repeats, [&] { return Measured{measure(), 0}; }).seconds;
}

// The bare read: SQLite merely reading the ref and JSON facts of every stored application that
// `condition` selects. Read once untimed first, so that it reads from the page cache as the run
// before it did: a first read from the disk (the run reads other pages) made a run look nearer
// its floor than it is.
double bare_read(SQLite::Database& database, std::string const& condition, int repeats) {
  std::size_t bytes = 0;
  auto const read_all = [&] {
    SQLite::Statement q(database, "SELECT ref, facts FROM application WHERE " + condition);
    while (q.executeStep())
      bytes += q.getColumn(1).getString().size() + q.getColumn(0).getString().size();
  };
  read_all();
  double const seconds = median_seconds(repeats, [&] { return time_of(read_all); });
  if (bytes == 0) throw std::runtime_error("the bare read read nothing");
  return seconds;
}

// The time for SQLite merely to write the rows a step stored (of each table, those meeting its
// condition), into an empty scratch database holding the same tables, in one transaction
// committed as Sift commits (the write-ahead log, its page size and page cache). The rows are
// read (in key order, each value as it is stored: integer, real, text, blob or null) a few
// thousand at a time, untimed, so that memory stays small: holding gigabytes would slow the
// writing it measures.
double store_time(SQLite::Database& database, fs::path const& scratch,
                  std::vector<std::pair<std::string, std::string>> const& tables) {
  using Cell = std::variant<std::nullptr_t, std::int64_t, double, std::string, std::vector<char>>;
  constexpr std::size_t rows_at_a_time = 4096;
  for (auto const* suffix : {"", "-journal", "-wal", "-shm"})
    fs::remove(scratch.string() + suffix);
  SQLite::Database out(scratch.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  out.exec(fmt::format("PRAGMA page_size = {}", database.execAndGet("PRAGMA page_size").getInt()));
  out.exec("PRAGMA cache_size = -65536");
  out.exec("PRAGMA journal_mode = WAL");
  out.exec("PRAGMA synchronous = NORMAL");
  for (auto const& table : tables)
    out.exec(
        database
            .execAndGet(fmt::format("SELECT sql FROM sqlite_master WHERE name = '{}'", table.first))
            .getString());
  ::sync();  // the step's own writes are still going back to disk; they are not this figure's
  double seconds = 0;
  std::optional<SQLite::Transaction> transaction;
  seconds += time_of([&] { transaction.emplace(out); });
  std::vector<std::vector<Cell>> rows;
  for (auto const& [name, condition] : tables) {
    // A rowid table in rowid order, a WITHOUT ROWID table in its key's order.
    SQLite::Statement q(database, fmt::format("SELECT * FROM {} WHERE {}", name, condition));
    int const columns = q.getColumnCount();
    std::string places = "?";
    for (int c = 1; c < columns; ++c)
      places += ", ?";
    SQLite::Statement insert(out, fmt::format("INSERT INTO {} VALUES ({})", name, places));
    for (bool more = true; more;) {
      rows.clear();
      while (rows.size() < rows_at_a_time && (more = q.executeStep())) {
        auto& row = rows.emplace_back();
        for (int c = 0; c < columns; ++c) {
          auto const column = q.getColumn(c);
          if (column.isInteger())
            row.emplace_back(column.getInt64());
          else if (column.isFloat())
            row.emplace_back(column.getDouble());
          else if (column.isText())
            row.emplace_back(column.getString());
          else if (column.isBlob())
            row.emplace_back(
                std::vector<char>(static_cast<char const*>(column.getBlob()),
                                  static_cast<char const*>(column.getBlob()) + column.getBytes()));
          else
            row.emplace_back(nullptr);
        }
      }
      seconds += time_of([&] {
        for (auto const& row : rows) {
          insert.reset();
          for (int c = 0; c < columns; ++c)
            std::visit(
                [&](auto const& value) {
                  using T = std::decay_t<decltype(value)>;
                  if constexpr (std::is_same_v<T, std::nullptr_t>)
                    insert.bind(c + 1);
                  else if constexpr (std::is_same_v<T, std::vector<char>>)
                    insert.bindNoCopy(c + 1, value.data(), static_cast<int>(value.size()));
                  else if constexpr (std::is_same_v<T, std::string>)
                    insert.bindNoCopy(c + 1, value);
                  else
                    insert.bind(c + 1, value);
                },
                row[static_cast<std::size_t>(c)]);
          insert.exec();
        }
      });
    }
  }
  seconds += time_of([&] { transaction->commit(); });
  transaction.reset();
  out.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  for (auto const* suffix : {"", "-wal", "-shm"})
    fs::remove(scratch.string() + suffix);
  return seconds;
}

// Runs a shell command and returns what it printed (stdout and stderr).
std::string output_of(std::string const& command) {
  std::string out;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    out.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error(fmt::format("'{}' failed:\n{}", command, out));
  return out;
}

// The number after `key=` in a peer's output line.
double figure(std::string const& output, std::string const& key) {
  auto const at = output.find(key + "=");
  if (at == std::string::npos) throw std::runtime_error("no " + key + " in: " + output);
  return std::stod(output.substr(at + key.size() + 1));
}

std::string quoted(fs::path const& path) {
  return "'" + path.string() + "'";
}

// The reference workload at one size: Sift against the bare read and both peers.
void reference_workload(long count, int threads, int repeats, fs::path const& dir,
                        fs::path const& source, std::string const& sift) {
  auto const here = source / "bench" / "reference";
  auto const apps = dir / fmt::format("reference-{}.jsonl", count);
  if (!fs::exists(apps))
    run_child({"python3", (source / "tools" / "gen_applicants.py").string(), "--count",
               std::to_string(count), "--seed", "1", "--jobs", "2", "--vacancy",
               "reference-workload", "--out", apps.string()});
  auto const db = dir / fmt::format("reference-{}.db", count);
  auto const imported = median_of(repeats, [&] {
    for (auto const* suffix : {"", "-wal", "-shm"})
      fs::remove(db.string() + suffix);
    run_child(
        {sift, "--db", db.string(), "vacancy", "add", (here / "reference-workload.sift").string()});
    ::sync();
    return run_child({sift, "--db", db.string(), "import", apps.string()});
  });
  ::sync();
  auto const screened = median_of(repeats, [&] {
    return run_child({sift, "--db", db.string(), "run", "reference-workload", "--as-of",
                      "2026-11-23", "--threads", std::to_string(threads)});
  });
  // What one run stores, per applicant: the pages of the result and placing rows of the runs so
  // far, from SQLite's own page map.
  double bytes_per_applicant = 0;
  {
    SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
    bytes_per_applicant =
        database.execAndGet("SELECT sum(pgsize) FROM dbstat WHERE name IN ('result', 'placing')")
            .getDouble() /
        static_cast<double>(count * repeats);
  }
  auto const explained = median_of(repeats, [&] {
    return run_child({sift, "--db", db.string(), "explain", fmt::format("A{:07d}", count / 2)});
  });
  auto const verified = median_of(repeats, [&] {
    return run_child({sift, "--db", db.string(), "verify", "1"});
  });
  auto const single = median_of(repeats, [&] {
    return run_child({sift, "--db", db.string(), "run", "reference-workload", "--as-of",
                      "2026-11-23", "--threads", "1"});
  });
  double const read = [&] {
    SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
    return bare_read(database, "1", repeats);
  }();
  auto const peer_out = dir / fmt::format("reference-{}.sql.tsv", count);
  double const sql = median_seconds(repeats, [&] {
    double const seconds =
        figure(output_of("bash " + quoted(here / "peer_sql.sh") + " " + quoted(apps) + " " +
                         quoted(dir / "reference-peer.db") + " " + quoted(peer_out)),
               "query_s");
    fs::remove(dir / "reference-peer.db");
    return seconds;
  });
  std::string jre = "-";
  std::string jre_ratio = "-";
  if (count <= 100000 && fs::exists(here / "node_modules")) {
    double const seconds = median_seconds(repeats, [&] {
      return figure(output_of("node " + quoted(here / "peer_jre.js") + " " + quoted(apps) + " " +
                              quoted(dir / "reference-jre.tsv")),
                    "seconds");
    });
    jre = fmt::format("{:.2f}", seconds);
    jre_ratio = fmt::format("{:.0f}", seconds / screened.seconds);
  }
  std::string agreement = "-";
  if (count <= 100000) {
    auto const csv = dir / fmt::format("reference-{}.csv", count);
    run_child({sift, "--db", db.string(), "report", "reference-workload", "--csv", csv.string()});
    std::string const compared = output_of("python3 " + quoted(here / "compare.py") + " " +
                                           quoted(csv) + " " + quoted(peer_out));
    agreement = fmt::format("{:.0f} same, {:.0f} documented", figure(compared, "identical"),
                            figure(compared, "d_experience_decided_by_sift"));
  }
  // Last: it writes a copy of every stored application, whose pages would crowd the database's
  // out of the page cache under the steps above.
  double const import_floor = median_seconds(repeats, [&] {
    SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
    return store_time(database, dir / fmt::format("store-reference-{}.db", count),
                      {{"application", "1"},
                       {"application_values", "1"},
                       {"identity", "1"},
                       {"monitoring", "1"}});
  });
  std::cout << fmt::format(
      "{:>9} {:>8.2f} {:>9.0f} {:>7.2f} {:>9.1f} {:>7.2f} {:>8.0f} {:>7.2f} {:>7.2f} {:>7.2f} "
      "{:>7} {:>8.1f} {:>8.1f} {:>8} {:>6.0f} {:>8.0f} {:>8.2f} {:>6.1f} {:>7.1f} {}\n",
      count, imported.seconds, static_cast<double>(count) / imported.seconds, import_floor,
      imported.seconds / import_floor, screened.seconds, screened.peak_mib, single.seconds, read,
      sql, jre, screened.seconds / read, sql / screened.seconds, jre_ratio, bytes_per_applicant,
      explained.seconds * 1000, verified.seconds, verified.seconds / screened.seconds,
      single.seconds / screened.seconds, agreement);
  std::cout.flush();
}

std::string read_text(fs::path const& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 3 && std::string_view(argv[1]) == "--measure-child")
    return measure_child(std::stoi(argv[2]), argv + 3);
  std::vector<long> counts = {10000, 100000, 1000000};
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int repeats = 1;
  fs::path dir = fs::temp_directory_path() / "sift-bench";
  for (int i = 1; i < argc; i += 2) {
    // Every option takes a value: a lone one (--help) is answered with the usage.
    std::string const option = i + 1 < argc ? argv[i] : "";
    if (option == "--counts") {
      counts.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string n; std::getline(list, n, ',');)
        counts.push_back(std::stol(n));
    } else if (option == "--threads") {
      threads = std::stoi(argv[i + 1]);
    } else if (option == "--repeat") {
      repeats = std::max(1, std::stoi(argv[i + 1]));
    } else if (option == "--dir") {
      dir = argv[i + 1];
    } else {
      std::cerr << "usage: sift_bench [--counts N,N,...] [--threads N] [--repeat N] [--dir DIR]\n";
      return 2;
    }
  }
  fs::path const source = SIFT_SOURCE_DIR;
  std::string const sift = SIFT_BINARY;
  auto const generator = source / "tools" / "gen_applicants.py";
  auto const spec = source / "examples" / "second-in-science.sift";
  auto const query = read_text(source / "bench" / "screening.sql");
  fs::create_directories(dir);

  std::cout << fmt::format(
      "{:>9} {:>8} {:>9} {:>8} {:>7} {:>8} {:>7} {:>8} {:>7} {:>7} {:>8} {:>9} {:>9} {:>8}\n",
      "apps", "import s", "import/s", "imp MiB", "run s", "run MiB", "read s", "inputs s",
      "store s", "sql s", "run/read", "run/floor", "floor/read", "sql/run");
  for (long const count : counts) {
    auto const apps = dir / fmt::format("apps-{}.jsonl", count);
    auto const scores = dir / fmt::format("scores-{}.csv", count);
    if (!fs::exists(apps) || !fs::exists(scores))
      run_child({"python3", generator.string(), "--count", std::to_string(count), "--seed", "2026",
                 "--jobs", "2", "--out", apps.string(), "--panel", scores.string(), "--criteria",
                 "cpd,subject_knowledge,behaviour_management,leadership_potential"});
    auto const db = dir / fmt::format("bench-{}.db", count);
    auto const imported = median_of(repeats, [&] {
      for (auto const* suffix : {"", "-wal", "-shm"})
        fs::remove(db.string() + suffix);
      run_child({sift, "--db", db.string(), "vacancy", "add", spec.string()});
      // Earlier steps (generating gigabytes, removing the last database) leave the kernel
      // writing back; flushed first, so that each figure measures its own step only.
      ::sync();
      return run_child({sift, "--db", db.string(), "import", apps.string()});
    });
    run_child({sift, "--db", db.string(), "scores", "import", scores.string()});
    ::sync();
    auto const screened = median_of(repeats, [&] {
      return run_child({sift, "--db", db.string(), "run", "second-in-science", "--as-of",
                        "2026-11-23", "--threads", std::to_string(threads)});
    });

    auto database = std::make_unique<SQLite::Database>(db.string(), SQLite::OPEN_READONLY);
    std::size_t bytes = 0;
    double const read = bare_read(*database, "vacancy_id = 'second-in-science'", repeats);
    double const inputs = median_seconds(repeats, [&] {
      return time_of([&] {
        SQLite::Statement applications(
            *database,
            "SELECT a.id, a.ref, v.facts_sha256, v.facts_values FROM application a "
            "LEFT JOIN application_values v ON v.application_id = a.id WHERE "
            "a.vacancy_id = 'second-in-science' ORDER BY a.ref, a.version");
        while (applications.executeStep())
          bytes += static_cast<std::size_t>(applications.getColumn(3).getBytes());
        SQLite::Statement scores(*database,
                                 "SELECT ref, cells FROM score_sheet "
                                 "WHERE vacancy_id = 'second-in-science' ORDER BY ref");
        while (scores.executeStep())
          bytes += static_cast<std::size_t>(scores.getColumn(1).getBytes());
      });
    });
    double const store = median_seconds(repeats, [&] {
      return store_time(*database, dir / fmt::format("store-{}.db", count),
                        {{"result", "run_id = 1"}});
    });
    double const sql = median_seconds(repeats, [&] {
      return time_of([&] {
        SQLite::Statement q(*database, query);
        while (q.executeStep())
          bytes += static_cast<std::size_t>(q.getColumn(1).getInt64());
      });
    });
    double const floor = inputs + store;
    std::cout << fmt::format(
        "{:>9} {:>8.2f} {:>9.0f} {:>8.0f} {:>7.2f} {:>8.0f} {:>7.2f} {:>8.2f} {:>7.2f} {:>7.2f} "
        "{:>8.1f} {:>9.1f} {:>9.1f} {:>8.1f}\n",
        count, imported.seconds, static_cast<double>(count) / imported.seconds, imported.peak_mib,
        screened.seconds, screened.peak_mib, read, inputs, store, sql, screened.seconds / read,
        screened.seconds / floor, floor / read, sql / screened.seconds);
    std::cout.flush();
    // Removed once measured: at a million its pages would take the memory the later steps' page
    // cache needs, and the kernel reclaiming them would compete with those steps for the cores.
    database.reset();
    for (auto const* suffix : {"", "-wal", "-shm"})
      fs::remove(db.string() + suffix);
  }
  std::cout << fmt::format(
      "\nThe reference workload (bench/reference/), Sift against the bare read and its peers:\n"
      "{:>9} {:>8} {:>9} {:>7} {:>9} {:>7} {:>8} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>8} {:>6} "
      "{:>8} {:>8} {:>6} {:>7} {}\n",
      "apps", "import s", "import/s", "store s", "imp/store", "run s", "run MiB", "run1 s",
      "read s", "sql s", "jre s", "run/read", "sql/run", "jre/run", "B/app", "expl ms", "verify s",
      "ver/run", "run1/run", "agreement with the SQL peer");
  for (long const count : counts)
    reference_workload(count, threads, repeats, dir, source, sift);
  std::cout << fmt::format("(threads {}; each figure the median of {}; data and databases in {})\n",
                           threads, repeats, dir.string());
  return 0;
}
