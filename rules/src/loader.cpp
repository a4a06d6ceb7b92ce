// Reading a specification and the files it uses. `use "x"` is resolved relative to the file that
// says it and must stay inside the main file's directory tree (or a directory the user allowed);
// a cycle is an error naming both places; a file used twice is read once.
#include <fmt/format.h>

#include <algorithm>
#include <boost/variant/get.hpp>
#include <fstream>
#include <map>

#include "checker.hpp"
#include "parse.hpp"
#include "sift/rules/load.hpp"

namespace sift::rules {
namespace {

namespace fs = std::filesystem;

// A `use` resolved to the key its file is read by, or why it cannot be.
struct Resolved {
  std::string key;
  std::string error;  // set when the file may not or cannot be used
};

// Where the text of a used file comes from: the disk, or a stored bundle of sources.
struct FileSystem {
  virtual ~FileSystem() = default;
  // The key of `name` used from the file with key `from` (empty for the main file), or an error.
  virtual Resolved resolve(std::string const& from, std::string const& name) const = 0;
  virtual std::optional<std::string> read(std::string const& key, std::string& error) const = 0;
  virtual std::string display(std::string const& key) const = 0;
};

bool within(fs::path const& path, fs::path const& root) {
  auto const rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

class DiskFiles : public FileSystem {
 public:
  DiskFiles(fs::path const& main, LoadOptions const& options) : main_(main) {
    std::error_code ec;
    auto const canonical_main = fs::weakly_canonical(main, ec);
    root_ = (ec ? fs::absolute(main) : canonical_main).parent_path();
    roots_.push_back(root_);
    for (auto const& extra : options.extra_roots) {
      auto const canonical = fs::weakly_canonical(extra, ec);
      if (!ec) roots_.push_back(canonical);
    }
  }

  Resolved resolve(std::string const& from, std::string const& name) const override {
    if (from.empty()) return {(root_ / main_.filename()).string(), {}};
    fs::path const used(name);
    fs::path const candidate = used.is_absolute() ? used : fs::path(from).parent_path() / used;
    std::error_code ec;
    auto const canonical = fs::weakly_canonical(candidate, ec);
    if (ec) return {{}, fmt::format("cannot use \"{}\": {}", name, ec.message())};
    for (auto const& root : roots_)
      if (within(canonical, root)) return {canonical.string(), {}};
    return {{},
            fmt::format("cannot use \"{}\": it is outside the specification's directory (allow "
                        "another directory with --allow-dir)",
                        name)};
  }

  std::optional<std::string> read(std::string const& key, std::string& error) const override {
    return read_source_file(key, error);
  }

  std::string display(std::string const& key) const override {
    auto const rel = fs::path(key).lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..") return key;
    return (main_.parent_path() / rel).lexically_normal().string();
  }

  // A path relative to the main file's directory, as a stored bundle names it.
  std::string bundle_name(std::string const& key) const {
    auto const rel = fs::path(key).lexically_relative(root_);
    return rel.empty() || *rel.begin() == ".." ? key : rel.generic_string();
  }

 private:
  fs::path main_;
  fs::path root_;
  std::vector<fs::path> roots_;
};

class BundleFiles : public FileSystem {
 public:
  explicit BundleFiles(std::vector<SourceFile> const& sources) {
    for (auto const& source : sources)
      texts_[source.path] = source.text;
    if (!sources.empty()) main_ = sources.front().path;
  }
  Resolved resolve(std::string const& from, std::string const& name) const override {
    if (from.empty()) return {main_, {}};
    auto const key = (fs::path(from).parent_path() / name).lexically_normal().generic_string();
    if (!texts_.contains(key))
      return {{}, fmt::format("cannot use \"{}\": not in the stored sources", name)};
    return {key, {}};
  }
  std::optional<std::string> read(std::string const& key, std::string& error) const override {
    auto const found = texts_.find(key);
    if (found == texts_.end()) {
      error = "not in the stored sources";
      return std::nullopt;
    }
    return found->second;
  }
  std::string display(std::string const& key) const override { return key; }

 private:
  std::map<std::string, std::string> texts_;
  std::string main_;
};

// The most files a chain of 'use' may nest: real specifications use two or three levels.
constexpr std::size_t max_use_depth = 64;

// The offset of the first byte that is not part of a well-formed UTF-8 character (overlong
// forms, surrogates and code points past U+10FFFF included), if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto const byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char const c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // no overlong forms
      if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    if (byte(i + 1) < low || byte(i + 1) > high) return i;
    for (std::size_t k = 2; k < length; ++k)
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    i += length;
  }
  return std::nullopt;
}

class Loader {
 public:
  explicit Loader(FileSystem const& fs) : fs_(fs) {}

  LoadResult load() {
    load_file("", "", std::nullopt);
    if (!diagnostics_.empty()) return {std::nullopt, std::move(diagnostics_)};
    return check(files_, order_);
  }

