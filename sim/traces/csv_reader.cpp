#include "slsim/traces/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>

#include <fmt/format.h>

namespace slsim::traces {

namespace {

// Longer lines are not trace rows (the widest real row, 1,440 minute counts, is ~10 KB).
constexpr std::size_t kMaxLine = 1 << 20;

std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 40;
  if (text.size() <= kMax) return fmt::format("'{}'", text);
  return fmt::format("'{}...'", text.substr(0, kMax));
}

}  // namespace

CsvReader::CsvReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
  if (!in_) throw ScenarioError::unreadable(path, "cannot open the file");
  if (!next())
    throw ScenarioError(fmt::format("{}: the file is empty (expected a header line)", path));
  header_.assign(fields_.begin(), fields_.end());
}

std::size_t CsvReader::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  throw ScenarioError(fmt::format("{}:1:1: the header has no column '{}'", path_, name));
}

bool CsvReader::next() {
  // A bounded read: a line longer than kMaxLine is never held whole (a file without newlines,
  // however large, costs the buffer and no more).
  constexpr std::size_t kBuffer = kMaxLine + 2;
  // Not zeroed: only the pages that lines touch count toward the resident size.
  if (!buffer_) buffer_ = std::make_unique_for_overwrite<char[]>(kBuffer);
  for (;;) {
    in_.getline(buffer_.get(), static_cast<std::streamsize>(kBuffer));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.fail()) {
      if (got == 0 && in_.eof()) return false;
      // The buffer filled before the newline: skip the rest of the line, then report it.
      ++line_number_;
      in_.clear();
      in_.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
      throw BadRow(
          fmt::format("{}:{}:1: line longer than {} bytes", path_, line_number_, kMaxLine));
    }
    ++line_number_;
    // gcount counts the newline when one was read (not at the end of the file).
    std::size_t size = in_.eof() ? got : got - 1;
    if (size > 0 && buffer_[size - 1] == '\r') --size;
    line_ = std::string_view(buffer_.get(), size);
    if (line_.size() > kMaxLine) {
      throw BadRow(
          fmt::format("{}:{}:1: line longer than {} bytes", path_, line_number_, kMaxLine));
    }
    if (line_.empty()) {
      if (in_.eof()) return false;
      continue;
    }
    split();
    return true;
  }
}

void CsvReader::split() {
  fields_.clear();
  columns_.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line_.find(',', start);
    const std::size_t end = comma == std::string::npos ? line_.size() : comma;
    fields_.emplace_back(line_.data() + start, end - start);
    columns_.push_back(start + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

std::string_view CsvReader::field(std::size_t i) const {
  return i < fields_.size() ? fields_[i] : std::string_view();
}

BadRow CsvReader::bad(std::size_t i, std::string_view message) const {
  const std::size_t col = i < columns_.size() ? columns_[i] : line_.size() + 1;
  const std::string name = i < header_.size() ? header_[i] : fmt::format("#{}", i + 1);
  return BadRow(fmt::format("{}:{}:{}: column '{}': {}", path_, line_number_, col, name, message));
}

void CsvReader::expect_fields(std::size_t n) const {
  if (fields_.size() == n) return;
  // Too few: at the end of the line, named by the first missing column; too many: at the first
  // extra field.
  throw bad(std::min(n, fields_.size()),
            fmt::format("expected {} fields, got {}", n, fields_.size()));
}

std::string_view CsvReader::name(std::size_t i) const {
  constexpr std::size_t kMaxName = 128;
  const std::string_view text = field(i);
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  if (text.empty() || text.size() > kMaxName || !std::all_of(text.begin(), text.end(), allowed)) {
    throw bad(i, fmt::format("expected a name (letters, digits, '_', '-'), got {}", shown(text)));
  }
  return text;
}

std::int64_t CsvReader::integer(std::size_t i) const {
  const std::string_view text = field(i);
  std::int64_t value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || text.empty()) {
    throw bad(i, fmt::format("expected a non-negative integer, got {}", shown(text)));
  }
  return value;
}

double CsvReader::number(std::size_t i) const {
  const std::string_view text = field(i);
  double value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !(value >= 0) ||
      !std::isfinite(value) || text.empty()) {
    throw bad(i, fmt::format("expected a non-negative number, got {}", shown(text)));
  }
  return value;
}

}  // namespace slsim::traces
