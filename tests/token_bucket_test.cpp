// The token bucket on exact timelines: integer refill to the microsecond, starting full,
// capped at capacity.

#include <catch2/catch.hpp>

#include <limits>

#include "slsim/error.hpp"
#include "slsim/token_bucket.hpp"

using namespace slsim;

namespace {

Time at_us(std::int64_t us) {
  return Time{us};
}
Time at_ms(std::int64_t ms) {
  return Time{ms * 1000};
}

}  // namespace

TEST_CASE("TokenBucket: 1000/10s drains 1000 at t=0, then one token per 10 ms", "[token_bucket]") {
  TokenBucket b(parse_bucket("1000/10s"));
  CHECK(b.capacity() == 1000);
  CHECK(b.available(Time::zero()) == 1000);  // starts full
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(b.try_take(Time::zero()));
  }
  CHECK_FALSE(b.try_take(Time::zero()));
  CHECK(b.available(Time::zero()) == 0);
  CHECK_FALSE(b.try_take(at_us(9'999)));
  CHECK(b.available(at_us(9'999)) == 0);
  CHECK(b.try_take(at_ms(10)));  // exactly one more token at t = 10 ms
  CHECK_FALSE(b.try_take(at_ms(10)));
  CHECK_FALSE(b.try_take(at_us(19'999)));
  CHECK(b.available(at_ms(20)) == 1);
  CHECK(b.try_take(at_ms(20)));
  // After a second without takes: 100 tokens.
  CHECK(b.available(at_ms(1020)) == 100);
}

TEST_CASE("TokenBucket: refill is capped at capacity", "[token_bucket]") {
  TokenBucket b(10, parse_rate("1/s"));
  CHECK(b.available(Time::zero()) == 10);
  CHECK(b.available(at_ms(3'600'000)) == 10);  // an hour later, still 10
  for (int i = 0; i < 10; ++i) {
    REQUIRE(b.try_take(at_ms(3'600'000)));
  }
  CHECK_FALSE(b.try_take(at_ms(3'600'000)));
  CHECK(b.available(at_ms(3'600'000 + 999)) == 0);
  CHECK(b.available(at_ms(3'601'000)) == 1);
}

TEST_CASE("TokenBucket: a fractional rate refills exactly", "[token_bucket]") {
  // 0.0019 tokens/s: the next token after t = 0 is due at 1e6 / 1.9e-3 us = 526,315,789.47 us,
  // so it is there at 526,315,790 us and not one microsecond earlier.
  TokenBucket b(1, parse_rate("0.0019/s"));
  REQUIRE(b.try_take(Time::zero()));
  CHECK(b.available(at_us(526'315'789)) == 0);
  CHECK(b.available(at_us(526'315'790)) == 1);
}

TEST_CASE("TokenBucket: 3/10s releases token k at ceil(k * 10 s / 3)", "[token_bucket]") {
  // Capacity 2, emptied at t = 0, and each token taken as soon as it exists: the level stays
  // below the cap, so no refill is lost and token k exists exactly when k * (10 s / 3) of
  // refill has accumulated.
  TokenBucket b(2, parse_rate("3/10s"));
  REQUIRE(b.try_take(Time::zero()));
  REQUIRE(b.try_take(Time::zero()));
  for (std::int64_t k = 1; k <= 3000; ++k) {
    const std::int64_t due = (k * 10'000'000 + 2) / 3;  // ceil(k * 1e7 / 3)
    INFO("token " << k << " due at " << due << " us");
    REQUIRE_FALSE(b.try_take(at_us(due - 1)));
    REQUIRE(b.try_take(at_us(due)));
  }
}

TEST_CASE("TokenBucket: refill beyond the cap is lost, even a fraction of a token",
          "[token_bucket]") {
  // Capacity 1 at 3/10s: the first token returns at 3,333,334 us with 2e-7 of a token to
  // spare, which the cap discards, so the second is due 3,333,334 us later, not at 6,666,667.
  TokenBucket b(1, parse_rate("3/10s"));
  REQUIRE(b.try_take(Time::zero()));
  CHECK_FALSE(b.try_take(at_us(3'333'333)));
  CHECK(b.try_take(at_us(3'333'334)));
  CHECK_FALSE(b.try_take(at_us(6'666'667)));
  CHECK(b.try_take(at_us(6'666'668)));
}

TEST_CASE("TokenBucket: 3000/min gives one token per 20 ms", "[token_bucket]") {
  TokenBucket b(1, parse_rate("3000/min"));
  REQUIRE(b.try_take(Time::zero()));
  for (std::int64_t k = 1; k <= 100; ++k) {
    REQUIRE_FALSE(b.try_take(at_us(k * 20'000 - 1)));
    REQUIRE(b.try_take(at_us(k * 20'000)));
  }
}

TEST_CASE("TokenBucket: an earlier time adds nothing", "[token_bucket]") {
  TokenBucket b(5, parse_rate("1/s"));
  for (int i = 0; i < 5; ++i) {
    REQUIRE(b.try_take(Time::zero()));
  }
  CHECK(b.available(at_ms(2500)) == 2);
  CHECK(b.available(at_ms(1000)) == 2);  // going back neither refills nor removes
  CHECK(b.try_take(at_ms(1000)));
  CHECK(b.available(at_ms(2500)) == 1);  // time stayed at 2.5 s
  CHECK(b.available(at_ms(3000)) == 2);
}

TEST_CASE("TokenBucket: zero capacity or zero rate never refills beyond the start",
          "[token_bucket]") {
  TokenBucket empty;
  CHECK(empty.capacity() == 0);
  CHECK_FALSE(empty.try_take(Time::zero()));
  CHECK_FALSE(empty.try_take(at_ms(3'600'000)));

  TokenBucket no_capacity(0, parse_rate("1000/s"));
  CHECK_FALSE(no_capacity.try_take(at_ms(1000)));

  TokenBucket no_refill(2, parse_rate("0/s"));
  CHECK(no_refill.try_take(Time::zero()));
  CHECK(no_refill.try_take(Time::zero()));
  CHECK_FALSE(no_refill.try_take(at_ms(3'600'000)));
}

TEST_CASE("TokenBucket: a non-positive period or negative capacity is an internal error",
          "[token_bucket]") {
  CHECK_THROWS_AS(TokenBucket(1, Rate{kNano, Duration{0}}), InternalError);
  CHECK_THROWS_AS(TokenBucket(-1, parse_rate("1/s")), InternalError);
  CHECK_THROWS_AS(TokenBucket(1, Rate{-1, Duration::seconds(1)}), InternalError);
}

TEST_CASE("TokenBucket: huge times and rates do not overflow", "[token_bucket]") {
  TokenBucket b(1000, Rate{9'223'372'036 * kNano, Duration{1}});
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(b.try_take(Time::zero()));
  }
  CHECK(b.available(Time{std::numeric_limits<std::int64_t>::max()}) == 1000);
}
