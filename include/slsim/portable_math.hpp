#pragma once
// log and exp computed with IEEE double +, -, *, / only, so that every random draw is the
// same bit pattern on every machine. glibc picks its log/exp implementation at run time by
// CPU (an FMA variant where the CPU has FMA), and those variants may differ in the last bit
// in rare cases: a run would then not be a pure function of (scenario, seed) across machines.
// These are the fdlibm algorithms (Sun Microsystems, 1993; as kept in FreeBSD msun
// e_log.c and e_exp.c): error below 1 ulp. Together with -ffp-contract=off and SSE2
// arithmetic (no -march=native, no -ffast-math) draws are identical everywhere.
// std::sqrt needs no replacement: IEEE 754 requires it to be correctly rounded.

namespace slsim {

// Natural logarithm. log(0) = -inf, log(x < 0) = NaN, log(inf) = inf, log(NaN) = NaN.
double portable_log(double x);
// e^x. Overflows to inf above ~709.78 and underflows to 0 below ~-745.13.
double portable_exp(double x);

}  // namespace slsim
