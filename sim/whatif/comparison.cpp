#include "slsim/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace slsim {

namespace {

using Json = nlohmann::ordered_json;

// Dollars: cents, or two significant digits below a cent (as the run report).
std::string money(double usd) {
  if (usd != 0 && std::fabs(usd) < 0.01) return fmt::format("${:.2g}", usd);
  return fmt::format("${:.2f}", usd);
}

std::vector<std::string> service_rows(const std::vector<BookComparison>& books) {
  std::vector<std::string> rows;
  for (const BookComparison& b : books) {
    for (const ServiceCost& s : b.cost.by_service) {
      if (std::find(rows.begin(), rows.end(), s.service) == rows.end()) rows.push_back(s.service);
    }
  }
  return rows;
}

Json always_on_json(const AlwaysOnComparison& a) {
  Json j;
  j["fleet_vcpus"] = a.fleet_vcpus;
  j["fleet_gb"] = a.fleet_gb;
  j["lambda_usd_per_request"] = a.lambda_usd_per_request;
  j["observed_rps"] = a.observed_rps;
  j["fleet_capacity_rps"] = a.fleet_capacity_rps;
  j["options"] = Json::object();
  for (const AlwaysOnOption& o : a.options) {
    Json& out = j["options"][o.name];
    out["usd"] = o.usd;
    out["usd_per_hour"] = o.usd_per_hour;
    out["instances"] = o.instances;
    out["break_even_rps"] = o.break_even_rps;
  }
  return j;
}

Json provisioned_json(const BookComparison& b) {
  Json j;
  j["break_even_utilisation"] = Json::object();
  for (const ProvisionedBreakEven& p : b.provisioned) {
    j["break_even_utilisation"][to_string(p.arch)] = p.utilisation;
  }
  j["functions"] = Json::object();
  for (const FunctionUtilisation& u : b.utilisation) {
    Json& out = j["functions"][u.name];
    out["mean_concurrency"] = u.mean_concurrency;
    out["peak_concurrency"] = u.peak_concurrency;
    out["utilisation_at_peak"] = u.utilisation_at_peak;
    out["provisioned_pays"] = u.provisioned_pays;
  }
  return j;
}

// A plain text table: first column left-aligned, the others right-aligned.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i == 0) {
        line += fmt::format("{:<{}}", row[i], widths[i]);
      } else {
        line += fmt::format("  {:>{}}", row[i], widths[i]);
      }
    }
    out += line + "\n";
  }
  return out;
}

std::string basis_line(const Comparison& c) {
  const BookCost& first = c.books.front().cost;
  const std::string free = first.free_tier ? "applied (--free-tier)" : "not applied";
  if (first.per_month) {
    return fmt::format(
        "One simulation ({} s, seed {}), every quantity extrapolated x{:.6g} to a {} h month; "
        "always-free tiers {}\n",
        c.simulated_seconds, c.seed, first.extrapolation, first.month_hours, free);
  }
  return fmt::format(
      "One simulation ({} s, seed {}), priced by every book; monthly tiers pro-rated to a {} h "
      "month; always-free tiers {}\n",
      c.simulated_seconds, c.seed, first.month_hours, free);
}

std::string cost_table(const Comparison& c) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"Cost (USD)"};
  for (const BookComparison& b : c.books)
    header.push_back(b.cost.book);
  rows.push_back(header);
  for (const std::string& s : c.services) {
    std::vector<std::string> row{s};
    for (std::size_t i = 0; i < c.books.size(); ++i)
      row.push_back(money(c.usd(i, s)));
    rows.push_back(row);
  }
  std::vector<std::string> total{"total"};
  for (const BookComparison& b : c.books)
    total.push_back(money(b.cost.total_usd));
  rows.push_back(total);
  return table(rows);
}

std::string differences_text(const Comparison& c) {
  std::string out;
  for (const BookComparison& b : c.books) {
    for (const std::string& note : b.cost.notes)
      out += fmt::format("  {}: {}\n", b.cost.book, note);
    if (!b.cost.unpriced.empty()) {
      out += fmt::format("  {}: not priced (cost 0 here): {}\n", b.cost.book,
                         fmt::join(b.cost.unpriced, ", "));
    }
  }
  if (out.empty()) return {};
  return "Differences (pricing never changes the simulated behaviour):\n" + out;
}

// One table for every book with always-on prices: Lambda vs the fleet, and the break-evens.
std::string always_on_text(const Comparison& c) {
  const BookComparison* first = nullptr;
  for (const BookComparison& b : c.books) {
    if (!b.always_on.options.empty()) {
      first = &b;
      break;
    }
  }
  if (first == nullptr) return {};
  const AlwaysOnComparison& a = first->always_on;
  std::string out = fmt::format(
      "Always-on, sized for the observed peak concurrency: {:.3g} vCPU, {:.3g} GB ({} x{:.0f}); "
      "{:.4g} requests/s observed, the fleet carries up to {:.4g}/s\n",
      a.fleet_vcpus, a.fleet_gb, a.options.back().name, a.options.back().instances, a.observed_rps,
      a.fleet_capacity_rps);
  std::vector<std::vector<std::string>> rows{{"book", "lambda", "per request"}};
  for (const AlwaysOnOption& o : a.options) {
    rows[0].push_back(o.name);
    rows[0].push_back("break-even req/s");
  }
  for (const BookComparison& b : c.books) {
    if (b.always_on.options.empty()) continue;
    std::vector<std::string> row{
        b.cost.book, money(c.usd(static_cast<std::size_t>(&b - c.books.data()), "lambda")),
        money(b.always_on.lambda_usd_per_request)};
    for (const AlwaysOnOption& o : b.always_on.options) {
      row.push_back(money(o.usd));
      row.push_back(fmt::format("{:.4g}", o.break_even_rps));
    }
    rows.push_back(row);
  }
  return out + table(rows);
}