  std::vector<std::string> const& keys() const { return keys_; }

 private:
  struct UsePlace {
    std::size_t file;
    std::size_t offset;
  };

  void load_file(std::string const& from, std::string const& name, std::optional<UsePlace> use) {
    auto const resolved = fs_.resolve(from, name);
    if (!resolved.error.empty()) {
      report(use, resolved.error, "");
      return;
    }
    auto const& key = resolved.key;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i] != key) continue;
      std::string chain;
      for (std::size_t j = i; j < stack_.size(); ++j)
        chain += fs_.display(stack_[j]) + " -> ";
      chain += fs_.display(key);
      report(use, fmt::format("this 'use' makes a cycle: {}", chain), "");
      if (i + 1 < stack_.size() && use_places_[i + 1]) {
        auto const& place = *use_places_[i + 1];
        diagnostics_.back().notes.push_back(
            files_[place.file].source->note(place.offset, "the cycle starts with this 'use'"));
      }
      return;
    }
    if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return;  // already loaded
    // Each nested 'use' is a level of recursion here: bound it before the stack is.
    if (stack_.size() >= max_use_depth) {
      report(use,
             fmt::format("'use' nests more than {} files deep; a specification needs a few",
                         max_use_depth),
             fs_.display(key));
      return;
    }
    std::string error;
    auto text = fs_.read(key, error);
    if (!text) {
      report(use, fmt::format("cannot read {}: {}", fs_.display(key), error), fs_.display(key));
      return;
    }
    auto source = std::make_shared<Source const>(fs_.display(key), std::move(*text));
    // Everything later (storage, imports, JSON) reads the text as UTF-8: refuse it here, once,
    // where it can be named, rather than let a stray Latin-1 byte in a comment fail later.
    if (auto const bad = first_invalid_utf8(source->text())) {
      auto d = source->diagnostic(
          *bad,
          "this file is not UTF-8 text (a byte here is not part of a UTF-8 character); "
          "save it as UTF-8");
      // The excerpt is printed: show U+FFFD where the stray bytes are, never the bytes.
      while (auto const at = first_invalid_utf8(d.source_line))
        d.source_line.replace(*at, 1, "\uFFFD");
      diagnostics_.push_back(std::move(d));
      return;
    }
    auto parsed = parse(source, diagnostics_);
    if (!parsed) return;
    keys_.push_back(key);
    files_.push_back(std::move(*parsed));
    std::size_t const index = files_.size() - 1;
    stack_.push_back(key);
    use_places_.push_back(use);
    for (auto const& item : files_[index].tree) {
      if (auto const* decl = boost::get<ast::UseDecl>(&item))
        load_file(key, decl->path, UsePlace{index, files_[index].offset_of(*decl)});
    }
    stack_.pop_back();
    use_places_.pop_back();
    order_.push_back(index);
  }

  void report(std::optional<UsePlace> const& use, std::string message, std::string const& file) {
    if (use)
      diagnostics_.push_back(files_[use->file].source->diagnostic(use->offset, std::move(message)));
    else
      diagnostics_.push_back({Severity::error, {file, 0, 0}, std::move(message), {}, {}});
  }

  FileSystem const& fs_;
  std::vector<ParsedFile> files_;
  std::vector<std::string> keys_;
  std::vector<std::string> stack_;  // keys of the files being loaded, outermost first
  std::vector<std::optional<UsePlace>> use_places_;
  std::vector<std::size_t> order_;  // used files before their users
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::optional<std::string> read_source_file(std::filesystem::path const& path, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "it is a directory";
    return std::nullopt;
  }
  // A FIFO or a device would block the read, or never end: only regular files are read.
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
    error = "it is not a regular file (a pipe, a device or a socket)";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fs::exists(path, ec) ? "permission denied" : "no such file";
    return std::nullopt;
  }
  // Read in blocks until one byte past the limit, which tells a file at the limit from a larger
  // one (or an endless device) without reading it all.
  std::string text;
  char block[65536];
  while (text.size() <= max_source_bytes && in.read(block, sizeof block).gcount() > 0)
    text.append(block, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    error = "a read error";
    return std::nullopt;
  }
  if (text.size() > max_source_bytes) {
    error = "it is larger than 1 MiB, the most Sift reads from a specification file";
    return std::nullopt;
  }
  return text;
}

LoadResult load_specification(std::filesystem::path const& path, LoadOptions const& options) {
  DiskFiles files(path, options);
  Loader loader(files);
  auto result = loader.load();
  if (result.specification) {
    // Stored bundles name files relative to the main file's directory.
    for (std::size_t i = 0; i < result.specification->sources.size(); ++i)
      result.specification->sources[i].path = files.bundle_name(loader.keys()[i]);
  }
  return result;
}

LoadResult load_sources(std::vector<SourceFile> const& sources) {
  BundleFiles files(sources);
  return Loader(files).load();
}

}  // namespace sift::rules
