// The explain trace, what `kdual explain` prints: the decisions the engine
// takes while answering a request, in order, as a person tracing the API
// server's source would note them ("ipFamilyPolicy unset: SingleStack,
// because ..."). Collected only while a TraceScope is open on the thread;
// otherwise KDUAL_TRACE costs one thread-local load.
#ifndef KDUAL_ENGINE_BASE_EXPLAIN_TRACE_H_
#define KDUAL_ENGINE_BASE_EXPLAIN_TRACE_H_

#include <string>
#include <utility>
#include <vector>

namespace kdual {

struct TraceEntry {
  std::string where;  // the Go function or file the decision comes from
  std::string what;   // the decision and why
};

class TraceScope {
 public:
  explicit TraceScope(std::vector<TraceEntry>* sink) : previous_(current_), sink_(sink) {
    current_ = this;
  }
  ~TraceScope() { current_ = previous_; }
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

  static bool Active() { return current_ != nullptr; }
  static void Note(std::string where, std::string what) {
    if (current_ != nullptr) current_->sink_->push_back({std::move(where), std::move(what)});
  }

 private:
  static inline thread_local TraceScope* current_ = nullptr;
  TraceScope* previous_;
  std::vector<TraceEntry>* sink_;
};

}  // namespace kdual

// The text is built only when tracing: KDUAL_TRACE("alloc.go", "x " + y).
#define KDUAL_TRACE(where, what)                                                   \
  do {                                                                             \
    if (::kdual::TraceScope::Active()) ::kdual::TraceScope::Note((where), (what)); \
  } while (0)

#endif  // KDUAL_ENGINE_BASE_EXPLAIN_TRACE_H_
