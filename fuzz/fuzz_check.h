// How a fuzz target reports a broken invariant: the message on stderr, then
// abort(), which libFuzzer and the replay main both treat as a crash.
#ifndef KDUAL_FUZZ_FUZZ_CHECK_H_
#define KDUAL_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

namespace kdual::fuzz {

[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
  std::abort();
}

inline void Hold(const std::string& failure) {
  if (!failure.empty()) Fail(failure);
}

}  // namespace kdual::fuzz

#define KDUAL_FUZZ_CHECK(cond, what)                                      \
  do {                                                                    \
    if (!(cond)) ::kdual::fuzz::Fail(std::string(what) + " [" #cond "]"); \
  } while (0)

#endif  // KDUAL_FUZZ_FUZZ_CHECK_H_
