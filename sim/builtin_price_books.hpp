#pragma once
// The built-in price books, compiled into the binary: tools/embed_price_books.cmake writes
// every scenarios/pricing/*.yaml into build/generated/builtin_price_books.cpp at build time.

#include <string_view>
#include <utility>
#include <vector>

namespace slsim {

// (book name = file name without .yaml, file contents), sorted by name. The texts live for
// the whole program (string literals).
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_price_book_texts();

}  // namespace slsim
