// DeepCopyPtr<T>: an owning pointer whose copies copy the object, so a class
// that keeps members on the heap (allocators built at start-up) keeps its
// implicit copy constructor. Moves move the pointer.
#ifndef KDUAL_ENGINE_BASE_DEEP_COPY_PTR_H_
#define KDUAL_ENGINE_BASE_DEEP_COPY_PTR_H_

#include <memory>

namespace kdual {

template <class T>
class DeepCopyPtr {
 public:
  DeepCopyPtr() = default;
  DeepCopyPtr(std::unique_ptr<T> p) : p_(std::move(p)) {}  // NOLINT: converts like unique_ptr
  DeepCopyPtr(const DeepCopyPtr& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
  DeepCopyPtr& operator=(const DeepCopyPtr& other) {
    if (this != &other) p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
    return *this;
  }
  DeepCopyPtr(DeepCopyPtr&&) noexcept = default;
  DeepCopyPtr& operator=(DeepCopyPtr&&) noexcept = default;

  T* get() const { return p_.get(); }
  T& operator*() const { return *p_; }
  T* operator->() const { return p_.get(); }
  explicit operator bool() const { return p_ != nullptr; }
  void reset() { p_.reset(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace kdual

#endif  // KDUAL_ENGINE_BASE_DEEP_COPY_PTR_H_
