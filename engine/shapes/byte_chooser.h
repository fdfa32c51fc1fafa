// A chooser (see shapes.h) that reads a fuzzer's bytes, in the manner of
// libFuzzer's FuzzedDataProvider: each choice takes as few bytes as its range
// needs, and once the bytes run out every choice is 0, the plainest option.
// Written here rather than taken from <fuzzer/FuzzedDataProvider.h> so that
// the replay build with gcc, which has no such header, compiles the same code.
#ifndef KDUAL_ENGINE_TESTING_BYTE_CHOOSER_H_
#define KDUAL_ENGINE_TESTING_BYTE_CHOOSER_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace kdual::shapes {

class ByteChooser {
 public:
  ByteChooser(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // A number in [0, n); n of 0 or 1 takes no byte.
  uint64_t Below(uint64_t n) {
    if (n <= 1) return 0;
    uint64_t v = 0;
    for (uint64_t span = n - 1; span > 0 && pos_ < size_; span >>= 8) v = (v << 8) | data_[pos_++];
    return v % n;
  }

  // Up to max_len bytes: a length byte, then the bytes themselves.
  std::string Text(size_t max_len) {
    size_t len = static_cast<size_t>(Below(max_len + 1));
    if (len > size_ - pos_) len = size_ - pos_;
    std::string out(reinterpret_cast<const char*>(data_ + pos_), len);
    pos_ += len;
    return out;
  }

  bool exhausted() const { return pos_ >= size_; }
  size_t remaining() const { return size_ - pos_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace kdual::shapes

#endif  // KDUAL_ENGINE_TESTING_BYTE_CHOOSER_H_