std::string provisioned_text(const BookComparison& b) {
  if (b.provisioned.empty()) return {};
  std::string out = fmt::format("Provisioned concurrency ({}) pays above", b.cost.book);
  for (std::size_t i = 0; i < b.provisioned.size(); ++i) {
    out += fmt::format("{} {:.1f} % utilisation on {}", i == 0 ? "" : ",",
                       100 * b.provisioned[i].utilisation, to_string(b.provisioned[i].arch));
  }
  out += "; sized to each function's peak it would be:\n";
  for (const FunctionUtilisation& u : b.utilisation) {
    out += fmt::format("  {}: mean {:.3g} / peak {} = {:.1f} % -> {}\n", u.name, u.mean_concurrency,
                       u.peak_concurrency, 100 * u.utilisation_at_peak,
                       u.provisioned_pays ? "PC pays" : "on-demand is cheaper");
  }
  return out;
}

}  // namespace

double Comparison::usd(std::size_t book, const std::string& service) const {
  for (const ServiceCost& s : books.at(book).cost.by_service) {
    if (s.service == service) return s.usd;
  }
  return 0;
}

Comparison build_comparison(const ScenarioSpec& scenario, const RunResult& result,
                            const std::vector<PriceBook>& books, const CostOptions& options) {
  Comparison c;
  c.scenario = result.scenario;
  c.seed = result.seed;
  c.simulated_seconds = result.simulated.to_seconds();
  const std::vector<BookCost> costs = compute_costs(scenario, result, books, options);
  // The marginal price per request: no free tier, the simulated period itself.
  const std::vector<BookCost> marginal = compute_costs(scenario, result, books, CostOptions{});
  for (std::size_t i = 0; i < books.size(); ++i) {
    BookComparison b;
    b.cost = costs[i];
    b.always_on =
        compare_always_on(scenario, result, books[i], marginal[i], costs[i].extrapolation);
    b.provisioned = provisioned_break_even(books[i]);
    b.utilisation = function_utilisation(scenario, result, books[i]);
    c.books.push_back(std::move(b));
  }
  c.services = service_rows(c.books);
  return c;
}

Json comparison_json(const Comparison& c) {
  Json j;
  j["scenario"] = c.scenario;
  j["seed"] = c.seed;
  j["simulated_seconds"] = c.simulated_seconds;
  j["books"] = Json::array();
  for (const BookComparison& b : c.books)
    j["books"].push_back(b.cost.book);
  j["by_service"] = Json::object();
  for (const std::string& s : c.services) {
    for (std::size_t i = 0; i < c.books.size(); ++i)
      j["by_service"][s][c.books[i].cost.book] = c.usd(i, s);
  }
  j["total_usd"] = Json::object();
  for (const BookComparison& b : c.books)
    j["total_usd"][b.cost.book] = b.cost.total_usd;
  j["per_book"] = Json::object();
  for (const BookComparison& b : c.books) {
    Json& out = j["per_book"][b.cost.book];
    out["free_tier"] = b.cost.free_tier;
    out["per_month"] = b.cost.per_month;
    out["extrapolation"] = b.cost.extrapolation;
    out["notes"] = b.cost.notes;
    out["unpriced"] = b.cost.unpriced;
    if (!b.always_on.options.empty()) out["always_on"] = always_on_json(b.always_on);
    if (!b.provisioned.empty()) out["provisioned_concurrency"] = provisioned_json(b);
  }
  return j;
}

std::string comparison_text(const Comparison& c) {
  if (c.books.empty()) return {};
  std::string out = basis_line(c) + cost_table(c);
  const std::string differences = differences_text(c);
  if (!differences.empty()) out += "\n" + differences;
  const std::string always_on = always_on_text(c);
  if (!always_on.empty()) out += "\n" + always_on;
  // Provisioned concurrency: the first book that has it (the per-function lines would repeat).
  for (const BookComparison& b : c.books) {
    const std::string text = provisioned_text(b);
    if (text.empty()) continue;
    out += "\n" + text;
    break;
  }
  return out;
}

std::string comparison_csv(const Comparison& c) {
  std::string out = "service";
  for (const BookComparison& b : c.books)
    out += "," + b.cost.book;
  out += "\n";
  for (const std::string& s : c.services) {
    out += s;
    for (std::size_t i = 0; i < c.books.size(); ++i)
      out += fmt::format(",{:.6f}", c.usd(i, s));
    out += "\n";
  }
  out += "total";
  for (const BookComparison& b : c.books)
    out += fmt::format(",{:.6f}", b.cost.total_usd);
  return out + "\n";
}

}  // namespace slsim
