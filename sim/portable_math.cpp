// fdlibm's __ieee754_log and __ieee754_exp (Copyright (C) 1993 by Sun Microsystems, Inc.
// "Permission to use, copy, modify, and distribute this software is freely granted, provided
// that this notice is preserved."), restated with std::bit_cast instead of word macros.

#include "slsim/portable_math.hpp"

#include <bit>
#include <cstdint>
#include <limits>

namespace slsim {

namespace {

std::int32_t high_word(double x) {
  return static_cast<std::int32_t>(std::bit_cast<std::uint64_t>(x) >> 32);
}
std::uint32_t low_word(double x) {
  return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x));
}
double with_high_word(double x, std::int32_t high) {
  const std::uint64_t bits =
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(high)) << 32) | low_word(x);
  return std::bit_cast<double>(bits);
}
double from_words(std::int32_t high, std::uint32_t low) {
  return std::bit_cast<double>(
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(high)) << 32) | low);
}

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3fe62e42 fee00000
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // 0x3dea39ef 35793c76
constexpr double kTwo54 = 1.80143985094819840000e+16;  // 0x43500000 00000000

// log: polynomial coefficients of the reduced argument (fdlibm e_log.c).
constexpr double kLg1 = 6.666666666666735130e-01;  // 3FE55555 55555593
constexpr double kLg2 = 3.999999999940941908e-01;  // 3FD99999 9997FA04
constexpr double kLg3 = 2.857142874366239149e-01;  // 3FD24924 94229359
constexpr double kLg4 = 2.222219843214978396e-01;  // 3FCC71C5 1D8E78AF
constexpr double kLg5 = 1.818357216161805012e-01;  // 3FC74664 96CB03DE
constexpr double kLg6 = 1.531383769920937332e-01;  // 3FC39A09 D078C69F
constexpr double kLg7 = 1.479819860511658591e-01;  // 3FC2F112 DF3E5244

// exp (fdlibm e_exp.c).
constexpr double kOverflow = 7.09782712893383973096e+02;    // 0x40862E42 FEFA39EF
constexpr double kUnderflow = -7.45133219101941108420e+02;  // 0xc0874910 D52D3051
constexpr double kInvLn2 = 1.44269504088896338700e+00;      // 0x3ff71547 652b82fe
constexpr double kP1 = 1.66666666666666019037e-01;          // 0x3FC55555 5555553E
constexpr double kP2 = -2.77777777770155933842e-03;         // 0xBF66C16C 16BEBD93
constexpr double kP3 = 6.61375632143793436117e-05;          // 0x3F11566A AF25DE2C
constexpr double kP4 = -1.65339022054652515390e-06;         // 0xBEBBBD41 C5D26BF1
constexpr double kP5 = 4.13813679705723846039e-08;          // 0x3E663769 72BEA4D0
constexpr double kTwoM1000 = 9.33263618503218878990e-302;   // 2^-1000

}  // namespace

double portable_log(double x) {
  std::int32_t hx = high_word(x);
  const std::uint32_t lx = low_word(x);
  std::int32_t k = 0;
  if (hx < 0x00100000) {  // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | static_cast<std::int32_t>(lx)) == 0) {
      return -std::numeric_limits<double>::infinity();
    }
    if (hx < 0) return std::numeric_limits<double>::quiet_NaN();
    k -= 54;
    x *= kTwo54;  // scale a subnormal up
    hx = high_word(x);
  }
  if (hx >= 0x7ff00000) return x + x;  // inf or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  std::int32_t i = (hx + 0x95f64) & 0x100000;
  x = with_high_word(x, hx | (i ^ 0x3ff00000));  // normalise x or x/2
  k += (i >> 20);
  const double f = x - 1.0;
  const auto dk = static_cast<double>(k);
  if ((0x000fffff & (2 + hx)) < 3) {  // -2^-20 <= f < 2^-20
    if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
    const double r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - r;
    return dk * kLn2Hi - ((r - dk * kLn2Lo) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  i = hx - 0x6147a;
  const double w = z * z;
  const std::int32_t j = 0x6b851 - hx;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  i |= j;
  const double r = t2 + t1;
  if (i > 0) {
    const double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + r));
    return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
  }
  if (k == 0) return f - s * (f - r);
  return dk * kLn2Hi - ((s * (f - r) - dk * kLn2Lo) - f);
}

double portable_exp(double x) {
  const auto high = static_cast<std::uint32_t>(high_word(x));
  const int sign = static_cast<int>(high >> 31);
  const std::uint32_t hx = high & 0x7fffffff;

  if (hx >= 0x40862E42) {  // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | low_word(x)) != 0) return x + x;  // NaN
      return sign == 0 ? x : 0.0;                             // exp(+-inf) = inf, 0
    }
    if (x > kOverflow) return std::numeric_limits<double>::infinity();
    if (x < kUnderflow) return 0.0;
  }

  // Reduce: x = k ln2 + r, |r| <= 0.5 ln2, with r = hi - lo carried in two parts.
  double hi = 0;
  double lo = 0;
  int k = 0;
  if (hx > 0x3fd62e42) {    // |x| > 0.5 ln2
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2
      hi = sign == 0 ? x - kLn2Hi : x + kLn2Hi;
      lo = sign == 0 ? kLn2Lo : -kLn2Lo;
      k = 1 - sign - sign;
    } else {
      k = static_cast<int>(kInvLn2 * x + (sign == 0 ? 0.5 : -0.5));
      const double t = k;
      hi = x - t * kLn2Hi;  // exact: t * kLn2Hi has few significant bits
      lo = t * kLn2Lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {  // |x| < 2^-28
    return 1.0 + x;
  }

  const double t = x * x;
  const double c = x - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 0x1p1023;
    return y * from_words(0x3ff00000 + (k << 20), 0);
  }
  return y * from_words(0x3ff00000 + ((k + 1000) << 20), 0) * kTwoM1000;
}

}  // namespace slsim
